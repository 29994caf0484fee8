package com.edgeautopilot.cli.replay;

import com.edgeautopilot.cli.CliRun;
import com.edgeautopilot.cli.functions.Functions;
import com.edgeautopilot.cli.functions.LocalFunction;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay --help} names every function replay can route an event to (the list {@link Functions} routes over), with
 * the shapes each one recognises; and those shape names are the ones routing actually reports.
 */
class ReplayHelpTest {

    @Test
    void helpNamesEveryFunctionReplayRoutesEventsTo() {
        CliRun run = CliRun.run("replay", "--help");
        assertEquals(0, run.exit(), run::toString);
        for (LocalFunction function : Functions.all()) {
            assertTrue(run.out().contains("  " + function.name() + " "), function.name() + " missing from replay --help:\n" + run.out());
        }
    }

    @Test
    void helpDescribesEveryShapeEachFunctionRecognises() {
        String help = CliRun.run("replay", "--help").out();
        for (LocalFunction function : Functions.all()) {
            assertFalse(function.shapes().isEmpty(), function.name());
            int at = help.indexOf("  " + function.name() + " ");
            for (LocalFunction.Shape shape : function.shapes()) {
                assertTrue(help.indexOf("      " + shape.name() + ": " + shape.howToTell(), at) > at,
                        function.name() + ": shape '" + shape.name() + "' not listed under it in replay --help:\n" + help);
            }
        }
    }

    /** What routing reports for every sample event begins with a shape name its function declares (so help cannot drift). */
    @Test
    void everySampleEventIsReportedAsAShapeItsFunctionDeclares() throws IOException {
        List<Path> samples;
        try (Stream<Path> files = Files.walk(RepoPaths.eventsDir())) {
            samples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(samples.size() > 40, "sample events found: " + samples.size());
        for (Path sample : samples) {
            Functions.Match match = Functions.forEvent(Json.parseObject(Files.readString(sample)), sample.toString());
            List<String> declared = match.function().shapes().stream().map(LocalFunction.Shape::name).toList();
            assertTrue(declared.stream().anyMatch(match.shape()::startsWith),
                    sample + ": routed to " + match.function().name() + " as '" + match.shape() + "', which none of its declared shapes "
                            + declared + " names");
        }
    }
}
