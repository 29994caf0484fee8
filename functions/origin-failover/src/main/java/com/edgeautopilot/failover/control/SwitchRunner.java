package com.edgeautopilot.failover.control;

import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.failover.cdn.DistributionSwitcher;
import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.notify.Notice;
import com.edgeautopilot.failover.notify.Notices;
import com.edgeautopilot.failover.notify.Notifier;
import com.edgeautopilot.failover.policy.Decision;
import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.policy.Position;
import com.edgeautopilot.failover.store.AuditEntry;
import com.edgeautopilot.failover.store.FailoverStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Carries out a switch the policy (or an operator) decided: the config change through {@link DistributionSwitcher}, the
 * audit entry, the notice, and the new state (which the caller saves under the lease it holds).
 */
final class SwitchRunner {

    record Result(DistributionState state, Outcome outcome) {
    }

    private final DistributionSwitcher switcher;
    private final FailoverStore store;
    private final Notifier notifier;
    private final Duration flapPeriod;

    SwitchRunner(DistributionSwitcher switcher, FailoverStore store, Notifier notifier, Duration flapPeriod) {
        this.switcher = switcher;
        this.store = store;
        this.notifier = notifier;
        this.flapPeriod = flapPeriod;
    }

    Result run(ProtectedDistribution d, DistributionState state, Decision decision, String trigger, String actor, boolean dryRun,
               Instant now, Metrics metrics, Log log) {
        Position target = decision.target();
        List<String> onlyThese = target == Position.PRIMARY ? state.movedBehaviours() : null;
        DistributionSwitcher.Outcome done = switcher.switchTo(d, target, onlyThese, dryRun);
        String id = d.distributionId();
        AuditEntry.Builder audit = new AuditEntry.Builder(now.toEpochMilli(), decision.kind().name(), decision.reason(), trigger, actor)
                .config(done.diff(), done.before(), done.after(), done.etagBefore(), done.etagAfter(), done.millis());
        if (done.kind() == DistributionSwitcher.Outcome.Kind.ALREADY_THERE && !dryRun && state.position() != target) {
            // an earlier attempt switched the config and failed (or died) before its audit, notice and state: finish them
            String origin = target == Position.STANDBY ? d.standbyOriginId() : d.primaryOriginId();
            List<String> moved = done.after().stream().filter(t -> t.endsWith("=" + origin)).map(t -> t.substring(0, t.lastIndexOf('='))).toList();
            done = new DistributionSwitcher.Outcome(DistributionSwitcher.Outcome.Kind.SWITCHED, List.of("(switched by an earlier attempt)"), moved,
                    done.before(), done.after(), done.etagBefore(), done.etagAfter(), done.attempts(), done.millis(), null);
            audit = new AuditEntry.Builder(now.toEpochMilli(), decision.kind().name(), decision.reason() + " (completing an interrupted switch)",
                    trigger, actor).config(done.diff(), done.before(), done.after(), done.etagBefore(), done.etagAfter(), done.millis());
        }
        switch (done.kind()) {
            case SWITCHED -> {
                // once per switch: the config version it made and the state it started from (a failed attempt saves
                // no state), so a retry that finishes an interrupted switch neither loses nor repeats these
                String once = done.etagAfter() + "#" + DynamoItems.sha256(state.toString());
                DistributionSwitcher.Outcome switched = done;
                AuditEntry entry = audit.event("switched").build();
                store.auditOnce(id, "switched#" + once, entry);
                store.once(id, "notice#" + once, UUID.randomUUID().toString(), now,
                        () -> notifier.publish(Notices.switched(d, decision, trigger, switched.diff(), false)));
                metrics.put("Switches", 1, Metrics.Unit.Count).put("UpdateAttempts", done.attempts(), Metrics.Unit.Count);
                log.info("switched", "distributionId", id, "to", target.name(), "diff", done.diff(), "attempts", done.attempts());
                DistributionState next = state.switchedTo(target, now, done.moved(),
                        new DistributionState.PendingDeployment(target, now.toEpochMilli(), done.etagAfter()), flapPeriod);
                return new Result(next, new Outcome(id, decision.kind().name(), decision.reason(), target.name(), false, done.diff(), true));
            }
            case DRY_RUN -> {
                store.audit(id, audit.event("dry-run").dryRun().build());
                notifier.publish(Notices.switched(d, decision, trigger, done.diff(), true));
                log.info("dry run", "distributionId", id, "to", target.name(), "diff", done.diff());
                return new Result(state, new Outcome(id, decision.kind().name(), "dry run: " + decision.reason(), state.position().name(), true,
                        done.diff(), true));
            }
            case ALREADY_THERE -> {
                store.audit(id, audit.event("already-there").build());
                log.info("already there", "distributionId", id, "target", target.name(), "reason", done.refusal());
                return new Result(dryRun ? state : state.at(target), Outcome.of(id, "ALREADY_THERE", done.refusal(), target.name()));
            }
            default -> {
                store.audit(id, audit.event("refused-config").build());
                notifier.publish(new Notice("REFUSED " + id + ": configuration does not match the distribution",
                        "Distribution " + id + " was NOT switched: " + done.refusal() + "\nTrigger: " + trigger
                                + "\nNext: fix the setting named above (ProtectedDistributions in the environment's fleet file, config/<env>.yaml) and redeploy.",
                        "critical", id, "refused-config"));
                metrics.put("Refusals", 1, Metrics.Unit.Count);
                log.warn("configuration refused", "distributionId", id, "refusal", done.refusal());
                return new Result(state, new Outcome(id, "REFUSED_CONFIG", done.refusal(), state.position().name(), dryRun, List.of(), true));
            }
        }
    }
}
