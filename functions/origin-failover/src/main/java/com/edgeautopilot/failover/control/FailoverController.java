package com.edgeautopilot.failover.control;

import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.failover.cdn.DistributionGateway;
import com.edgeautopilot.failover.cdn.DistributionSwitcher;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.event.AlarmTransition;
import com.edgeautopilot.failover.health.StandbyHealthCheck;
import com.edgeautopilot.failover.notify.Notices;
import com.edgeautopilot.failover.notify.Notifier;
import com.edgeautopilot.failover.policy.Decision;
import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.policy.FailoverPolicy;
import com.edgeautopilot.failover.policy.Position;
import com.edgeautopilot.failover.policy.StandbyHealth;
import com.edgeautopilot.failover.store.AuditEntry;
import com.edgeautopilot.failover.store.FailoverStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The automatic side: an alarm transition, or the follow-up tick, for each distribution it concerns — under that
 * distribution's lease, once per transition — records the alarm, asks {@link FailoverPolicy}, and carries out the
 * decision (switch, hold and notify once, refuse and notify, or nothing).
 */
public final class FailoverController {

    /** Another invocation holds the distribution's lease; failing lets Lambda deliver the event again. */
    public static final class DistributionBusy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DistributionBusy(String distributionId) {
            super("distribution " + distributionId + " is being handled by another invocation; retry");
        }
    }

    private final FailoverConfig config;
    private final FailoverStore store;
    private final StandbyHealthCheck health;
    private final DistributionGateway gateway;
    private final SwitchRunner runner;
    private final Notifier notifier;
    private final FailoverPolicy policy;
    private final Clock clock;
    private final DistributionSwitcher.Sleeper sleeper;
    private final Supplier<Metrics> metrics;

    FailoverController(FailoverConfig config, FailoverStore store, StandbyHealthCheck health, DistributionGateway gateway, SwitchRunner runner,
                       Notifier notifier, Clock clock, DistributionSwitcher.Sleeper sleeper, Supplier<Metrics> metrics) {
        this.config = config;
        this.store = store;
        this.health = health;
        this.gateway = gateway;
        this.runner = runner;
        this.notifier = notifier;
        this.policy = new FailoverPolicy(config.maxSwitches(), config.flapPeriod());
        this.clock = clock;
        this.sleeper = sleeper;
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
            Instant now = clock.instant();
            DistributionState state = lockWaiting(d.distributionId(), invocationId);
            Outcome[] outcome = new Outcome[1];
            try {
                boolean first = store.once(d.distributionId(), transition.identity(), invocationId, now, () -> {
                    if (state.isStale(transition)) {
                        outcome[0] = Outcome.of(d.distributionId(), "STALE", "older than the alarm state already recorded", state.position().name());
                        store.unlock(d.distributionId(), invocationId);
                        return;
                    }
                    DistributionState recorded = state.withAlarm(transition, d.primaryAlarms());
                    SwitchRunner.Result result = decideAndAct(d, recorded, trigger, true, now, log);
                    save(d, invocationId, result.state(), now);
                    outcome[0] = result.outcome();
                });
                if (!first) {
                    store.unlock(d.distributionId(), invocationId);
                    outcome[0] = Outcome.of(d.distributionId(), "DUPLICATE", "transition " + transition.identity() + " was already handled",
                            state.position().name());
                }
            } catch (RuntimeException e) {
                store.unlock(d.distributionId(), invocationId);
                throw e;
            }
            log.info("alarm transition", "distributionId", d.distributionId(), "alarm", transition.alarmArn(), "state",
                    transition.newState().name(), "shape", transition.shape(), "decision", outcome[0].decision(), "reason", outcome[0].reason());
            outcomes.add(outcome[0]);
        }
        return outcomes;
    }

    /** The follow-up tick: record deployments that finished, fail back after the dwell, retry a refused failover. */
    public List<Outcome> onTick(String invocationId, Log log) {
        List<Outcome> outcomes = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (ProtectedDistribution d : config.distributions()) {
            Instant now = clock.instant();
            if (!needsFollowUp(store.read(d.distributionId()))) {
                continue; // on the primary, nothing deploying or refused: one read a minute, no lease, no write
            }
            DistributionState state = store.lock(d.distributionId(), invocationId, now).orElse(null);
            if (state == null) {
                outcomes.add(Outcome.of(d.distributionId(), "BUSY", "another invocation holds the lease; next tick", null));
                continue;
            }
            try {
                List<Outcome> these = new ArrayList<>();
                if (state.pending() != null) {
                    String status = gateway.status(d.distributionId());
                    if ("Deployed".equals(status)) {
                        long took = now.toEpochMilli() - state.pending().submittedAtMillis();
                        store.audit(d.distributionId(), new AuditEntry.Builder(now.toEpochMilli(), "DEPLOYED", "switch to "
                                + state.pending().target() + " deployed", "tick", "automatic").event("deployed").took(took).build());
                        Metrics m = metrics.get();
                        m.put("DeploymentSeconds", took / 1000.0, Metrics.Unit.Seconds).flush();
                        these.add(Outcome.of(d.distributionId(), "DEPLOYED", "deployed " + took / 1000 + "s after the switch", state.position().name()));
                        state = state.deployed();
                    } else {
                        these.add(Outcome.of(d.distributionId(), "DEPLOYING", "status " + status, state.position().name()));
                    }
                }
                if (state.position() == Position.STANDBY || state.lastRefusal() != null) { // (re-checked under the lease)
                    SwitchRunner.Result result = decideAndAct(d, state, "follow-up tick", false, now, log);
                    state = result.state();
                    these.add(result.outcome());
                }
                save(d, invocationId, state, now);
                outcomes.addAll(these);
            } catch (RuntimeException e) {
                // one distribution's failure (CloudFront throttling, a lost lease) must not starve the others of their tick
                store.unlock(d.distributionId(), invocationId);
                log.error("follow-up failed", e, "distributionId", d.distributionId());
                failed.add(d.distributionId() + ": " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("follow-up failed for " + failed + " (the others were handled: " + outcomes + ")");
        }
        return outcomes;
    }

    /**
     * Whether the tick has work for this state: a switch still deploying, a distribution on its standby (fail back after
     * the dwell) or a refused failover to retry. Read without the lease: a transition that changes it meanwhile is
     * handled by its own delivery, and the next tick sees it.
     */
    private static boolean needsFollowUp(DistributionState state) {
        return state.pending() != null || state.position() == Position.STANDBY || state.lastRefusal() != null;
    }

    private SwitchRunner.Result decideAndAct(ProtectedDistribution d, DistributionState state, String trigger, boolean fromAlarm, Instant now, Log log) {
        StandbyHealth standby = policy.needsStandbyHealth(state, d) ? health.check(d.standbyAlarms()) : StandbyHealth.NOT_CHECKED;
        Decision decision = policy.decide(state, d, standby, now);
        String id = d.distributionId();
        Metrics m = metrics.get();
        try {
            if (decision.switches()) {
                return runner.run(d, state, decision, trigger, "automatic", config.dryRunDefault(), now, m, log);
            }
            AuditEntry.Builder audit = new AuditEntry.Builder(now.toEpochMilli(), decision.kind().name(), decision.reason(), trigger, "automatic");
            if (decision.kind() == Decision.Kind.HOLD_FLAPPING) {
                boolean notify = !state.flapNoticeSent();
                store.audit(id, audit.event("hold").build());
                if (notify) {
                    notifier.publish(Notices.flapping(d, decision, state.position(), trigger));
                    m.put("FlapHolds", 1, Metrics.Unit.Count);
                }
                return new SwitchRunner.Result(state.holding("flapping: " + decision.reason(), true),
                        new Outcome(id, decision.kind().name(), decision.reason(), state.position().name(), false, List.of(), notify));
            }
            if (decision.refuses()) {
                boolean notify = fromAlarm || !Objects.equals(state.lastRefusal(), decision.reason());
                store.audit(id, audit.event("refused").build());
                if (notify) {
                    notifier.publish(Notices.refused(d, decision, trigger));
                }
                m.put("Refusals", 1, Metrics.Unit.Count);
                return new SwitchRunner.Result(state.refused(decision.reason()),
                        new Outcome(id, decision.kind().name(), decision.reason(), state.position().name(), false, List.of(), notify));
            }
            if (fromAlarm) {
                store.audit(id, audit.event("alarm").build());
            }
            return new SwitchRunner.Result(decision.kind() == Decision.Kind.IGNORE && state.position() == Position.PRIMARY ? state.refused(null) : state,
                    Outcome.of(id, decision.kind().name(), decision.reason(), state.position().name()));
        } finally {
            m.flush();
        }
    }

    /**
     * The distribution's lease, waiting up to ~30 s for another invocation to finish with it (an SNS subscription and an
     * EventBridge rule deliver the same transition at the same moment; the second should find it handled, not fail).
     */
    DistributionState lockWaiting(String distributionId, String owner) {
        long wait = 250;
        for (int attempt = 0; attempt < 8; attempt++) {
            var state = store.lock(distributionId, owner, clock.instant());
            if (state.isPresent()) {
                return state.get();
            }
            sleeper.sleep(wait);
            wait = Math.min(wait * 2, 8_000);
        }
        throw new DistributionBusy(distributionId);
    }

    private void save(ProtectedDistribution d, String owner, DistributionState state, Instant now) {
        if (!store.saveAndUnlock(d.distributionId(), owner, state, now)) {
            throw new IllegalStateException("lost the lease of " + d.distributionId() + " before saving its state (invocation ran past the lease)");
        }
    }
}
