package com.edgeautopilot.testbed.bench;

import com.edgeautopilot.testbed.FunctionProcess;
import com.edgeautopilot.testbed.Invocation;
import com.edgeautopilot.testbed.LambdaRuntimeHarness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One cold start the way Lambda does it: a fresh child JVM (Lambda's java21 flags, heap from the memory size) runs
 * the runtime interface client against the test bed's Runtime API on loopback, the first event is queued at once,
 * and the times come from the Runtime API: init ends when the runtime first asks for an event ({@code /next}: JVM
 * start, handler constructed, and with SnapStart the {@code beforeCheckpoint} hooks), the first invocation when it
 * posts the answer. Classes loaded are counted from {@code -Xlog:class+load}.
 */
final class ColdStart {

    /** One run's numbers; {@code error} is null when the first invocation succeeded. */
    record Run(double initMs, double firstInvocationMs, double totalMs, int classes, int sdkModelClasses, int regionClasses,
               String error) {
    }

    private ColdStart() {
    }

    static Run run(LambdaRuntimeHarness harness, String handler, String event, Map<String, String> env, Path classLog) {
        try {
            Files.createDirectories(classLog.getParent());
            Files.deleteIfExists(classLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LambdaRuntimeHarness logging = harness.jvmOptions("-Xlog:class+load=info:file=" + classLog.toAbsolutePath());
        Invocation first;
        long started;
        long dispatched;
        long answered;
        try (FunctionProcess process = logging.start(handler, env)) {
            first = process.invoke(event);
            started = process.startedAtNanos();
            dispatched = process.lastDispatchedAtNanos();
            answered = process.lastAnsweredAtNanos();
        }
        List<String> lines = classLines(classLog);
        String error = first.succeeded() ? null
                : first.outcome() + " " + first.errorType() + ": " + first.errorMessage() + " (logs in the bench output folder)";
        if (first.succeeded() && (dispatched == 0 || answered == 0)) {
            error = "the Runtime API recorded no dispatch or answer time";
        }
        return new Run(millis(dispatched - started), millis(answered - dispatched), millis(answered - started), lines.size(),
                (int) lines.stream().filter(ColdStart::isServiceModel).count(),
                (int) lines.stream().filter(line -> line.contains(" software.amazon.awssdk.regions.")).count(),
                error);
    }

    static boolean isServiceModel(String classLoadLine) {
        int at = classLoadLine.indexOf(" software.amazon.awssdk.services.");
        return at >= 0 && classLoadLine.indexOf(".model.", at) > 0;
    }

    private static List<String> classLines(Path classLog) {
        try {
            return Files.exists(classLog) ? Files.readAllLines(classLog) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classLog + ": " + e, e);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
