package com.edgeautopilot.failover.event;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.events.EventShape;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden tests: every sample in {@code events/cloudwatch-alarm/}, through the classifier and the parser as the handler runs them. */
class AlarmTransitionParserTest {

    static final String PRIMARY = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-primary-origin-unhealthy";
    static final String COMPOSITE = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-primary-origin-down-composite";
    private static final AlarmTransitionParser PARSER = new AlarmTransitionParser(Set.of(PRIMARY, COMPOSITE));

    /** Parses a sample the way the handler does: classify the shape, then the parser for that shape. */
    static ParsedAlarm parse(AlarmTransitionParser parser, String sample) {
        EventShape shape = EventShapes.classify(Json.parseObject(RepoPaths.event(sample)));
        return switch (shape) {
            case EventShape.SnsBatch sns -> parser.fromSnsRecords(sns.records()).get(0);
            case EventShape.EventBridgeEvent event -> parser.fromEventBridge(event.event());
            case EventShape.AlarmAction action -> parser.fromAlarmAction(action.event());
            default -> throw new AssertionError(sample + " classified as " + shape);
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "cloudwatch-alarm/sns-alarm.json,                   ALARM, OK,    2026-11-21T10:05:12.345Z, sns",
            "cloudwatch-alarm/eventbridge-alarm.json,           ALARM, OK,    2026-11-21T10:05:12.345Z, eventbridge",
            "cloudwatch-alarm/lambda-action-alarm.json,         ALARM, OK,    2026-11-21T10:05:12.345Z, alarm-action",
            "cloudwatch-alarm/sns-ok.json,                      OK,    ALARM, 2026-11-21T10:21:09.870Z, sns",
            "cloudwatch-alarm/eventbridge-ok.json,              OK,    ALARM, 2026-11-21T10:21:09.870Z, eventbridge",
            "cloudwatch-alarm/lambda-action-ok.json,            OK,    ALARM, 2026-11-21T10:21:09.870Z, alarm-action",
    })
    void everyShapeOfThePrimaryAlarmNormalisesToOneModel(String sample, AlarmState to, AlarmState from, Instant at, String shape) {
        AlarmTransition t = assertInstanceOf(ParsedAlarm.Transition.class, parse(PARSER, sample)).transition();
        assertEquals(PRIMARY, t.alarmArn());
        assertEquals("edge-autopilot-primary-origin-unhealthy", t.alarmName());
        assertEquals("us-east-1", t.region(), "from the ARN, not SNS's display name 'US East (N. Virginia)'");
        assertEquals(to, t.newState());
        assertEquals(from, t.oldState());
        assertEquals(at, t.changedAt());
        assertEquals(shape, t.shape());
        assertEquals(PRIMARY + "@" + at.toEpochMilli(), t.identity());
    }

    @Test
    void theSameTransitionHasOneIdentityInEveryShape() {
        Set<String> alarm = new TreeSet<>();
        Set<String> ok = new TreeSet<>();
        for (String shape : List.of("sns", "eventbridge", "lambda-action")) {
            alarm.add(((ParsedAlarm.Transition) parse(PARSER, "cloudwatch-alarm/" + shape + "-alarm.json")).transition().identity());
            ok.add(((ParsedAlarm.Transition) parse(PARSER, "cloudwatch-alarm/" + shape + "-ok.json")).transition().identity());
        }
        assertEquals(1, alarm.size(), alarm.toString());
        assertEquals(1, ok.size(), ok.toString());
        assertTrue(!alarm.equals(ok));
    }

    @Test
    void compositeAlarmActionIsATransitionOfTheCompositeAlarm() {
        AlarmTransition t = assertInstanceOf(ParsedAlarm.Transition.class, parse(PARSER, "cloudwatch-alarm/lambda-action-composite-alarm.json")).transition();
        assertEquals(COMPOSITE, t.alarmArn());
        assertEquals(AlarmState.ALARM, t.newState());
        assertEquals(Instant.parse("2026-11-21T10:06:30.502Z"), t.changedAt());
    }

    @Test
    void insufficientDataIsATransitionToRecord() {
        // recorded (it ends the primary's OK-since, issue 21 defect 5), never a reason to switch
        AlarmTransition t = assertInstanceOf(ParsedAlarm.Transition.class, parse(PARSER, "cloudwatch-alarm/sns-insufficient-data.json")).transition();
        assertEquals(AlarmState.INSUFFICIENT_DATA, t.newState());
        assertEquals(AlarmState.OK, t.oldState());
    }

    @Test
    void anAlarmNoDistributionWatchesIsIgnored() {
        ParsedAlarm.Ignored ignored = assertInstanceOf(ParsedAlarm.Ignored.class, parse(PARSER, "cloudwatch-alarm/eventbridge-unknown-alarm.json"));
        assertTrue(ignored.reason().contains("billing-dashboard-origin-unhealthy"), ignored.reason());
    }

    @Test
    void everySampleInTheFolderIsCoveredByAGoldenTest() throws IOException {
        Set<String> covered = Set.of("sns-alarm.json", "eventbridge-alarm.json", "lambda-action-alarm.json", "sns-ok.json", "eventbridge-ok.json",
                "lambda-action-ok.json", "lambda-action-composite-alarm.json", "sns-insufficient-data.json", "eventbridge-unknown-alarm.json");
        try (Stream<java.nio.file.Path> files = Files.list(RepoPaths.eventsDir().resolve("cloudwatch-alarm"))) {
            Set<String> present = new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
            assertEquals(new TreeSet<>(covered), present);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"2026-11-21T10:05:12.345+0000", "2026-11-21T10:05:12.345Z", "2026-11-21T10:05:12.345+00:00", "2026-11-21T11:05:12.345+0100",
            "2026-11-21T10:05:12.345000Z"})
    void everyTimestampFormatIsTheSameInstant(String text) {
        assertEquals(Instant.parse("2026-11-21T10:05:12.345Z"), AlarmTransitionParser.parseTime(text));
    }

    @Test
    void malformedMessagesSayWhatIsWrong() {
        assertInstanceOf(ParsedAlarm.Malformed.class, PARSER.fromSnsMessage("not json"));
        ParsedAlarm.Malformed noArn = assertInstanceOf(ParsedAlarm.Malformed.class, PARSER.fromSnsMessage("{\"NewStateValue\":\"ALARM\"}"));
        assertTrue(noArn.reason().contains("alarm ARN"), noArn.reason());
        ParsedAlarm.Malformed badTime = assertInstanceOf(ParsedAlarm.Malformed.class, PARSER.fromSnsMessage(
                "{\"AlarmArn\":\"" + PRIMARY + "\",\"NewStateValue\":\"ALARM\",\"StateChangeTime\":\"yesterday\"}"));
        assertTrue(badTime.reason().contains("yesterday"), badTime.reason());
        ParsedAlarm.Malformed badState = assertInstanceOf(ParsedAlarm.Malformed.class, PARSER.fromAlarmAction(Map.of("alarmArn", PRIMARY,
                "alarmData", Map.of("state", Map.of("value", "RED", "timestamp", "2026-11-21T10:05:12.345+0000")))));
        assertTrue(badState.reason().contains("RED"), badState.reason());
    }
}
