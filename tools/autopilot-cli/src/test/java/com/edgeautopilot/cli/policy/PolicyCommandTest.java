package com.edgeautopilot.cli.policy;

import com.edgeautopilot.cli.CliRun;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyCommandTest {

    @Test
    void theRepositoryPolicyIsValid() {
        Path policy = RepoPaths.root().resolve("functions/edge-geo-router/policy.json");
        CliRun run = CliRun.run("policy", "check", policy.toString());
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.out().contains("valid"), run.out());
    }

    @Test
    void aBrokenPolicyFailsWithItsProblems(@TempDir Path dir) throws IOException {
        Path policy = Files.writeString(dir.resolve("policy.json"),
                "{\"version\":1,\"hosts\":[\"www.example.com\"],\"mode\":\"block\",\"countries\":[\"XX\"],\"status\":301,\"rules\":[]}");
        CliRun run = CliRun.run("policy", "check", policy.toString(), "--no-size");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.out().contains("problem"), run.out());
    }

    @Test
    void usage() {
        assertEquals(2, CliRun.run("policy", "check").exit());
        assertEquals(2, CliRun.run("policy", "lint", "x.json").exit());
        assertEquals(2, CliRun.run("policy").exit());
    }
}
