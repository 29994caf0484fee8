package com.edgeautopilot.common.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The one event-shape classifier used by every handler and by the CLI's routing (see {@link EventShape}). */
public final class EventShapes {

    private EventShapes() {
    }

    public static EventShape classify(Map<String, Object> event) {
        if (event == null) {
            return new EventShape.Unrecognized("null event");
        }
        if (event.get("Records") instanceof List<?> list) {
            return records(event, list);
        }
        if ("s3:TestEvent".equals(event.get("Event"))) {
            return new EventShape.S3Notification(event);
        }
        if (event.get("tick") instanceof String tick) {
            return new EventShape.ScheduledTick(tick, null);
        }
        Object source = event.get("source");
        Object detailType = event.get("detail-type");
        if ("aws.cloudwatch".equals(source) && event.get("alarmData") instanceof Map<?, ?>) {
            return new EventShape.AlarmAction(event);
        }
        if ("aws.events".equals(source) && "Scheduled Event".equals(detailType)) {
            return new EventShape.ScheduledTick(ruleName(event.get("resources")), string(event.get("time")));
        }
        if (source instanceof String s && detailType instanceof String d) {
            return new EventShape.EventBridgeEvent(s, d, event);
        }
        if (event.get("action") instanceof String action) {
            return new EventShape.OperatorCommand(action, event);
        }
        return new EventShape.Unrecognized("unknown event shape with keys " + event.keySet());
    }

    @SuppressWarnings("unchecked")
    private static EventShape records(Map<String, Object> event, List<?> list) {
        if (list.isEmpty()) {
            return new EventShape.Unrecognized("empty Records list");
        }
        List<Map<String, Object>> records = new ArrayList<>(list.size());
        for (Object record : list) {
            records.add(record instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of());
        }
        Map<String, Object> first = records.get(0);
        Object source = first.containsKey("eventSource") ? first.get("eventSource") : first.get("EventSource");
        if ("aws:sqs".equals(source)) {
            return new EventShape.SqsBatch(records);
        }
        if ("aws:sns".equals(source)) {
            return new EventShape.SnsBatch(records);
        }
        if ("aws:s3".equals(source)) {
            return new EventShape.S3Notification(event);
        }
        return new EventShape.Unrecognized("Records from unknown source " + source);
    }

    /** The rule's name from its ARN ({@code arn:aws:events:REGION:ACCOUNT:rule/[BUS/]NAME}); null when absent. */
    static String ruleName(Object resources) {
        if (!(resources instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof String arn)) {
            return null;
        }
        int rule = arn.indexOf(":rule/");
        if (rule < 0) {
            return null;
        }
        String path = arn.substring(rule + ":rule/".length());
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
