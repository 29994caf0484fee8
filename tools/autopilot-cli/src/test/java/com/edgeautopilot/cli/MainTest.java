package com.edgeautopilot.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    @Test
    void helpListsEveryCommand() {
        CliRun run = CliRun.run("--help");
        assertEquals(0, run.exit(), run::toString);
        for (String command : new String[]{"demo", "replay", "plan", "policy check"}) {
            assertTrue(run.out().contains("  " + command), command + " missing from\n" + run.out());
        }
    }

    @Test
    void noArgumentsIsAUsageError() {
        CliRun run = CliRun.run();
        assertEquals(2, run.exit(), run::toString);
        assertTrue(run.out().contains("Usage: ./autopilot"));
    }

    @Test
    void everyCommandHasItsOwnHelp() {
        for (String command : new String[]{"demo", "replay", "plan", "policy"}) {
            CliRun run = CliRun.run(command, "--help");
            assertEquals(0, run.exit(), run::toString);
            assertTrue(run.out().startsWith("Usage: ./autopilot " + command), run.out());
            CliRun viaHelp = CliRun.run("help", command);
            assertEquals(run.out(), viaHelp.out());
        }
    }

    @Test
    void unknownCommandAndOptionAreUsageErrors() {
        CliRun unknown = CliRun.run("deploy");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("unknown command 'deploy'"), unknown::toString);
        CliRun option = CliRun.run("plan", "--distribution", "E2QWRUHAPOMQZL", "--bucket", "b-1", "--frobnicate");
        assertEquals(2, option.exit());
        assertTrue(option.err().contains("unknown option --frobnicate"), option::toString);
    }
}
