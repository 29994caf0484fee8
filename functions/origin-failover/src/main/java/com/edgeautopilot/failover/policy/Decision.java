package com.edgeautopilot.failover.policy;

/** What {@link FailoverPolicy} decided, and why (the reason goes to the audit trail, the response and the notice). */
public record Decision(Kind kind, String reason) {

    public enum Kind {
        /** Move traffic to the standby. */
        FAIL_OVER,
        /** Move traffic back to the primary. */
        FAIL_BACK,
        /** Switching again would exceed the flap limit: stay where we are, stop automatic switching, tell a human once. */
        HOLD_FLAPPING,
        /** The primary is down but the standby is in ALARM itself. */
        REFUSE_STANDBY_UNHEALTHY,
        /** The primary is down but the standby's health could not be read. */
        REFUSE_STANDBY_UNKNOWN,
        /** Nothing to do now (e.g. the failback dwell has not elapsed yet); a later tick looks again. */
        WAIT,
        /** Nothing to do. */
        IGNORE
    }

    public boolean switches() {
        return kind == Kind.FAIL_OVER || kind == Kind.FAIL_BACK;
    }

    public boolean refuses() {
        return kind == Kind.REFUSE_STANDBY_UNHEALTHY || kind == Kind.REFUSE_STANDBY_UNKNOWN;
    }

    public Position target() {
        return kind == Kind.FAIL_OVER ? Position.STANDBY : Position.PRIMARY;
    }

    static Decision of(Kind kind, String reason) {
        return new Decision(kind, reason);
    }
}
