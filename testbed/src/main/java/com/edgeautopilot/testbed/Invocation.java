package com.edgeautopilot.testbed;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * What one invocation through {@link LambdaRuntimeHarness} produced.
 *
 * @param outcome      how it ended
 * @param requestId    the request ID the runtime saw
 * @param response     the response payload (JSON as the runtime serialized it) on {@link Outcome#SUCCESS}, else null
 * @param errorJson    the error payload the runtime posted ({@code errorMessage}, {@code errorType}, {@code stackTrace})
 *                     on {@link Outcome#FUNCTION_ERROR} / {@link Outcome#INIT_ERROR}, else null
 * @param errorType    {@code errorType} of the error (or the {@code Lambda-Runtime-Function-Error-Type} header), else a
 *                     harness description for TIMEOUT / RUNTIME_EXITED
 * @param errorMessage {@code errorMessage} of the error, or the harness's explanation
 * @param stdout       the child JVM's standard output (the runtime's log lines included)
 * @param stderr       the child JVM's standard error
 * @param duration     from enqueuing the event to the outcome (includes JVM start and init for a cold start)
 */
public record Invocation(Outcome outcome, String requestId, String response, String errorJson, String errorType,
                         String errorMessage, String stdout, String stderr, Duration duration) {

    public enum Outcome {
        /** The handler returned; {@link #response()} holds the payload. */
        SUCCESS,
        /**
         * The runtime posted to {@code /invocation/{id}/error}: the handler threw, the event could not be read, or
         * the handler class does not exist (the runtime reports {@code java.lang.ClassNotFoundException} at the
         * first invocation, not at init).
         */
        FUNCTION_ERROR,
        /** The runtime posted to {@code /init/error}: the handler's constructor or static initializer threw. */
        INIT_ERROR,
        /** No answer within the function timeout; the child was killed, as Lambda would. */
        TIMEOUT,
        /** The child JVM exited without answering. */
        RUNTIME_EXITED
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }

    /** The response payload; throws an {@link AssertionError} with the error, stdout and stderr when not successful. */
    public String assertSucceeded() {
        if (!succeeded()) {
            throw new AssertionError("Lambda invocation did not succeed: " + this + logs());
        }
        return response;
    }

    /** Parses {@link #response()} as a JSON object (fails when it is not one). */
    public Map<String, Object> responseObject() {
        return parseObject(assertSucceeded());
    }

    /** The run's logs, for failure messages: the last 60 lines of stdout and stderr. */
    public String logs() {
        return "\n--- stdout (tail) ---\n" + tail(stdout, 60) + "\n--- stderr (tail) ---\n" + tail(stderr, 60);
    }

    static Map<String, Object> parseObject(String json) {
        try {
            return JSON.std.mapFrom(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
    }

    private static String tail(String text, int lines) {
        if (text == null || text.isEmpty()) {
            return "(empty)";
        }
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }

    @Override
    public String toString() {
        return switch (outcome) {
            case SUCCESS -> "SUCCESS in " + duration.toMillis() + " ms: " + abbreviate(response);
            default -> outcome + " in " + duration.toMillis() + " ms: " + errorType + ": " + errorMessage;
        };
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 500 ? String.valueOf(text) : text.substring(0, 500) + "...";
    }
}
