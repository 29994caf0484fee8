package com.edgeautopilot.failover.policy;

import java.time.Instant;

/**
 * What CloudWatch says now of a set of alarms (the standby's before a failover, the primary's before a failback).
 *
 * @param since  when HEALTHY: the latest state change among the alarms (all OK since then); null when unknown
 */
public record AlarmHealth(Status status, String reason, Instant since) {

    public enum Status { HEALTHY, UNHEALTHY, UNKNOWN, NOT_CHECKED }

    public static final AlarmHealth NOT_CHECKED = new AlarmHealth(Status.NOT_CHECKED, "not read (no switch considered)", null);

    public static AlarmHealth healthy(String reason) {
        return new AlarmHealth(Status.HEALTHY, reason, null);
    }

    public static AlarmHealth healthySince(String reason, Instant since) {
        return new AlarmHealth(Status.HEALTHY, reason, since);
    }

    public static AlarmHealth unhealthy(String reason) {
        return new AlarmHealth(Status.UNHEALTHY, reason, null);
    }

    public static AlarmHealth unknown(String reason) {
        return new AlarmHealth(Status.UNKNOWN, reason, null);
    }
}
