package com.edgeautopilot.failover.event;

import com.edgeautopilot.common.Json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Normalises the three shapes a CloudWatch alarm state change reaches a Lambda in to one {@link AlarmTransition}:
 * <ul>
 *   <li>SNS ({@code Records[].Sns.Message} is the alarm as a JSON string: {@code AlarmArn}, {@code NewStateValue},
 *       {@code OldStateValue}, {@code StateChangeTime}; {@code Region} is a display name and is not used);</li>
 *   <li>EventBridge {@code CloudWatch Alarm State Change} ({@code resources[0]} is the alarm ARN,
 *       {@code detail.state.value}, {@code detail.previousState.value}, {@code detail.state.timestamp});</li>
 *   <li>a direct Lambda alarm action, metric or composite ({@code alarmArn}, {@code alarmData.state...}).</li>
 * </ul>
 * Timestamps come as {@code 2026-11-21T10:05:12.345+0000}, {@code ...Z} or {@code ...+00:00}: all become the same
 * Instant, so the identity (ARN + time) of one change is the same in every shape. Alarms not in {@code knownAlarms}
 * are ignored, not errors. {@code INSUFFICIENT_DATA} is a transition like the others: it never switches anything, but
 * it ends the primary's "OK since" (a failback needs the primary OK for the whole dwell).
 */
public final class AlarmTransitionParser {

    public static final String DETAIL_TYPE = "CloudWatch Alarm State Change";

    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private final Set<String> knownAlarms;

    public AlarmTransitionParser(Set<String> knownAlarmArns) {
        this.knownAlarms = Set.copyOf(knownAlarmArns);
    }

    /** The {@code Message} of one SNS record (a JSON string). */
    public ParsedAlarm fromSnsMessage(String message) {
        Map<String, Object> alarm;
        try {
            alarm = Json.parseObject(message);
        } catch (IllegalArgumentException e) {
            return new ParsedAlarm.Malformed("SNS message is not an alarm: " + e.getMessage());
        }
        return transition(Json.string(alarm, "AlarmArn"), Json.string(alarm, "AlarmName"), Json.string(alarm, "NewStateValue"),
                Json.string(alarm, "OldStateValue"), Json.string(alarm, "StateChangeTime"), Json.string(alarm, "NewStateReason"), "sns");
    }

    /** Every SNS record of a batch, in order. */
    public List<ParsedAlarm> fromSnsRecords(List<Map<String, Object>> records) {
        return records.stream().map(record -> {
            String message = Json.string(record, "Sns", "Message");
            return message == null ? new ParsedAlarm.Malformed("SNS record without Sns.Message") : fromSnsMessage(message);
        }).toList();
    }

    /** An EventBridge event of detail-type {@value #DETAIL_TYPE}. */
    public ParsedAlarm fromEventBridge(Map<String, Object> event) {
        if (!DETAIL_TYPE.equals(event.get("detail-type"))) {
            return new ParsedAlarm.Ignored("EventBridge event '" + event.get("detail-type") + "' is not an alarm state change", null);
        }
        List<Object> resources = Json.list(event, "resources");
        String arn = resources != null && !resources.isEmpty() ? String.valueOf(resources.get(0)) : null;
        return transition(arn, Json.string(event, "detail", "alarmName"), Json.string(event, "detail", "state", "value"),
                Json.string(event, "detail", "previousState", "value"), Json.string(event, "detail", "state", "timestamp"),
                Json.string(event, "detail", "state", "reason"), "eventbridge");
    }

    /** A direct Lambda alarm action (metric or composite alarm: both carry {@code alarmArn} and {@code alarmData.state}). */
    public ParsedAlarm fromAlarmAction(Map<String, Object> event) {
        String timestamp = Json.string(event, "alarmData", "state", "timestamp");
        return transition(Json.string(event, "alarmArn"), Json.string(event, "alarmData", "alarmName"),
                Json.string(event, "alarmData", "state", "value"), Json.string(event, "alarmData", "previousState", "value"),
                timestamp != null ? timestamp : Json.string(event, "time"), Json.string(event, "alarmData", "state", "reason"), "alarm-action");
    }

    private ParsedAlarm transition(String arn, String name, String newState, String oldState, String time, String reason, String shape) {
        if (arn == null || !arn.startsWith("arn:") || !arn.contains(":alarm:")) {
            return new ParsedAlarm.Malformed(shape + ": missing or invalid alarm ARN '" + arn + "'");
        }
        String[] parts = arn.split(":", 7);
        if (parts.length < 7 || parts[3].isEmpty()) {
            return new ParsedAlarm.Malformed(shape + ": alarm ARN without a region: " + arn);
        }
        AlarmState to = AlarmState.of(newState);
        if (to == null) {
            return new ParsedAlarm.Malformed(shape + ": unknown new state '" + newState + "' of " + arn);
        }
        Instant changedAt;
        try {
            changedAt = parseTime(time);
        } catch (DateTimeParseException | NullPointerException e) {
            return new ParsedAlarm.Malformed(shape + ": unreadable state-change time '" + time + "' of " + arn);
        }
        if (!knownAlarms.contains(arn)) {
            return new ParsedAlarm.Ignored("alarm " + arn + " protects no configured distribution", arn);
        }
        String alarmName = name != null ? name : parts[6];
        return new ParsedAlarm.Transition(new AlarmTransition(arn, alarmName, parts[3], to, AlarmState.of(oldState), changedAt, reason, shape));
    }

    /** CloudWatch's timestamps ({@code +0000}, {@code +00:00} or {@code Z}, with or without fraction) as an Instant. */
    public static Instant parseTime(String text) {
        var parsed = TIMESTAMP.parseBest(text.trim(), OffsetDateTime::from, java.time.LocalDateTime::from);
        if (parsed instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.time.LocalDateTime) parsed).toInstant(java.time.ZoneOffset.UTC);
    }
}
