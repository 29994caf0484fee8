package com.edgeautopilot.common.events;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one classifier on every sample in {@code events/} (the edge function's viewer events excepted). */
class EventShapesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "sqs/eventbridge-object-created.json, SqsBatch",
            "sqs/mixed-batch.json, SqsBatch",
            "sqs/malformed-body.json, SqsBatch",
            "s3-notification/put.json, S3Notification",
            "s3-notification/test-event.json, S3Notification",
            "eventbridge/object-created-put.json, EventBridgeEvent",
            "eventbridge/object-deleted-lifecycle-expiration.json, EventBridgeEvent",
            "cloudwatch-alarm/sns-alarm.json, SnsBatch",
            "cloudwatch-alarm/eventbridge-alarm.json, EventBridgeEvent",
            "cloudwatch-alarm/lambda-action-alarm.json, AlarmAction",
            "cloudwatch-alarm/lambda-action-ok.json, AlarmAction",
            "budgets/sns-actual.json, SnsBatch",
            "cost-anomaly/sns-anomaly.json, SnsBatch",
            "cost-anomaly/eventbridge-anomaly-detected.json, EventBridgeEvent",
            "invalidation-usage/sns-usage-threshold.json, SnsBatch",
            "schedule/coalescer-flush.json, ScheduledTick",
            "schedule/cost-digest.json, ScheduledTick",
    })
    void samplesHaveTheirShape(String sample, String shape) {
        EventShape classified = EventShapes.classify(Json.parseObject(RepoPaths.event(sample)));
        assertEquals(shape, classified.getClass().getSimpleName(), sample + " -> " + classified);
    }

    @Test
    void everySampleOutsideTheEdgeFolderIsRecognised() throws IOException {
        try (Stream<Path> files = Files.walk(RepoPaths.eventsDir())) {
            List<Path> samples = files.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !RepoPaths.eventsDir().relativize(p).startsWith("edge")).toList();
            assertFalse(samples.isEmpty());
            for (Path sample : samples) {
                EventShape shape = EventShapes.classify(Json.parseObject(RepoPaths.read(sample)));
                assertFalse(shape instanceof EventShape.Unrecognized, sample + " -> " + shape);
            }
        }
    }

    @Test
    void schedulesAreToldApartByTheirRuleNotByDetailType() {
        EventShape.ScheduledTick flush = (EventShape.ScheduledTick) EventShapes.classify(Json.parseObject(RepoPaths.event("schedule/coalescer-flush.json")));
        EventShape.ScheduledTick digest = (EventShape.ScheduledTick) EventShapes.classify(Json.parseObject(RepoPaths.event("schedule/cost-digest.json")));
        assertEquals("edge-autopilot-coalescer-flush", flush.ruleName());
        assertTrue(flush.isTick("coalescer-flush"));
        assertFalse(flush.isTick("cost-digest"));
        assertTrue(digest.isTick("cost-digest"));
        assertFalse(digest.isTick("coalescer-flush"));
        assertFalse(digest.isTick("ost-digest"), "a tick name matches whole dash-separated parts of the rule name");
        assertEquals("2026-11-21T08:00:00Z", digest.time());
    }

    @Test
    void ruleOnACustomBusAndConstantInputTicks() {
        assertEquals("my-stack-cost-digest",
                EventShapes.ruleName(List.of("arn:aws:events:eu-west-1:123456789012:rule/ops-bus/my-stack-cost-digest")));
        EventShape tick = EventShapes.classify(Map.of("tick", "price-class-report"));
        assertTrue(((EventShape.ScheduledTick) tick).isTick("price-class-report"));
        EventShape noRule = EventShapes.classify(Map.of("source", "aws.events", "detail-type", "Scheduled Event", "resources", List.of()));
        assertFalse(((EventShape.ScheduledTick) noRule).isTick("coalescer-flush"), "a schedule without a rule is nobody's tick");
    }

    @Test
    void operatorPayloadsAndUnknownEvents() {
        EventShape command = EventShapes.classify(Map.of("action", "failover", "distributionId", "E1", "dryRun", true));
        assertEquals("failover", assertInstanceOf(EventShape.OperatorCommand.class, command).action());
        assertInstanceOf(EventShape.Unrecognized.class, EventShapes.classify(Map.of("hello", "world")));
        assertInstanceOf(EventShape.Unrecognized.class, EventShapes.classify(Map.of("Records", List.of())));
        assertInstanceOf(EventShape.Unrecognized.class, EventShapes.classify(Map.of("Records", List.of(Map.of("eventSource", "aws:kinesis")))));
    }
}
