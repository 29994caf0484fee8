package com.edgeautopilot.cli.policy;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.cli.Command;
import com.edgeautopilot.cli.Io;
import com.edgeautopilot.cli.Repo;
import com.edgeautopilot.geo.PolicyCheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./autopilot policy check FILE}: the edge geo router's policy validator ({@link PolicyCheck}), run through its
 * public entry point ({@code main}) in a child JVM on this JVM's classpath, so its exit status is reported as is.
 */
public final class PolicyCommand implements Command {

    @Override
    public String name() {
        return "policy";
    }

    @Override
    public String summary() {
        return "Validate an edge geo router policy (functions/edge-geo-router/policy.json) before it is rendered and deployed";
    }

    @Override
    public String help() {
        return """
                Usage: ./autopilot policy check FILE [--no-size]

                Validates a geo router policy with the project's validator (com.edgeautopilot.geo.PolicyCheck): ISO
                country codes, https redirect targets on declared hosts, no redirect cycles, exempt patterns, 302/307
                only, and the rendered CloudFront Function under 10 KB (--no-size skips that last check).
                Prints each problem on its own line. Exit status: 0 valid, 1 problems found, 2 usage or read error.

                Example: ./autopilot policy check functions/edge-geo-router/policy.json
                """;
    }

    @Override
    public int run(List<String> args, Io io) throws Exception {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            io.out().print(help());
            return args.isEmpty() ? CliException.USAGE : 0;
        }
        if (!args.get(0).equals("check")) {
            throw CliException.usage("policy: unknown subcommand '" + args.get(0) + "' (only: policy check FILE)");
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.stream().noneMatch(a -> !a.startsWith("-"))) {
            throw CliException.usage("policy check: give the policy FILE (e.g. functions/edge-geo-router/policy.json)");
        }
        Path root = Repo.root();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dedgeautopilot.repoRoot=" + root);
        command.add(PolicyCheck.class.getName());
        command.addAll(rest);
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        CompletableFuture<Void> err = CompletableFuture.runAsync(() -> copy(process.getErrorStream(), io.err()));
        copy(process.getInputStream(), io.out());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw CliException.failure("the policy validator did not finish within 60 s");
        }
        err.join();
        return process.exitValue();
    }

    private static void copy(InputStream in, PrintStream out) {
        try (in) {
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            out.println("(output lost: " + e.getMessage() + ")");
        }
    }
}
