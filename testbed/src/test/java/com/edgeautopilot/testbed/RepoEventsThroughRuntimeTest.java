package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.testbed.handlers.EventEchoHandlers;
import com.edgeautopilot.testbed.handlers.SqsBatchFailuresHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every sample in the repository's {@code events/} whose shape maps to an aws-lambda-java-events type goes through
 * the real runtime interface client into a handler of that type; what the handler saw must equal the raw JSON.
 * One warm function process per event type keeps it fast.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class RepoEventsThroughRuntimeTest {

    enum Kind {
        SQS(SqsBatchFailuresHandler.class.getName()),
        S3(EventEchoHandlers.S3Keys.class.getName()),
        SNS(EventEchoHandlers.SnsMessageIds.class.getName()),
        EVENTBRIDGE(EventEchoHandlers.EventBridgeEnvelope.class.getName());

        final String handler;

        Kind(String handler) {
            this.handler = handler;
        }
    }

    private static final Map<Kind, FunctionProcess> PROCESSES = new EnumMap<>(Kind.class);

    @AfterAll
    static void stopProcesses() {
        PROCESSES.values().forEach(FunctionProcess::close);
    }

    private static synchronized FunctionProcess process(Kind kind) {
        return PROCESSES.computeIfAbsent(kind, k -> LambdaRuntimeHarness.create().functionName("events-" + k.name().toLowerCase())
                .start(k.handler, Map.of()));
    }

    @TestFactory
    Stream<DynamicTest> everySampleEventDeserializesThroughTheRuntime() throws IOException {
        Path events;
        try {
            events = RepoPaths.eventsDir();
        } catch (IllegalStateException noRepo) {
            events = null;
        }
        assumeTrue(events != null && Files.isDirectory(events), "no events/ folder in the repository yet");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(events)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            Map<String, Object> json = parse(file);
            Kind kind = kindOf(json);
            if (kind != null) {
                tests.add(DynamicTest.dynamicTest(events.relativize(file) + " as " + kind, () -> check(kind, file, json)));
            }
        }
        assumeTrue(!tests.isEmpty(), "no SQS, S3, SNS or EventBridge samples in events/ yet");
        return tests.stream();
    }

    private static void check(Kind kind, Path file, Map<String, Object> json) throws IOException {
        String text = Files.readString(file);
        Invocation result = process(kind).invoke(text);
        Object seen = JSON.std.anyFrom(result.assertSucceeded());
        Object expected = switch (kind) {
            case SQS -> Map.of("batchItemFailures", records(json).stream()
                    .map(r -> Map.of("itemIdentifier", r.get("messageId"))).toList());
            case S3 -> records(json).stream().map(r -> at(r, "s3", "object", "key")).toList();
            case SNS -> records(json).stream().map(r -> at(r, "Sns", "MessageId")).toList();
            case EVENTBRIDGE -> Map.of("id", json.get("id"), "detail-type", json.get("detail-type"), "source", json.get("source"),
                    "detailKeys", json.get("detail") instanceof Map<?, ?> detail ? detail.size() : -1);
        };
        if (kind != Kind.EVENTBRIDGE) {
            assertFalse(records(json).isEmpty(), file + " has no records");
        }
        assertEquals(expected, seen, file + " as the runtime deserialized it" + result.logs());
    }

    private static Kind kindOf(Map<String, Object> json) {
        List<Map<String, Object>> records = records(json);
        if (!records.isEmpty()) {
            Map<String, Object> first = records.get(0);
            if ("aws:sqs".equals(first.get("eventSource"))) {
                return Kind.SQS;
            }
            if ("aws:s3".equals(first.get("eventSource"))) {
                return Kind.S3;
            }
            if ("aws:sns".equals(first.get("EventSource"))) {
                return Kind.SNS;
            }
            return null;
        }
        return json.containsKey("detail-type") && json.containsKey("source") ? Kind.EVENTBRIDGE : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(Map<String, Object> json) {
        return json.get("Records") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    private static Map<String, Object> parse(Path file) {
        try {
            Object value = JSON.std.anyFrom(Files.readString(file));
            @SuppressWarnings("unchecked")
            Map<String, Object> map = value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
