package com.edgeautopilot.failover.event;

import java.time.Instant;

/**
 * One alarm state change, whatever shape it arrived in. Its {@link #identity()} is the alarm ARN plus the state-change
 * time, so the same change delivered as SNS and as EventBridge (or twice) is recognised as one.
 *
 * @param region the alarm's region, from its ARN (never from SNS's display name such as "US East (N. Virginia)")
 * @param shape  how it arrived ({@code sns}, {@code eventbridge}, {@code alarm-action}), for the audit trail
 */
public record AlarmTransition(String alarmArn, String alarmName, String region, AlarmState newState, AlarmState oldState,
                              Instant changedAt, String reason, String shape) {

    public String identity() {
        return alarmArn + "@" + changedAt.toEpochMilli();
    }
}
