package com.edgeautopilot.cli;

import com.edgeautopilot.common.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@link Main} in process with captured streams, as the tests' one way into the CLI. */
public record CliRun(int exit, String out, String err) {

    /** The process environment without AWS_ENDPOINT_URL* (so the embedded stand-ins are used), plus {@code extra}. */
    public static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("AWS_ENDPOINT_URL") || k.equals("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
        env.putAll(extra);
        return env;
    }

    public static CliRun run(String... args) {
        return run("", env(Map.of()), args);
    }

    public static CliRun run(String stdin, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, env);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** stdout as JSON lines. */
    public List<Map<String, Object>> jsonLines() {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(Json.parseObject(line));
            }
        }
        return lines;
    }

    public Map<String, Object> json() {
        return Json.parseObject(out);
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + abbreviate(out) + "\n--- stderr\n" + abbreviate(err);
    }

    private static String abbreviate(String s) {
        return s.length() < 6000 ? s : s.substring(0, 3000) + "\n…\n" + s.substring(s.length() - 3000);
    }
}
