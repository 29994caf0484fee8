package com.edgeautopilot.failover.control;

import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.failover.cdn.ConfigEdit;
import com.edgeautopilot.failover.cdn.DistributionGateway;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.health.StandbyHealthCheck;
import com.edgeautopilot.failover.notify.Notices;
import com.edgeautopilot.failover.notify.Notifier;
import com.edgeautopilot.failover.policy.Decision;
import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.policy.StandbyHealth;
import com.edgeautopilot.failover.store.AuditEntry;
import com.edgeautopilot.failover.store.FailoverStore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operator's payloads ({@code sam remote invoke}): {@code status}, {@code failover}, {@code failback}, {@code hold},
 * {@code release}, each with optional {@code distributionId} (required when several are protected), {@code dryRun}
 * and {@code actor}. A manual switch also holds automatic switching until {@code release}, so the automation does not
 * undo it. A manual failover still refuses a standby whose alarm is in ALARM or unreadable.
 */
public final class OperatorConsole {

    /** The answer to every operator payload: what was done, the state now, the live behaviour targets and the audit tail. */
    public record Answer(String action, Outcome outcome, String position, boolean held, String heldReason, Long primaryOkSince,
                         List<String> liveTargets, List<AuditEntry> auditTail) {
    }

    private final FailoverConfig config;
    private final FailoverStore store;
    private final StandbyHealthCheck health;
    private final DistributionGateway gateway;
    private final SwitchRunner runner;
    private final Notifier notifier;
    private final Clock clock;
    private final FailoverController leases;
    private final Supplier<Metrics> metrics;

    OperatorConsole(FailoverConfig config, FailoverStore store, StandbyHealthCheck health, DistributionGateway gateway, SwitchRunner runner,
                    Notifier notifier, Clock clock, FailoverController leases, Supplier<Metrics> metrics) {
        this.config = config;
        this.store = store;
        this.health = health;
        this.gateway = gateway;
        this.runner = runner;
        this.notifier = notifier;
        this.clock = clock;
        this.leases = leases;
        this.metrics = metrics;
    }

    public Answer run(String action, Map<String, Object> payload, String invocationId, Log log) {
        ProtectedDistribution d = distribution(payload.get("distributionId"));
        String actor = payload.get("actor") instanceof String a && !a.isBlank() ? a : "operator";
        boolean dryRun = payload.get("dryRun") instanceof Boolean b ? b : config.dryRunDefault();
        String id = d.distributionId();
        if ("status".equals(action)) {
            return answer(action, d, Outcome.of(id, "STATUS", "read only", null), store.read(id));
        }
        Instant now = clock.instant();
        DistributionState state = leases.lockWaiting(id, invocationId);
        String trigger = "operator:" + action;
        Metrics m = metrics.get();
        try {
            DistributionState next;
            Outcome outcome;
            switch (action) {
                case "failover", "failback" -> {
                    boolean over = action.equals("failover");
                    StandbyHealth standby = over ? health.check(d.standbyAlarms()) : StandbyHealth.NOT_CHECKED;
                    if (over && standby.status() != StandbyHealth.Status.HEALTHY) {
                        Decision refusal = new Decision(standby.status() == StandbyHealth.Status.UNHEALTHY ? Decision.Kind.REFUSE_STANDBY_UNHEALTHY
                                : Decision.Kind.REFUSE_STANDBY_UNKNOWN, "operator failover refused: the standby " + standby.reason());
                        store.audit(id, new AuditEntry.Builder(now.toEpochMilli(), refusal.kind().name(), refusal.reason(), trigger, actor).event("refused").build());
                        next = state;
                        outcome = Outcome.of(id, refusal.kind().name(), refusal.reason(), state.position().name());
                    } else {
                        Decision decision = new Decision(over ? Decision.Kind.FAIL_OVER : Decision.Kind.FAIL_BACK, actor + " asked for " + action);
                        SwitchRunner.Result result = runner.run(d, state, decision, trigger, actor, dryRun, now, m, log);
                        next = dryRun ? result.state() : result.state().holding("manual " + action + " by " + actor + "; release to resume automation", true);
                        outcome = result.outcome();
                    }
                }
                case "hold" -> {
                    next = state.holding("held by " + actor, true);
                    outcome = Outcome.of(id, "HOLD", "automatic switching stopped until release", state.position().name());
                }
                case "release" -> {
                    next = state.released();
                    outcome = Outcome.of(id, "RELEASE", "automatic switching resumed; flap counter reset", state.position().name());
                }
                default -> throw new IllegalArgumentException("unknown operator action '" + action + "': expected status, failover, failback, hold or release");
            }
            if (!dryRun && (action.equals("hold") || action.equals("release"))) {
                store.audit(id, new AuditEntry.Builder(now.toEpochMilli(), outcome.decision(), outcome.reason(), trigger, actor).event(action).build());
                notifier.publish(Notices.operator(d, action, actor, outcome.reason()));
            }
            if (dryRun && (action.equals("hold") || action.equals("release"))) {
                next = state;
                outcome = new Outcome(id, outcome.decision(), "dry run: " + outcome.reason(), state.position().name(), true, List.of(), false);
            }
            if (!store.saveAndUnlock(id, invocationId, next, now)) {
                throw new IllegalStateException("lost the lease of " + id + " before saving its state");
            }
            return answer(action, d, outcome, next);
        } catch (RuntimeException e) {
            store.unlock(id, invocationId);
            throw e;
        } finally {
            m.flush();
        }
    }

    private Answer answer(String action, ProtectedDistribution d, Outcome outcome, DistributionState state) {
        List<String> live = ConfigEdit.targets(gateway.readConfig(d.distributionId()).config());
        return new Answer(action, outcome, state.position().name(), state.held(), state.heldReason(), state.primaryOkSince(), live,
                store.auditTail(d.distributionId(), 10));
    }

    private ProtectedDistribution distribution(Object requested) {
        if (requested == null) {
            if (config.distributions().size() == 1) {
                return config.distributions().get(0);
            }
            throw new IllegalArgumentException("distributionId is required: this function protects " + config.distributions().stream()
                    .map(ProtectedDistribution::distributionId).toList());
        }
        ProtectedDistribution d = config.distribution(String.valueOf(requested));
        if (d == null) {
            throw new IllegalArgumentException("distribution " + requested + " is not protected by this function (see " + FailoverConfig.PROTECTED_DISTRIBUTIONS + ")");
        }
        return d;
    }
}
