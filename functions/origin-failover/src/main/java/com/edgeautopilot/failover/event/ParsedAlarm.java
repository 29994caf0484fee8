package com.edgeautopilot.failover.event;

/** What {@link AlarmTransitionParser} made of one alarm message. */
public sealed interface ParsedAlarm {

    /** A state change of a configured alarm to OK or ALARM. */
    record Transition(AlarmTransition transition) implements ParsedAlarm {
    }

    /** A valid message that needs no action (an unknown alarm, INSUFFICIENT_DATA); logged, never an error. */
    record Ignored(String reason, String alarmArn) implements ParsedAlarm {
    }

    /** Not an alarm state change this function can read; the handler fails the invocation with the reason. */
    record Malformed(String reason) implements ParsedAlarm {
    }
}
