package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.common.Json;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The edge geo router, a CloudFront Function (JavaScript): run by {@code node functions/edge-geo-router/run.mjs}, which
 * renders it with policy.json and calls its handler the way CloudFront does. No AWS calls, no network.
 */
public final class EdgeRouterFunction implements LocalFunction {

    public static final String NAME = "edge-geo-router";
    public static final String LOGICAL_ID = "EdgeGeoRouterFunction";
    static final String RUNNER = "functions/edge-geo-router/run.mjs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> aliases() {
        return List.of(LOGICAL_ID, "geo-router");
    }

    @Override
    public Set<String> awsServices() {
        return Set.of();
    }

    @Override
    public String recognise(Map<String, Object> event) {
        String type = Json.string(event, "context", "eventType");
        if (("viewer-request".equals(type) || "viewer-response".equals(type)) && Json.object(event, "request") != null) {
            return "CloudFront Functions " + type + " event";
        }
        return null;
    }

    @Override
    public List<Shape> shapes() {
        return List.of(new Shape("CloudFront Functions viewer-request event", "context.eventType viewer-request, with a request; runs on node"),
                new Shape("CloudFront Functions viewer-response event", "context.eventType viewer-response, with a request"));
    }

    /** The result of one run: what the function returned (parsed) and run.mjs's one-line summary. */
    public record Result(Map<String, Object> returned, String summary) {
    }

    /** Runs the function on an event file. */
    public static Result run(Path repoRoot, Path eventFile) {
        Path runner = repoRoot.resolve(RUNNER);
        if (!Files.isRegularFile(runner)) {
            throw CliException.failure("the geo router's runner " + runner + " is missing");
        }
        List<String> command = List.of(node(), runner.toString(), eventFile.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).directory(repoRoot.toFile()).start();
        } catch (IOException e) {
            throw CliException.failure("cannot run node (" + e.getMessage() + "); the edge function needs Node.js >= 20 on the PATH");
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] stdout = readAll(process.getInputStream());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw CliException.failure("node " + RUNNER + " did not finish within 30 s");
            }
            String err = new String(stderr.join(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw CliException.failure("node " + RUNNER + " " + eventFile + " failed (exit " + process.exitValue() + "): " + err);
            }
            String out = new String(stdout, StandardCharsets.UTF_8);
            return new Result(Json.parseObject(out), err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw CliException.failure("interrupted while running node");
        } catch (IOException e) {
            throw CliException.failure("cannot run node: " + e.getMessage());
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static String node() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "node"))) {
                    return Path.of(dir, "node").toString();
                }
            }
        }
        throw CliException.failure("node is not on the PATH; the edge geo router (a CloudFront Function) runs on Node.js >= 20 locally");
    }

    /** Whether node is available (the demo skips the edge scene with a note when it is not). */
    public static Optional<String> nodeProblem() {
        try {
            node();
            return Optional.empty();
        } catch (CliException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Prepared prepare(Setup setup) {
        Path root = setup.repoRoot();
        return new Prepared() {
            @Override
            public Map<String, String> environment() {
                return Map.of();
            }

            @Override
            public String invoke(String eventJson, LocalContext context) throws Exception {
                Path file = Files.createTempFile("edge-autopilot-viewer-event", ".json");
                try {
                    Files.writeString(file, eventJson, StandardCharsets.UTF_8);
                    Result result = run(root, file);
                    setup.logs().println(result.summary());
                    return Json.write(result.returned());
                } finally {
                    Files.deleteIfExists(file);
                }
            }

            @Override
            public String functionName() {
                return "edge-autopilot-geo-router";
            }
        };
    }

    /** A one-line decision for people: "redirect 302 → https://de.example.com/...", "blocked 403", "pass". */
    public static String decision(Map<String, Object> returned) {
        Object status = returned.get("statusCode");
        if (status != null) {
            String location = Json.string(returned, "headers", "location", "value");
            int code = status instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(status));
            if (location != null) {
                return "redirect " + code + " → " + location;
            }
            return (code == 403 ? "blocked " : "respond ") + code;
        }
        return "pass to origin";
    }
}
