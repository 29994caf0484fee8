package com.edgeautopilot.failover.policy;

/** What is known of the standby origin's own health when a failover is considered. */
public record StandbyHealth(Status status, String reason) {

    public enum Status { HEALTHY, UNHEALTHY, UNKNOWN, NOT_CHECKED }

    public static final StandbyHealth NOT_CHECKED = new StandbyHealth(Status.NOT_CHECKED, "not read (no failover considered)");

    public static StandbyHealth healthy(String reason) {
        return new StandbyHealth(Status.HEALTHY, reason);
    }

    public static StandbyHealth unhealthy(String reason) {
        return new StandbyHealth(Status.UNHEALTHY, reason);
    }

    public static StandbyHealth unknown(String reason) {
        return new StandbyHealth(Status.UNKNOWN, reason);
    }
}
