package com.edgeautopilot.costs.grouping;

import java.time.Duration;

/**
 * When a group's digest is due, with Prometheus Alertmanager's semantics:
 * <ul>
 *   <li>{@code group_wait}: a group's first digest (or the first after everything in it resolved) waits this long after
 *       its first notable alert, so alerts arriving together go out together;</li>
 *   <li>{@code group_interval}: after a digest, new notable changes (new alerts, grown amounts, resolutions) wait until
 *       this long after the previous digest;</li>
 *   <li>{@code repeat_interval}: a group still firing with nothing new is sent again this long after its last digest.</li>
 * </ul>
 * Pure: timers and time in, a decision with its reason out.
 */
public final class DigestSchedule {

    public enum Kind { FIRST, UPDATE, REPEAT }

    /**
     * A group's timers (epoch millis, 0 = never).
     *
     * @param firstNotableAt first notable change since the last digest
     * @param lastNotableAt  latest notable change
     * @param lastSentAt     last digest
     * @param openAtLastSend whether alerts were still firing after the last digest (false: the next one starts a new episode)
     * @param anyFiring      whether any alert of the group fires now
     */
    public record Timers(long firstNotableAt, long lastNotableAt, long lastSentAt, boolean openAtLastSend, boolean anyFiring) {
        public boolean hasNotable() {
            return lastNotableAt > lastSentAt;
        }
    }

    public sealed interface Decision {
        String reason();
    }

    public record Due(Kind kind, String reason) implements Decision {
    }

    /** @param nextCheckAt when it could become due without new input (0: only new input can make it due) */
    public record NotDue(long nextCheckAt, String reason) implements Decision {
    }

    private final Duration groupWait;
    private final Duration groupInterval;
    private final Duration repeatInterval;

    public DigestSchedule(Duration groupWait, Duration groupInterval, Duration repeatInterval) {
        this.groupWait = groupWait;
        this.groupInterval = groupInterval;
        this.repeatInterval = repeatInterval;
    }

    public Decision decide(Timers timers, long nowMillis) {
        if (timers.hasNotable()) {
            boolean newEpisode = timers.lastSentAt() == 0 || !timers.openAtLastSend();
            if (newEpisode) {
                long dueAt = timers.firstNotableAt() + groupWait.toMillis();
                return nowMillis >= dueAt ? new Due(Kind.FIRST, "group_wait of " + groupWait.toSeconds() + "s elapsed since the first alert")
                        : new NotDue(dueAt, "waiting group_wait before the first digest");
            }
            long dueAt = timers.lastSentAt() + groupInterval.toMillis();
            return nowMillis >= dueAt ? new Due(Kind.UPDATE, "new changes and group_interval of " + groupInterval.toSeconds() + "s elapsed")
                    : new NotDue(dueAt, "new changes wait for group_interval");
        }
        if (timers.anyFiring() && timers.lastSentAt() > 0) {
            long dueAt = timers.lastSentAt() + repeatInterval.toMillis();
            return nowMillis >= dueAt ? new Due(Kind.REPEAT, "still firing after repeat_interval of " + repeatInterval.toSeconds() + "s")
                    : new NotDue(dueAt, "still firing, repeats after repeat_interval");
        }
        return new NotDue(0, "nothing new and nothing firing");
    }
}
