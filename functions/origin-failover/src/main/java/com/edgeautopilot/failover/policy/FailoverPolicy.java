package com.edgeautopilot.failover.policy;

import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.policy.Decision.Kind;

import java.time.Duration;
import java.time.Instant;

/**
 * The failover decision, free of AWS: the distribution's state (after recording the alarm change that triggered it),
 * what is known of the standby, the flap limit and the time in; a decision with its reason out.
 *
 * <ul>
 *   <li>primary down, on the primary: fail over, unless held, the standby is unhealthy or unknown (refuse), or the flap
 *       limit is reached (hold);</li>
 *   <li>primary OK, on the standby: fail back once it has been OK for the dwell time (automatic failback only), again
 *       subject to hold and flap limit; before that, wait;</li>
 *   <li>anything else: ignore.</li>
 * </ul>
 */
public final class FailoverPolicy {

    private final int maxSwitches;
    private final Duration flapPeriod;

    public FailoverPolicy(int maxSwitches, Duration flapPeriod) {
        this.maxSwitches = maxSwitches;
        this.flapPeriod = flapPeriod;
    }

    /** Whether deciding now would need the standby's health (so the caller reads it only then). */
    public boolean needsStandbyHealth(DistributionState state, ProtectedDistribution d) {
        return state.position() == Position.PRIMARY && state.primaryDown(d.primaryAlarms()) && !state.held();
    }

    /** The automatic decision for a distribution in {@code state} (an alarm change or a follow-up tick). */
    public Decision decide(DistributionState state, ProtectedDistribution d, AlarmHealth standby, Instant now) {
        boolean primaryDown = state.primaryDown(d.primaryAlarms());
        if (state.position() == Position.PRIMARY) {
            if (!primaryDown) {
                return Decision.of(Kind.IGNORE, "on the primary and the primary is healthy");
            }
            if (state.held()) {
                return Decision.of(Kind.IGNORE, "primary down but automatic switching is held (" + state.heldReason() + "); an operator must act");
            }
            switch (standby.status()) {
                case UNHEALTHY -> {
                    return Decision.of(Kind.REFUSE_STANDBY_UNHEALTHY, "primary down but the standby is unhealthy: " + standby.reason());
                }
                case UNKNOWN, NOT_CHECKED -> {
                    return Decision.of(Kind.REFUSE_STANDBY_UNKNOWN, "primary down but the standby's health is unknown: " + standby.reason());
                }
                default -> {
                    return limited(state, now, Decision.of(Kind.FAIL_OVER, "primary origin " + d.primaryOriginId()
                            + " is down (" + String.join(", ", d.primaryAlarms()) + " in ALARM); standby " + standby.reason()));
                }
            }
        }
        if (primaryDown) {
            return Decision.of(Kind.IGNORE, "on the standby while the primary is still down");
        }
        if (!d.automaticFailback()) {
            return Decision.of(Kind.IGNORE, "primary healthy again; failback is manual (operator action \"failback\")");
        }
        if (state.held()) {
            return Decision.of(Kind.IGNORE, "primary healthy again but automatic switching is held (" + state.heldReason() + ")");
        }
        if (state.primaryOkSince() == null) {
            return Decision.of(Kind.WAIT, "on the standby; the primary's recovery has not been seen yet");
        }
        Instant dwellEnds = Instant.ofEpochMilli(state.primaryOkSince()).plus(d.failbackDwell());
        if (now.isBefore(dwellEnds)) {
            return Decision.of(Kind.WAIT, "primary OK since " + Instant.ofEpochMilli(state.primaryOkSince()) + "; failback at " + dwellEnds
                    + " if it stays OK (dwell " + d.failbackDwell().toSeconds() + "s)");
        }
        return limited(state, now, Decision.of(Kind.FAIL_BACK, "primary origin " + d.primaryOriginId() + " has been OK since "
                + Instant.ofEpochMilli(state.primaryOkSince()) + " (dwell " + d.failbackDwell().toSeconds() + "s elapsed)"));
    }

    /**
     * A failback decided from the alarms as seen, checked against the primary's alarms as CloudWatch has them now: one
     * never seen (in ALARM before deployment, its event dead-lettered) or not OK now waits; so does one OK for less
     * than the dwell.
     */
    public Decision confirmFailback(Decision failback, ProtectedDistribution d, AlarmHealth primaryNow, Instant now) {
        if (failback.kind() != Kind.FAIL_BACK) {
            return failback;
        }
        if (primaryNow.status() != AlarmHealth.Status.HEALTHY) {
            return Decision.of(Kind.WAIT, "on the standby; the primary's alarms read now are not all OK: " + primaryNow.reason());
        }
        if (primaryNow.since() != null && d.failbackDwell() != null && now.isBefore(primaryNow.since().plus(d.failbackDwell()))) {
            return Decision.of(Kind.WAIT, "on the standby; the primary's alarms read now are OK only since " + primaryNow.since()
                    + "; failback at " + primaryNow.since().plus(d.failbackDwell()) + " if they stay OK");
        }
        return failback;
    }

    /**
     * Whether a tick on the standby should read the primary's alarms from CloudWatch: automatic failback, not held, and
     * the alarms as delivered say the primary is still down or its recovery was never seen (an OK delivery that was
     * dead-lettered must not keep traffic on the standby forever).
     */
    public boolean needsLivePrimary(DistributionState state, ProtectedDistribution d) {
        return state.position() == Position.STANDBY && d.automaticFailback() && !state.held()
                && (state.primaryDown(d.primaryAlarms()) || state.primaryOkSince() == null);
    }

    /**
     * The tick's decision on the standby when the delivered alarms do not show the recovery, from the primary's alarms as
     * CloudWatch has them now: all OK since a known time for the dwell fails back (subject to the flap limit), OK for
     * less waits; anything else keeps {@code fromDeliveries}.
     */
    public Decision failbackFromLive(Decision fromDeliveries, DistributionState state, ProtectedDistribution d, AlarmHealth primaryNow, Instant now) {
        if (primaryNow.status() != AlarmHealth.Status.HEALTHY || primaryNow.since() == null) {
            return fromDeliveries;
        }
        Instant dwellEnds = primaryNow.since().plus(d.failbackDwell());
        if (now.isBefore(dwellEnds)) {
            return Decision.of(Kind.WAIT, "on the standby; CloudWatch has the primary's alarms OK since " + primaryNow.since()
                    + " (no OK delivery recorded); failback at " + dwellEnds + " if they stay OK");
        }
        return limited(state, now, Decision.of(Kind.FAIL_BACK, "primary origin " + d.primaryOriginId() + " has been OK in CloudWatch since "
                + primaryNow.since() + " (dwell " + d.failbackDwell().toSeconds() + "s elapsed; no OK delivery recorded)"));
    }

    private Decision limited(DistributionState state, Instant now, Decision wanted) {
        int recent = state.switchesWithin(flapPeriod, now);
        if (recent >= maxSwitches) {
            return Decision.of(Kind.HOLD_FLAPPING, recent + " switches in the last " + flapPeriod.toMinutes() + " minutes (limit " + maxSwitches
                    + "): holding on the " + state.position().name().toLowerCase(java.util.Locale.ROOT) + " origin instead of: " + wanted.reason());
        }
        return wanted;
    }

    public Duration flapPeriod() {
        return flapPeriod;
    }
}
