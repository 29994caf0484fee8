package com.edgeautopilot.failover.policy;

import com.edgeautopilot.failover.event.AlarmState;
import com.edgeautopilot.failover.event.AlarmTransition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this function knows of one distribution between invocations (stored as one item under the distribution's
 * lease). Immutable; every change returns a new state.
 *
 * @param alarms           last known state of each watched alarm and when it changed (out-of-order deliveries are dropped)
 * @param primaryOkSince   when every primary alarm last became OK; null while any is in ALARM (or never seen OK)
 * @param switches         when each switch happened (epoch millis), for the flap limit
 * @param held             automatic switching is stopped (flapping, or an operator's hold or manual switch) until released
 * @param flapNoticeSent   the one "flapping, manual action needed" notice for the current hold was sent
 * @param movedBehaviours  behaviours moved by the last failover (path patterns, {@code default}), moved back on failback
 * @param pending          a switch not yet {@code Deployed}, polled by the follow-up tick; null when none
 * @param lastRefusal      the reason of the last refusal, so a repeated refusal (every tick) is not notified again
 */
public record DistributionState(Position position, Map<String, AlarmReading> alarms, Long primaryOkSince, List<Long> switches,
                                boolean held, String heldReason, boolean flapNoticeSent, List<String> movedBehaviours,
                                PendingDeployment pending, String lastRefusal) {

    public record AlarmReading(AlarmState state, long changedAtMillis) {
    }

    /** A switch submitted to CloudFront, waiting for the distribution to be {@code Deployed}. */
    public record PendingDeployment(Position target, long submittedAtMillis, String etag) {
    }

    public static DistributionState initial() {
        return new DistributionState(Position.PRIMARY, Map.of(), null, List.of(), false, null, false, List.of(), null, null);
    }

    /** True when the transition is older than what we already know of that alarm (a late or repeated delivery). */
    public boolean isStale(AlarmTransition transition) {
        AlarmReading known = alarms.get(transition.alarmArn());
        return known != null && known.changedAtMillis() >= transition.changedAt().toEpochMilli();
    }

    /** Records an alarm's new state and recomputes since when the primary has been OK. */
    public DistributionState withAlarm(AlarmTransition transition, List<String> primaryAlarms) {
        Map<String, AlarmReading> next = new LinkedHashMap<>(alarms);
        next.put(transition.alarmArn(), new AlarmReading(transition.newState(), transition.changedAt().toEpochMilli()));
        boolean primaryDown = primaryAlarms.stream().anyMatch(arn -> next.containsKey(arn) && next.get(arn).state() == AlarmState.ALARM);
        Long okSince;
        if (primaryDown) {
            okSince = null;
        } else if (primaryOkSince != null && !primaryAlarms.contains(transition.alarmArn())) {
            okSince = primaryOkSince;
        } else {
            okSince = primaryAlarms.stream().filter(next::containsKey).mapToLong(arn -> next.get(arn).changedAtMillis()).max()
                    .orElse(transition.changedAt().toEpochMilli());
        }
        return new DistributionState(position, Map.copyOf(next), okSince, switches, held, heldReason, flapNoticeSent, movedBehaviours, pending, lastRefusal);
    }

    /** Whether any of the primary's alarms is known to be in ALARM. */
    public boolean primaryDown(List<String> primaryAlarms) {
        return primaryAlarms.stream().anyMatch(arn -> alarms.containsKey(arn) && alarms.get(arn).state() == AlarmState.ALARM);
    }

    public int switchesWithin(Duration period, Instant now) {
        long from = now.toEpochMilli() - period.toMillis();
        return (int) switches.stream().filter(at -> at > from).count();
    }

    public DistributionState switchedTo(Position target, Instant at, List<String> moved, PendingDeployment deployment, Duration keep) {
        List<Long> recent = new ArrayList<>(switches.stream().filter(s -> s > at.toEpochMilli() - keep.toMillis()).toList());
        recent.add(at.toEpochMilli());
        return new DistributionState(target, alarms, primaryOkSince, List.copyOf(recent), held, heldReason, flapNoticeSent,
                List.copyOf(moved), deployment, null);
    }

    public DistributionState holding(String reason, boolean noticeSent) {
        return new DistributionState(position, alarms, primaryOkSince, switches, true, reason, noticeSent, movedBehaviours, pending, lastRefusal);
    }

    public DistributionState released() {
        return new DistributionState(position, alarms, primaryOkSince, List.of(), false, null, false, movedBehaviours, pending, null);
    }

    /** Found already pointing at {@code at} (a switch whose state write was lost, or a change made by hand). */
    public DistributionState at(Position at) {
        return new DistributionState(at, alarms, primaryOkSince, switches, held, heldReason, flapNoticeSent, movedBehaviours, pending, null);
    }

    public DistributionState deployed() {
        return new DistributionState(position, alarms, primaryOkSince, switches, held, heldReason, flapNoticeSent, movedBehaviours, null, lastRefusal);
    }

    public DistributionState refused(String reason) {
        return new DistributionState(position, alarms, primaryOkSince, switches, held, heldReason, flapNoticeSent, movedBehaviours, pending, reason);
    }
}
