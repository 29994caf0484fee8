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
 * What this function knows of one distribution between invocations (one item, written under the distribution's lease).
 * It is not the truth about where traffic goes (the distribution's live config is): it holds the alarms as seen, and
 * only what this function itself moved and why. Immutable; every change returns a new state.
 *
 * @param alarms          last known state of each watched alarm and when it changed (out-of-order deliveries are dropped)
 * @param primaryOkSince  since when every primary alarm seen has been OK; null while any seen is not OK (ALARM, INSUFFICIENT_DATA)
 * @param switches        when each switch happened (epoch millis), for the flap limit
 * @param held            automatic switching is stopped (flapping, or an operator's hold or manual switch) until released
 * @param flapNoticeSent  the one "flapping, manual action needed" notice for the current hold was sent
 * @param onStandby       the behaviours (path patterns, {@code default}, or {@code group:<id>}) this function moved to the
 *                        standby and has not moved back; empty when it moved nothing (then it is "on the primary")
 * @param inFlight        a switch recorded before its UpdateDistribution and not yet finished (audit, notice, state): the next
 *                        invocation reads the live config and finishes it (it happened) or drops it (it did not)
 * @param pending         a switch not yet {@code Deployed}, polled by the follow-up tick; null when none
 * @param lastRefusal     the kind of the last refusal (a decision kind), so a repeated refusal is not notified every tick
 */
public record DistributionState(Map<String, AlarmReading> alarms, Long primaryOkSince, List<Long> switches, boolean held, String heldReason,
                                boolean flapNoticeSent, List<String> onStandby, Move inFlight, PendingDeployment pending, String lastRefusal) {

    public record AlarmReading(AlarmState state, long changedAtMillis) {
    }

    /** A switch submitted to CloudFront, waiting for the distribution to be {@code Deployed}. */
    public record PendingDeployment(Position target, long submittedAtMillis, String etag) {
    }

    /**
     * One switch this function makes, recorded before the UpdateDistribution that carries it out.
     *
     * @param id          names the switch: its audit entry and notice are recorded once per id
     * @param behaviours  exactly what it moves (for a failback: what the failover moved)
     */
    public record Move(String id, Position target, List<String> behaviours, String decision, String reason, String trigger, String actor,
                       long atMillis) {
    }

    public static DistributionState initial() {
        return new DistributionState(Map.of(), null, List.of(), false, null, false, List.of(), null, null, null);
    }

    /** Where this function has put traffic: STANDBY while it has behaviours on the standby that it moved there. */
    public Position position() {
        return onStandby.isEmpty() ? Position.PRIMARY : Position.STANDBY;
    }

    /** Whether this exact transition (same alarm, same change time) was already recorded. */
    public boolean isDuplicate(AlarmTransition transition) {
        AlarmReading known = alarms.get(transition.alarmArn());
        return known != null && known.changedAtMillis() == transition.changedAt().toEpochMilli() && known.state() == transition.newState();
    }

    /** True when the transition is not newer than what we already know of that alarm (a late or repeated delivery). */
    public boolean isStale(AlarmTransition transition) {
        AlarmReading known = alarms.get(transition.alarmArn());
        return known != null && known.changedAtMillis() >= transition.changedAt().toEpochMilli();
    }

    /** Records an alarm's new state; the primary is OK since the latest change of its alarms while every one seen is OK. */
    public DistributionState withAlarm(AlarmTransition transition, List<String> primaryAlarms) {
        Map<String, AlarmReading> next = new LinkedHashMap<>(alarms);
        next.put(transition.alarmArn(), new AlarmReading(transition.newState(), transition.changedAt().toEpochMilli()));
        boolean allOk = primaryAlarms.stream().allMatch(arn -> !next.containsKey(arn) || next.get(arn).state() == AlarmState.OK);
        boolean anySeen = primaryAlarms.stream().anyMatch(next::containsKey);
        Long okSince;
        if (!allOk || !anySeen) {
            okSince = null;
        } else if (primaryOkSince != null && !primaryAlarms.contains(transition.alarmArn())) {
            okSince = primaryOkSince;
        } else {
            okSince = primaryAlarms.stream().filter(next::containsKey).mapToLong(arn -> next.get(arn).changedAtMillis()).max().getAsLong();
        }
        return new DistributionState(Map.copyOf(next), okSince, switches, held, heldReason, flapNoticeSent, onStandby, inFlight, pending, lastRefusal);
    }

    /**
     * The primary's alarms as read from CloudWatch (all OK since {@code since}) where no later delivery is recorded: a
     * dead-lettered OK is replaced by the read, so the state no longer says the primary is down.
     */
    public DistributionState primaryOkAsRead(List<String> primaryAlarms, Instant since) {
        Map<String, AlarmReading> next = new LinkedHashMap<>(alarms);
        for (String arn : primaryAlarms) {
            AlarmReading known = next.get(arn);
            if (known == null || known.changedAtMillis() < since.toEpochMilli()) {
                next.put(arn, new AlarmReading(AlarmState.OK, since.toEpochMilli()));
            }
        }
        boolean allOk = primaryAlarms.stream().allMatch(arn -> next.get(arn).state() == AlarmState.OK);
        Long okSince = allOk ? primaryAlarms.stream().mapToLong(arn -> next.get(arn).changedAtMillis()).max().getAsLong() : null;
        return new DistributionState(Map.copyOf(next), okSince, switches, held, heldReason, flapNoticeSent, onStandby, inFlight, pending, lastRefusal);
    }

    /** Whether any of the primary's alarms is known to be in ALARM. */
    public boolean primaryDown(List<String> primaryAlarms) {
        return primaryAlarms.stream().anyMatch(arn -> alarms.containsKey(arn) && alarms.get(arn).state() == AlarmState.ALARM);
    }

    public int switchesWithin(Duration period, Instant now) {
        long from = now.toEpochMilli() - period.toMillis();
        return (int) switches.stream().filter(at -> at > from).count();
    }

    /** The switch about to be made, recorded (and saved) before its UpdateDistribution. */
    public DistributionState withInFlight(Move move) {
        return new DistributionState(alarms, primaryOkSince, switches, held, heldReason, flapNoticeSent, onStandby, move, pending, lastRefusal);
    }

    /** The in-flight switch did not happen (the live config shows none of its behaviours moved): nothing to finish. */
    public DistributionState withoutInFlight() {
        return new DistributionState(alarms, primaryOkSince, switches, held, heldReason, flapNoticeSent, onStandby, null, pending, lastRefusal);
    }

    /** A switch happened: {@code moved} (what of it the live config shows at its target) is on the standby, or no longer. */
    public DistributionState switchedTo(Position target, Instant at, List<String> moved, PendingDeployment deployment, Duration keep) {
        List<Long> recent = new ArrayList<>(switches.stream().filter(s -> s > at.toEpochMilli() - keep.toMillis()).toList());
        recent.add(at.toEpochMilli());
        List<String> standby = new ArrayList<>(onStandby);
        if (target == Position.STANDBY) {
            moved.stream().filter(b -> !standby.contains(b)).forEach(standby::add);
        } else {
            standby.removeAll(moved);
        }
        return new DistributionState(alarms, primaryOkSince, List.copyOf(recent), held, heldReason, flapNoticeSent, List.copyOf(standby), null,
                deployment, null);
    }

    /** Keeps on the standby only what the live config still shows there (read by whoever finishes a switch). */
    public DistributionState onStandbyOnly(java.util.function.Predicate<String> stillOnStandby) {
        return new DistributionState(alarms, primaryOkSince, switches, held, heldReason, flapNoticeSent,
                onStandby.stream().filter(stillOnStandby).toList(), inFlight, pending, lastRefusal);
    }

    /** The live config shows none of what we moved on the standby any more (moved back by hand): we hold nothing there. */
    public DistributionState nothingOnStandby() {
        return new DistributionState(alarms, primaryOkSince, switches, held, heldReason, flapNoticeSent, List.of(), inFlight, pending, null);
    }

    public DistributionState holding(String reason, boolean noticeSent) {
        return new DistributionState(alarms, primaryOkSince, switches, true, reason, noticeSent, onStandby, inFlight, pending, lastRefusal);
    }

    public DistributionState released() {
        return new DistributionState(alarms, primaryOkSince, List.of(), false, null, false, onStandby, inFlight, pending, null);
    }

    public DistributionState deployed() {
        return new DistributionState(alarms, primaryOkSince, switches, held, heldReason, flapNoticeSent, onStandby, inFlight, null, lastRefusal);
    }

    /** The kind of refusal now in force (null: none), so the same refusal is notified once, not every tick. */
    public DistributionState refused(String kind) {
        return new DistributionState(alarms, primaryOkSince, switches, held, heldReason, flapNoticeSent, onStandby, inFlight, pending, kind);
    }
}
