package com.edgeautopilot.common.events;

import java.util.List;
import java.util.Map;

/**
 * What arrived at a handler, told apart by {@link EventShapes#classify}: every function routes on this one result
 * instead of sniffing keys itself. Scheduled events carry the rule that fired them, so two schedules (a flush tick, a
 * digest tick) are never confused by their common {@code detail-type}.
 */
public sealed interface EventShape {

    /** An SQS batch ({@code Records[].eventSource = aws:sqs}); each record keeps {@code messageId} and {@code body}. */
    record SqsBatch(List<Map<String, Object>> records) implements EventShape {
    }

    /** An SNS delivery to a Lambda subscription ({@code Records[].EventSource = aws:sns}). */
    record SnsBatch(List<Map<String, Object>> records) implements EventShape {
    }

    /** An S3 event notification invoking the function directly (or the bucket's {@code s3:TestEvent}). */
    record S3Notification(Map<String, Object> event) implements EventShape {
    }

    /**
     * An EventBridge scheduled event; {@code ruleName} from {@code resources[0]} (the rule's ARN), or from a constant
     * {@code {"tick": NAME}} input set on the schedule's target. {@link #isTick} matches it against a tick's name.
     */
    record ScheduledTick(String ruleName, String time) implements EventShape {
        /** True for the rule named {@code tick} or {@code <stack>-tick} (templates name schedule rules that way). */
        public boolean isTick(String tick) {
            return ruleName != null && (ruleName.equals(tick) || ruleName.endsWith("-" + tick));
        }
    }

    /** Any other EventBridge event ({@code source}, {@code detail-type}, {@code detail}). */
    record EventBridgeEvent(String source, String detailType, Map<String, Object> event) implements EventShape {
    }

    /** A CloudWatch alarm invoking the function as its alarm action ({@code alarmData}, metric or composite alarm). */
    record AlarmAction(Map<String, Object> event) implements EventShape {
    }

    /** An operator's payload ({@code sam remote invoke}, the CLI): {@code {"action": NAME, ...}}. */
    record OperatorCommand(String action, Map<String, Object> payload) implements EventShape {
    }

    /** Nothing this project knows; {@code reason} names what was seen, for the error the handler raises. */
    record Unrecognized(String reason) implements EventShape {
    }
}
