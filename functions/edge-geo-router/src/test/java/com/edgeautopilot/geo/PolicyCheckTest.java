package com.edgeautopilot.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyCheckTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PolicyCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theShippedPolicyIsValid() {
        assertEquals(0, run(TestFiles.MODULE.resolve("policy.json").toString()), err::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("valid (rendered function "), out::toString);
    }

    @Test
    void anInvalidPolicyPrintsEachProblemAndExitsOne(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("policy.json");
        Files.writeString(bad, TestFiles.shippedPolicy().replace("\"status\": 302", "\"status\": 301")
                .replace("\"to\": \"https://de.example.com\" }", "\"to\": \"http://de.example.com\" }"));
        assertEquals(1, run(bad.toString(), "--no-size"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("status: 301 is a permanent redirect"), printed);
        assertTrue(printed.contains("rules[0].to: \"http://de.example.com\": redirect target must use https"), printed);
    }

    @Test
    void usageAndReadErrorsExitTwo(@TempDir Path dir) {
        assertEquals(2, run());
        assertEquals(2, run("a.json", "b.json"));
        assertEquals(2, run(dir.resolve("missing.json").toString(), "--no-size"));
    }
}
