package com.edgeautopilot.failover.control;

import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.failover.cdn.ConfigEdit;
import com.edgeautopilot.failover.cdn.DistributionGateway;
import com.edgeautopilot.failover.cdn.DistributionSwitcher;
import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.notify.Notice;
import com.edgeautopilot.failover.notify.Notices;
import com.edgeautopilot.failover.notify.Notifier;
import com.edgeautopilot.failover.policy.Decision;
import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.policy.DistributionState.Move;
import com.edgeautopilot.failover.policy.Position;
import com.edgeautopilot.failover.store.AuditEntry;
import com.edgeautopilot.failover.store.FailoverStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Carries out a switch the policy (or an operator) decided, deciding from the distribution's live config: what to move
 * is what the live config has on the origin being left (a failover, within the configured scope) or exactly what this
 * function moved (a failback). The switch is recorded as a {@link Move} before its UpdateDistribution; the audit entry
 * and the notice are keyed by the move's id, so whoever finishes it (this invocation, or the next one after a failure
 * or a crash, through {@link #reconcile}) records and announces it exactly once.
 */
final class SwitchRunner {

    record Result(DistributionState state, Outcome outcome) {
    }

    private final DistributionSwitcher switcher;
    private final DistributionGateway gateway;
    private final FailoverStore store;
    private final Notifier notifier;
    private final Duration flapPeriod;

    SwitchRunner(DistributionSwitcher switcher, DistributionGateway gateway, FailoverStore store, Notifier notifier, Duration flapPeriod) {
        this.switcher = switcher;
        this.gateway = gateway;
        this.store = store;
        this.notifier = notifier;
        this.flapPeriod = flapPeriod;
    }

    /**
     * @param repeat  the follow-up tick retrying what an earlier trigger already asked for: a refusal of the same kind as
     *                the last one is neither audited nor notified again
     */
    Result run(ProtectedDistribution d, DistributionState state, Decision decision, String trigger, String actor, boolean dryRun, boolean repeat,
               Instant now, DistributionLease.Checkpoint checkpoint, Metrics metrics, Log log) {
        Position target = decision.target();
        String id = d.distributionId();
        // a failback moves back exactly what the failover moved; a failover moves what the scope has on the primary now
        List<String> onlyThese = target == Position.PRIMARY ? state.onStandby() : null;
        DistributionSwitcher.Outcome plan = switcher.switchTo(d, target, onlyThese, true);
        AuditEntry.Builder audit = new AuditEntry.Builder(now.toEpochMilli(), decision.kind().name(), decision.reason(), trigger, actor)
                .config(plan.diff(), plan.before(), plan.after(), plan.etagBefore(), null, plan.millis());
        if (dryRun) {
            audit.dryRun();
        }
        if (plan.kind() == DistributionSwitcher.Outcome.Kind.REFUSED) {
            return refusedConfig(d, state, trigger, dryRun, repeat, plan, audit, metrics, log);
        }
        if (plan.kind() == DistributionSwitcher.Outcome.Kind.ALREADY_THERE) {
            return nothingToMove(d, state, decision, trigger, dryRun, repeat, plan, audit, metrics, log);
        }
        if (dryRun) {
            store.audit(id, audit.event("dry-run").build());
            notifier.publish(Notices.switched(d, decision, trigger, plan.diff(), true));
            log.info("dry run", "distributionId", id, "to", target.name(), "diff", plan.diff());
            return new Result(state, new Outcome(id, decision.kind().name(), "dry run: " + decision.reason(), state.position().name(), true,
                    plan.diff(), true));
        }
        Move move = new Move(target.name().toLowerCase(Locale.ROOT) + "@" + now.toEpochMilli(), target, plan.moved(), decision.kind().name(),
                decision.reason(), trigger, actor, now.toEpochMilli());
        DistributionState recorded = state.withInFlight(move);
        checkpoint.save(recorded); // before the update: whoever comes next knows exactly what this switch moves
        DistributionSwitcher.Outcome done = switcher.switchTo(d, target, move.behaviours(), false);
        metrics.put("UpdateAttempts", done.attempts(), Metrics.Unit.Count);
        Result finished = finish(d, recorded, now, metrics, log);
        if (!finished.outcome().diff().isEmpty() || done.kind() == DistributionSwitcher.Outcome.Kind.SWITCHED) {
            return finished;
        }
        // the config changed between our read and the update (412, re-read) and the live config shows nothing moved:
        // answer as if the first read had shown it (a refusal or nothing to move is said, not dropped as "did not happen")
        AuditEntry.Builder again = new AuditEntry.Builder(now.toEpochMilli(), decision.kind().name(), decision.reason(), trigger, actor)
                .config(List.of(), done.before(), done.after(), done.etagBefore(), null, done.millis());
        return done.kind() == DistributionSwitcher.Outcome.Kind.REFUSED
                ? refusedConfig(d, finished.state(), trigger, false, repeat, done, again, metrics, log)
                : nothingToMove(d, finished.state(), decision, trigger, false, repeat, done, again, metrics, log);
    }

    /**
     * Finishes (or drops) a switch recorded before its UpdateDistribution, from the live config: when none of it still
     * targets the origin being left, what of it points at its target was moved (audit and notice once, keyed by the move);
     * when nothing points at the target, or some of it still targets the origin being left, it did not happen.
     */
    DistributionState reconcile(ProtectedDistribution d, DistributionState state, Instant now, Metrics metrics, Log log) {
        return state.inFlight() == null ? state : finish(d, state, now, metrics, log).state();
    }

    private Result finish(ProtectedDistribution d, DistributionState state, Instant now, Metrics metrics, Log log) {
        Move move = state.inFlight();
        String id = d.distributionId();
        DistributionGateway.Versioned live = gateway.readConfig(id);
        String to = move.target() == Position.STANDBY ? d.standbyOriginId() : d.primaryOriginId();
        String from = move.target() == Position.STANDBY ? d.primaryOriginId() : d.standbyOriginId();
        List<String> moved = move.behaviours().stream().filter(b -> to.equals(ConfigEdit.targetOf(live.config(), b))).toList();
        List<String> left = move.behaviours().stream().filter(b -> from.equals(ConfigEdit.targetOf(live.config(), b))).toList();
        // one UpdateDistribution carries the whole move: while any of it still targets the origin being left, it did not
        // happen (what is on the target was put there by hand, and is someone else's to move back); the policy decides again
        if (moved.isEmpty() || !left.isEmpty()) {
            log.warn("recorded switch did not happen", "distributionId", id, "move", move.id(), "behaviours", move.behaviours(), "stillOnOrigin", from, "stillThere", left);
            return new Result(state.withoutInFlight(), Outcome.of(id, "NOT_SWITCHED", "the live config shows " + (moved.isEmpty() ? "none of "
                    + move.behaviours() + " on " + to : left + " still on " + from), state.position().name()));
        }
        List<String> diff = moved.stream().map(b -> (b.equals(ConfigEdit.DEFAULT_BEHAVIOUR) ? "default behaviour" : "behaviour " + b)
                + ": TargetOriginId " + from + " -> " + to).toList();
        Decision decision = new Decision(Decision.Kind.valueOf(move.decision()), move.reason());
        List<String> after = ConfigEdit.targets(live.config());
        AuditEntry entry = new AuditEntry.Builder(move.atMillis(), move.decision(), move.reason(), move.trigger(), move.actor())
                .config(diff, List.of(), after, null, live.etag(), now.toEpochMilli() - move.atMillis()).event("switched").build();
        store.auditOnce(id, "switched#" + move.id(), entry);
        store.once(id, "notice#" + move.id(), UUID.randomUUID().toString(), now,
                () -> notifier.publish(Notices.switched(d, decision, move.trigger(), diff, false)));
        metrics.put("Switches", 1, Metrics.Unit.Count);
        log.info("switched", "distributionId", id, "to", move.target().name(), "move", move.id(), "diff", diff);
        // what this function has on the standby is what it moved there that the live config still shows there (a behaviour
        // deleted or re-pointed by hand is no longer ours to move back, and must not make the state claim the standby)
        DistributionState next = state.switchedTo(move.target(), Instant.ofEpochMilli(move.atMillis()), moved,
                new DistributionState.PendingDeployment(move.target(), move.atMillis(), live.etag()), flapPeriod)
                .onStandbyOnly(b -> d.standbyOriginId().equals(ConfigEdit.targetOf(live.config(), b)));
        return new Result(next, new Outcome(id, move.decision(), move.reason(), next.position().name(), false, diff, true));
    }

    /** The configuration names an origin, behaviour or group the distribution lacks: nothing is sent. */
    private Result refusedConfig(ProtectedDistribution d, DistributionState state, String trigger, boolean dryRun, boolean repeat,
                                 DistributionSwitcher.Outcome plan, AuditEntry.Builder audit, Metrics metrics, Log log) {
        String id = d.distributionId();
        boolean notify = !(repeat && "REFUSED_CONFIG".equals(state.lastRefusal()));
        if (notify) {
            store.audit(id, audit.event("refused-config").build());
            notifier.publish(new Notice("REFUSED " + id + ": configuration does not match the distribution",
                    "Distribution " + id + " was NOT switched: " + plan.refusal() + "\nTrigger: " + trigger
                            + "\nNext: fix the setting named above (ProtectedDistributions in the environment's fleet file, config/<env>.yaml) and redeploy.",
                    "critical", id, "refused-config"));
        }
        metrics.put("Refusals", 1, Metrics.Unit.Count);
        log.warn("configuration refused", "distributionId", id, "refusal", plan.refusal());
        return new Result(dryRun ? state : state.refused("REFUSED_CONFIG"),
                new Outcome(id, "REFUSED_CONFIG", plan.refusal(), state.position().name(), dryRun, List.of(), notify));
    }

    /** The live config has nothing to move: a failover whose scope targets nothing on the primary, or a failback of behaviours moved back by hand. */
    private Result nothingToMove(ProtectedDistribution d, DistributionState state, Decision decision, String trigger, boolean dryRun,
                                 boolean repeat, DistributionSwitcher.Outcome plan, AuditEntry.Builder audit, Metrics metrics, Log log) {
        String id = d.distributionId();
        log.info("nothing to move", "distributionId", id, "target", decision.target().name(), "reason", plan.refusal(), "live", plan.before());
        if (decision.target() == Position.PRIMARY) {
            store.audit(id, audit.event("already-there").build());
            String reason = state.onStandby().isEmpty()
                    ? "this function moved nothing to the standby, so it moves nothing back (what was moved by hand is moved back by hand): " + plan.before()
                    : "none of " + state.onStandby() + " targets " + d.standbyOriginId() + " any more (moved back by hand?): " + plan.before();
            return new Result(dryRun ? state : state.nothingOnStandby(), Outcome.of(id, "ALREADY_THERE", reason, Position.PRIMARY.name()));
        }
        if (state.position() == Position.STANDBY) { // an operator's failover after this function's own
            store.audit(id, audit.event("already-there").build());
            return new Result(state, Outcome.of(id, "ALREADY_THERE", "this function already moved " + state.onStandby() + " to "
                    + d.standbyOriginId() + " and nothing else in the scope targets " + d.primaryOriginId(), state.position().name()));
        }
        metrics.put("Refusals", 1, Metrics.Unit.Count);
        boolean notify = !(repeat && "NOT_SWITCHED".equals(state.lastRefusal()));
        String reason = "no behaviour in the configured scope targets " + d.primaryOriginId() + " (" + plan.refusal() + "); live targets "
                + plan.before();
        if (notify) {
            store.audit(id, audit.event("not-switched").build());
            notifier.publish(new Notice("NOT SWITCHED " + id + ": nothing targets " + d.primaryOriginId(),
                    "Distribution " + id + " was NOT switched to " + d.standbyOriginId() + ": " + reason + "\nWhy a switch was asked: "
                            + decision.reason() + "\nTrigger: " + trigger + "\nNext: check the behaviours (origin groups fail over by "
                            + "themselves) and the setting " + d.setting() + " (ProtectedDistributions in the environment's fleet file, config/<env>.yaml).",
                    "critical", id, "not-switched"));
        }
        return new Result(dryRun ? state : state.refused("NOT_SWITCHED"),
                new Outcome(id, "NOT_SWITCHED", reason, state.position().name(), dryRun, List.of(), notify));
    }
}
