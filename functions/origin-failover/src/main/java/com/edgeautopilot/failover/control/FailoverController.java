package com.edgeautopilot.failover.control;

import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.failover.cdn.DistributionGateway;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.event.AlarmTransition;
import com.edgeautopilot.failover.health.AlarmHealthCheck;
import com.edgeautopilot.failover.notify.Notices;
import com.edgeautopilot.failover.notify.Notifier;
import com.edgeautopilot.failover.policy.Decision;
import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.policy.FailoverPolicy;
import com.edgeautopilot.failover.policy.Position;
import com.edgeautopilot.failover.policy.AlarmHealth;
import com.edgeautopilot.failover.store.AuditEntry;
import com.edgeautopilot.failover.store.FailoverStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The automatic side: an alarm transition, or the follow-up tick, for each distribution it concerns — inside that
 * distribution's {@link DistributionLease} — first finishes (or drops) a switch an earlier invocation recorded and did
 * not finish, from the live config; records the alarm (unless it is a repeated or late delivery); asks
 * {@link FailoverPolicy}; and carries out the decision (switch, hold and notify once, refuse and notify once per
 * transition, or nothing). The decision is taken from the state for every delivery, so a repeated delivery after a
 * switch that did not happen still switches.
 */
public final class FailoverController {

    /** Another invocation holds the distribution's lease; failing lets Lambda deliver the event again. */
    public static final class DistributionBusy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DistributionBusy(String distributionId) { // thrown by DistributionLease
            super("distribution " + distributionId + " is being handled by another invocation; retry");
        }
    }

    private final FailoverConfig config;
    private final DistributionLease lease;
    private final FailoverStore store;
    private final AlarmHealthCheck health;
    private final DistributionGateway gateway;
    private final SwitchRunner runner;
    private final Notifier notifier;
    private final FailoverPolicy policy;
    private final Clock clock;
    private final Supplier<Metrics> metrics;

    FailoverController(FailoverConfig config, DistributionLease lease, FailoverStore store, AlarmHealthCheck health, DistributionGateway gateway,
                       SwitchRunner runner, Notifier notifier, Clock clock, Supplier<Metrics> metrics) {
        this.config = config;
        this.lease = lease;
        this.store = store;
        this.health = health;
        this.gateway = gateway;
        this.runner = runner;
        this.notifier = notifier;
        this.policy = new FailoverPolicy(config.maxSwitches(), config.flapPeriod());
        this.clock = clock;
        this.metrics = metrics;
    }

    public List<Outcome> onTransition(AlarmTransition transition, String invocationId, Log log) {
        List<Outcome> outcomes = new ArrayList<>();
        String trigger = transition.alarmName() + " " + transition.oldState() + " -> " + transition.newState() + " at "
                + transition.changedAt() + " (" + transition.shape() + ")";
        for (ProtectedDistribution d : config.distributions()) {
            if (!d.watches(transition.alarmArn())) {
                continue;
            }
            Outcome outcome = lease.waitingFor(d.distributionId(), invocationId, (state, checkpoint) -> {
                Instant now = clock.instant();
                Metrics m = metrics.get();
                try {
                    DistributionState current = runner.reconcile(d, state, now, m, log);
                    boolean duplicate = current.isDuplicate(transition);
                    boolean fresh = !duplicate && !current.isStale(transition);
                    DistributionState recorded = fresh ? current.withAlarm(transition, d.primaryAlarms()) : current;
                    SwitchRunner.Result result = decideAndAct(d, recorded, trigger, fresh, false, now, checkpoint, m, log);
                    Outcome o = result.outcome();
                    if (!fresh && !o.notified() && o.diff().isEmpty()) {
                        o = Outcome.of(d.distributionId(), duplicate ? "DUPLICATE" : "STALE", duplicate ? "transition " + transition.identity()
                                + " was already handled" : "older than the alarm state already recorded", result.state().position().name());
                    }
                    return new DistributionLease.Done<>(result.state(), o);
                } finally {
                    m.flush();
                }
            });
            log.info("alarm transition", "distributionId", d.distributionId(), "alarm", transition.alarmArn(), "state",
                    transition.newState().name(), "shape", transition.shape(), "decision", outcome.decision(), "reason", outcome.reason());
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** The follow-up tick: finish an interrupted switch, record deployments, fail back after the dwell, retry a refused failover. */
    public List<Outcome> onTick(String invocationId, Log log) {
        List<Outcome> outcomes = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ProtectedDistribution d : config.distributions()) {
            if (!needsFollowUp(d, store.read(d.distributionId()))) {
                continue; // on the primary and healthy, nothing recorded in flight, deploying or refused: one read a minute, no lease, no write
            }
            try {
                Optional<List<Outcome>> these = lease.ifFree(d.distributionId(), invocationId, (state, checkpoint) -> followUp(d, state, checkpoint, log));
                outcomes.addAll(these.orElse(List.of(Outcome.of(d.distributionId(), "BUSY", "another invocation holds the lease; next tick", null))));
            } catch (RuntimeException e) {
                // one distribution's failure (CloudFront throttling, a lost lease) must not starve the others of their tick
                log.error("follow-up failed", e, "distributionId", d.distributionId());
                failed.add(d.distributionId() + ": " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("follow-up failed for " + failed + " (the others were handled: " + outcomes + ")");
        }
        return outcomes;
    }

    private DistributionLease.Done<List<Outcome>> followUp(ProtectedDistribution d, DistributionState locked, DistributionLease.Checkpoint checkpoint,
                                                           Log log) {
        Instant now = clock.instant();
        Metrics m = metrics.get();
        try {
            List<Outcome> these = new ArrayList<>();
            DistributionState state = runner.reconcile(d, locked, now, m, log);
            if (state.pending() != null) {
                String status = gateway.status(d.distributionId());
                if ("Deployed".equals(status)) {
                    long took = now.toEpochMilli() - state.pending().submittedAtMillis();
                    store.audit(d.distributionId(), new AuditEntry.Builder(now.toEpochMilli(), "DEPLOYED", "switch to "
                            + state.pending().target() + " deployed", "tick", "automatic").event("deployed").took(took).build());
                    m.put("DeploymentSeconds", took / 1000.0, Metrics.Unit.Seconds);
                    these.add(Outcome.of(d.distributionId(), "DEPLOYED", "deployed " + took / 1000 + "s after the switch", state.position().name()));
                    state = state.deployed();
                } else {
                    these.add(Outcome.of(d.distributionId(), "DEPLOYING", "status " + status, state.position().name()));
                }
            }
            SwitchRunner.Result result = decideAndAct(d, state, "follow-up tick", false, true, now, checkpoint, m, log);
            these.add(result.outcome());
            return new DistributionLease.Done<>(result.state(), these);
        } finally {
            m.flush();
        }
    }

    /**
     * Whether the tick has work for this state: a switch recorded and not finished, one still deploying, a distribution
     * with behaviours on its standby (fail back after the dwell), a refused failover to retry, or a primary recorded down on
     * the primary and not held (when a hold is released the alarm stays in ALARM without a new transition, so the failover
     * it asks for is decided here). Read without the lease: a transition that changes it meanwhile is handled by its own
     * delivery, and the next tick sees it.
     */
    private boolean needsFollowUp(ProtectedDistribution d, DistributionState state) {
        return state.inFlight() != null || state.pending() != null || state.position() == Position.STANDBY || state.lastRefusal() != null
                || (!state.held() && state.primaryDown(d.primaryAlarms()) && !config.dryRunDefault()); // a dry run moves nothing: no notice a minute
    }

    /**
     * @param fresh  a new alarm transition (not a repeated or late delivery, not the tick): a refusal is notified again
     * @param tick   the follow-up tick: on the standby it reads the primary's alarms when the deliveries do not show the recovery
     */
    private SwitchRunner.Result decideAndAct(ProtectedDistribution d, DistributionState state, String trigger, boolean fresh, boolean tick,
                                             Instant now, DistributionLease.Checkpoint checkpoint, Metrics m, Log log) {
        AlarmHealth standby = policy.needsStandbyHealth(state, d) ? health.check(d.standbyAlarms()) : AlarmHealth.NOT_CHECKED;
        Decision decision = policy.decide(state, d, standby, now);
        if (decision.kind() == Decision.Kind.FAIL_BACK) {
            decision = policy.confirmFailback(decision, d, health.check(d.primaryAlarms()), now);
        } else if (tick && policy.needsLivePrimary(state, d)) {
            AlarmHealth primaryNow = health.check(d.primaryAlarms());
            decision = policy.failbackFromLive(decision, state, d, primaryNow, now);
            if (primaryNow.status() == AlarmHealth.Status.HEALTHY && primaryNow.since() != null) {
                state = state.primaryOkAsRead(d.primaryAlarms(), primaryNow.since()); // so the next decision does not undo this one
            }
        }
        String id = d.distributionId();
        if (decision.switches()) {
            return runner.run(d, state, decision, trigger, "automatic", config.dryRunDefault(), !fresh, now, checkpoint, m, log);
        }
        AuditEntry.Builder audit = new AuditEntry.Builder(now.toEpochMilli(), decision.kind().name(), decision.reason(), trigger, "automatic");
        if (config.dryRunDefault()) {
            audit.dryRun();
        }
        if (decision.kind() == Decision.Kind.HOLD_FLAPPING) {
            boolean notify = !state.flapNoticeSent();
            if (notify) {
                store.audit(id, audit.event("hold").build());
                notifier.publish(Notices.flapping(d, decision, state.position(), trigger));
                m.put("FlapHolds", 1, Metrics.Unit.Count);
            }
            return new SwitchRunner.Result(state.holding("flapping: " + decision.reason(), true),
                    new Outcome(id, decision.kind().name(), decision.reason(), state.position().name(), false, List.of(), notify));
        }
        if (decision.refuses()) {
            // once per transition, and once more when the kind of refusal changes; never per tick (reasons carry request ids)
            boolean notify = fresh || !decision.kind().name().equals(state.lastRefusal());
            if (notify) {
                store.audit(id, audit.event("refused").build());
                notifier.publish(Notices.refused(d, decision, trigger));
            }
            m.put("Refusals", 1, Metrics.Unit.Count);
            return new SwitchRunner.Result(state.refused(decision.kind().name()),
                    new Outcome(id, decision.kind().name(), decision.reason(), state.position().name(), false, List.of(), notify));
        }
        if (fresh) {
            store.audit(id, audit.event("alarm").build());
        }
        return new SwitchRunner.Result(decision.kind() == Decision.Kind.IGNORE && state.position() == Position.PRIMARY ? state.refused(null) : state,
                Outcome.of(id, decision.kind().name(), decision.reason(), state.position().name()));
    }
}
