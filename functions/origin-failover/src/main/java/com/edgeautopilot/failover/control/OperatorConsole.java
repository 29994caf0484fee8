package com.edgeautopilot.failover.control;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.failover.cdn.ConfigEdit;
import com.edgeautopilot.failover.cdn.DistributionGateway;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.health.AlarmHealthCheck;
import com.edgeautopilot.failover.notify.Notices;
import com.edgeautopilot.failover.notify.Notifier;
import com.edgeautopilot.failover.policy.Decision;
import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.policy.AlarmHealth;
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
 * (a boolean) and {@code actor}; a field of the wrong type is refused with an error naming it, before anything is
 * done. A manual switch that moved traffic also holds automatic switching until {@code release}, so the automation does
 * not undo it (a refused one does not). A manual failover still refuses a standby whose alarm is in ALARM or
 * unreadable. A dry run changes nothing and every audit entry it writes is marked dry-run.
 */
public final class OperatorConsole {

    /** The answer to every operator payload: what was done, the state now, the live behaviour targets and the audit tail. */
    public record Answer(String action, Outcome outcome, String position, boolean held, String heldReason, Long primaryOkSince,
                         List<String> liveTargets, List<AuditEntry> auditTail) {
    }

    private static final List<String> ACTIONS = List.of("status", "failover", "failback", "hold", "release");

    private final FailoverConfig config;
    private final DistributionLease lease;
    private final FailoverStore store;
    private final AlarmHealthCheck health;
    private final DistributionGateway gateway;
    private final SwitchRunner runner;
    private final Notifier notifier;
    private final Clock clock;
    private final Supplier<Metrics> metrics;

    OperatorConsole(FailoverConfig config, DistributionLease lease, FailoverStore store, AlarmHealthCheck health, DistributionGateway gateway,
                    SwitchRunner runner, Notifier notifier, Clock clock, Supplier<Metrics> metrics) {
        this.config = config;
        this.lease = lease;
        this.store = store;
        this.health = health;
        this.gateway = gateway;
        this.runner = runner;
        this.notifier = notifier;
        this.clock = clock;
        this.metrics = metrics;
    }

    private record Handled(Outcome outcome, DistributionState state) {
    }

    public Answer run(String action, Map<String, Object> payload, String invocationId, Log log) {
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("unknown operator action '" + action + "': expected status, failover, failback, hold or release");
        }
        ProtectedDistribution d = distribution(field(payload, "distributionId", String.class));
        String actor = field(payload, "actor", String.class);
        actor = actor == null || actor.isBlank() ? "operator" : actor;
        Boolean dryRunField = field(payload, "dryRun", Boolean.class);
        boolean dryRun = dryRunField != null ? dryRunField : config.dryRunDefault();
        String id = d.distributionId();
        if ("status".equals(action)) {
            return answer(action, d, Outcome.of(id, "STATUS", "read only", null), store.read(id));
        }
        String who = actor;
        Handled handled = lease.waitingFor(id, invocationId, (state, checkpoint) -> {
            Metrics m = metrics.get();
            try {
                return act(action, d, who, dryRun, runner.reconcile(d, state, clock.instant(), m, log), checkpoint, m, log);
            } finally {
                m.flush();
            }
        });
        return answer(action, d, handled.outcome(), handled.state());
    }

    private DistributionLease.Done<Handled> act(String action, ProtectedDistribution d, String actor, boolean dryRun, DistributionState state,
                                                DistributionLease.Checkpoint checkpoint, Metrics m, Log log) {
        Instant now = clock.instant();
        String id = d.distributionId();
        String trigger = "operator:" + action;
        DistributionState next = state;
        Outcome outcome;
        if (action.equals("failover") || action.equals("failback")) {
            boolean over = action.equals("failover");
            AlarmHealth standby = over ? health.check(d.standbyAlarms()) : AlarmHealth.NOT_CHECKED;
            if (over && standby.status() != AlarmHealth.Status.HEALTHY) {
                Decision refusal = new Decision(standby.status() == AlarmHealth.Status.UNHEALTHY ? Decision.Kind.REFUSE_STANDBY_UNHEALTHY
                        : Decision.Kind.REFUSE_STANDBY_UNKNOWN, "operator failover refused: the standby " + standby.reason());
                AuditEntry.Builder audit = new AuditEntry.Builder(now.toEpochMilli(), refusal.kind().name(), refusal.reason(), trigger, actor).event("refused");
                store.audit(id, (dryRun ? audit.dryRun() : audit).build());
                outcome = new Outcome(id, refusal.kind().name(), refusal.reason(), state.position().name(), dryRun, List.of(), false);
            } else {
                Decision decision = new Decision(over ? Decision.Kind.FAIL_OVER : Decision.Kind.FAIL_BACK, actor + " asked for " + action);
                SwitchRunner.Result result = runner.run(d, state, decision, trigger, actor, dryRun, false, now, checkpoint, m, log);
                next = result.state();
                outcome = result.outcome();
                if (!dryRun && next.position() == decision.target()) {
                    // traffic is where the operator asked (by what this function moved): the automation must not undo it
                    next = next.holding("manual " + action + " by " + actor + "; release to resume automation", true);
                }
            }
        } else if (dryRun) {
            outcome = new Outcome(id, action.toUpperCase(java.util.Locale.ROOT), "dry run: nothing changed", state.position().name(), true, List.of(), false);
        } else {
            next = action.equals("hold") ? state.holding("held by " + actor, true) : state.released();
            outcome = Outcome.of(id, action.toUpperCase(java.util.Locale.ROOT), action.equals("hold") ? "automatic switching stopped until release"
                    : "automatic switching resumed; flap counter reset", state.position().name());
            store.audit(id, new AuditEntry.Builder(now.toEpochMilli(), outcome.decision(), outcome.reason(), trigger, actor).event(action).build());
            notifier.publish(Notices.operator(d, action, actor, outcome.reason()));
        }
        return new DistributionLease.Done<>(next, new Handled(outcome, next));
    }

    /** A payload field of the expected type, or null when absent; any other type is refused with an error naming the field. */
    private static <T> T field(Map<String, Object> payload, String name, Class<T> type) {
        Object value = payload.get(name);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw new IllegalArgumentException("operator payload field '" + name + "' must be " + (type == Boolean.class ? "true or false (a JSON boolean)"
                : "a JSON string") + ", got " + value.getClass().getSimpleName() + " " + Json.write(value) + "; nothing was done");
    }

    private Answer answer(String action, ProtectedDistribution d, Outcome outcome, DistributionState state) {
        List<String> live = ConfigEdit.targets(gateway.readConfig(d.distributionId()).config());
        return new Answer(action, outcome, state.position().name(), state.held(), state.heldReason(), state.primaryOkSince(), live,
                store.auditTail(d.distributionId(), 10));
    }

    private ProtectedDistribution distribution(String requested) {
        if (requested == null) {
            if (config.distributions().size() == 1) {
                return config.distributions().get(0);
            }
            throw new IllegalArgumentException("distributionId is required: this function protects " + config.distributions().stream()
                    .map(ProtectedDistribution::distributionId).toList());
        }
        ProtectedDistribution d = config.distribution(requested);
        if (d == null) {
            throw new IllegalArgumentException("distribution " + requested + " is not protected by this function (see " + FailoverConfig.PROTECTED_DISTRIBUTIONS + ")");
        }
        return d;
    }
}
