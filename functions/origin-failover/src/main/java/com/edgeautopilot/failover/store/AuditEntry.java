package com.edgeautopilot.failover.store;

import java.util.List;

/**
 * One line of a distribution's audit trail: what happened, why, who or what caused it, the config before and after
 * (behaviour targets), the ETags and how long it took.
 *
 * @param trigger  what started it (the alarm transition's identity and shape, {@code tick}, {@code operator:<action>})
 * @param actor    who acted ({@code automatic}, or the operator's name from the payload)
 */
public record AuditEntry(long atMillis, String event, String decision, String reason, String trigger, String actor, boolean dryRun,
                         List<String> diff, List<String> before, List<String> after, String etagBefore, String etagAfter,
                         Long tookMillis) {

    /** Builds an entry step by step (the switch's config fields are set only when a config was read). */
    public static final class Builder {
        private final long atMillis;
        private final String decision;
        private final String reason;
        private final String trigger;
        private final String actor;
        private String event = "decision";
        private boolean dryRun;
        private List<String> diff = List.of();
        private List<String> before = List.of();
        private List<String> after = List.of();
        private String etagBefore;
        private String etagAfter;
        private Long tookMillis;

        public Builder(long atMillis, String decision, String reason, String trigger, String actor) {
            this.atMillis = atMillis;
            this.decision = decision;
            this.reason = reason;
            this.trigger = trigger;
            this.actor = actor;
        }

        public Builder event(String name) {
            this.event = name;
            return this;
        }

        public Builder dryRun() {
            this.dryRun = true;
            return this;
        }

        public Builder took(long millis) {
            this.tookMillis = millis;
            return this;
        }

        public Builder config(List<String> diff, List<String> before, List<String> after, String etagBefore, String etagAfter, long millis) {
            this.diff = diff;
            this.before = before;
            this.after = after;
            this.etagBefore = etagBefore;
            this.etagAfter = etagAfter;
            this.tookMillis = millis;
            return this;
        }

        public AuditEntry build() {
            return new AuditEntry(atMillis, event, decision, reason, trigger, actor, dryRun, diff, before, after, etagBefore, etagAfter, tookMillis);
        }
    }
}
