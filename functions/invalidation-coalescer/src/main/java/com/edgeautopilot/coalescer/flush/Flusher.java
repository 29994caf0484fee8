package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.cdn.CallerReferenceConflict;
import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.coalescer.cdn.InvalidationRefused;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.inventory.BucketListing;
import com.edgeautopilot.coalescer.inventory.SiteInventory;
import com.edgeautopilot.coalescer.plan.InvalidationPlanner;
import com.edgeautopilot.coalescer.plan.PathCoverage;
import com.edgeautopilot.coalescer.plan.Plan;
import com.edgeautopilot.coalescer.plan.PlannedPath;
import com.edgeautopilot.coalescer.store.CoalescerStore;
import com.edgeautopilot.coalescer.store.DistributionState;
import com.edgeautopilot.coalescer.store.InvalidationRecord;
import com.edgeautopilot.coalescer.store.OpenBatch;
import com.edgeautopilot.coalescer.store.PendingChange;
import com.edgeautopilot.coalescer.usage.UsageAccounting;
import com.edgeautopilot.coalescer.usage.UsageSignals;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Flushes a distribution's pending changes into CloudFront invalidations:
 * lease → resume an open batch, or read pending (less late copies of changes already invalidated) → plan → persist the batch → CreateInvalidation per request
 * (deterministic CallerReference) → record each acceptance with its usage → clear exactly the flushed changes → release.
 * When CloudFront refuses (in-progress limits, throttling, 5xx) the changes stay pending and the distribution backs
 * off; when it says a reference was used for other paths, the batch is abandoned, counted, and planned afresh.
 * Every call reports the age of the oldest pending change, whatever it decides, so stuck changes reach the alarm.
 */
public final class Flusher {

    private final CoalescerConfig config;
    private final CoalescerStore store;
    private final InvalidationGateway gateway;
    private final UsageAccounting usage;
    private final BatchPlanning planning;
    private final FlushPolicy policy;
    private final Clock clock;
    private final Log log;
    private final Supplier<Metrics> metrics;

    /**
     * @param listing lists the distribution's buckets at flush time so the planner counts what a wildcard would evict;
     *                {@link BucketListing#NONE} (or a failed / too large listing) makes it assume instead
     */
    public Flusher(CoalescerConfig config, CoalescerStore store, InvalidationGateway gateway, UsageSignals signals,
                   BucketListing listing, Clock clock, Log log, Supplier<Metrics> metrics) {
        this.config = config;
        this.store = store;
        this.gateway = gateway;
        this.usage = new UsageAccounting(store, signals, config.freePathsPerMonth(), config.usageThresholds(), log);
        this.planning = new BatchPlanning(config.routes(), new InvalidationPlanner(config.costModel()),
                new SiteInventory(config.routes(), listing, config.inventoryMaxObjects()));
        this.policy = new FlushPolicy(config.quietPeriod(), config.maxDelay(), config.maxPendingChanges());
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * Flushes every configured distribution that is due (or has pending changes, when {@code force}). One
     * distribution's failure does not hold back the others; it is rethrown once all were tried, so the invocation
     * still fails visibly (function errors alarm) and the changes stay pending for the next tick.
     */
    public List<FlushOutcome> flushAll(String owner, boolean force) {
        List<FlushOutcome> outcomes = new ArrayList<>();
        RuntimeException failure = null;
        for (String distributionId : config.routes().distributionIds()) {
            try {
                outcomes.add(flush(distributionId, owner, force));
            } catch (RuntimeException e) {
                log.forRequest(owner).error("flush failed; the changes stay pending", e, "distributionId", distributionId);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return outcomes;
    }

    public FlushOutcome flush(String distributionId, String owner, boolean force) {
        return flush(store.state(distributionId), owner, force);
    }

    /**
     * Flushes from a state the caller has just read or written (an ingest's pending-marker write returns it), saving
     * the read; the decision is checked again on the state the lease returns before anything is done.
     */
    public FlushOutcome flush(DistributionState seen, String owner, boolean force) {
        long now = clock.millis();
        String distributionId = seen.distributionId();
        reportPendingAge(seen, now);
        FlushPolicy.Decision decision = policy.decide(seen, now, force);
        if (!decision.flushes()) {
            return FlushOutcome.skipped(distributionId, decision, null);
        }
        Optional<DistributionState> leased = store.acquireLease(distributionId, owner, now, config.lease());
        if (leased.isEmpty()) {
            return FlushOutcome.skipped(distributionId, decision, "another flusher holds the lease");
        }
        DistributionState state = leased.get();
        decision = policy.decide(state, now, force); // re-check on the state we now own
        Log flog = log.forRequest(owner).with("distributionId", distributionId).with("trigger", decision.name());
        if (!decision.flushes()) {
            store.releaseLease(distributionId, owner, state.backoffUntil(), state.attempts());
            return FlushOutcome.skipped(distributionId, decision, null);
        }
        int attempts = state.attempts();
        long backoffUntil = 0;
        FlushAttempt attempt = new FlushAttempt(distributionId, decision, state, now, flog);
        try {
            attempt.inFlight = gateway.inProgress(distributionId); // the live truth: also other stacks' invalidations
            FlushOutcome outcome = state.openBatchId() != null ? resume(attempt, owner) : flushPending(attempt, owner);
            attempts = 0;
            return outcome;
        } catch (InvalidationRefused refused) {
            attempts++;
            Duration wait = Backoff.after(attempts, refused.reason());
            backoffUntil = now + wait.toMillis();
            flog.warn("CloudFront refused the invalidation; changes stay pending", "reason", refused.reason().name(),
                    "attempt", attempts, "retryInSeconds", wait.toSeconds(), "detail", refused.getMessage());
            count("InvalidationRefusals", distributionId);
            return attempt.outcome(refused.reason().name());
        } catch (CallerReferenceConflict conflict) {
            attempts++;
            store.abandonBatch(distributionId, owner);
            flog.error("CloudFront says the CallerReference was used for other paths; the batch is abandoned and planned again "
                    + "under a fresh reference", conflict, "batchId", attempt.batchId);
            count("CallerReferenceConflicts", distributionId);
            return attempt.outcome("CALLER_REFERENCE_CONFLICT");
        } finally {
            store.releaseLease(distributionId, owner, backoffUntil, attempts);
            usage.signalDue(month(), owner, clock.millis());
        }
    }

    private FlushOutcome flushPending(FlushAttempt attempt, String owner) {
        String distributionId = attempt.distributionId;
        List<PendingChange> pending = withoutLateCopies(attempt, store.pending(distributionId));
        attempt.pendingKeys = pending.size();
        if (pending.isEmpty()) {
            store.closeBatch(distributionId, owner, attempt.state.generation(), false, attempt.startedAt, clock.millis());
            return attempt.outcome(null);
        }
        YearMonth month = month();
        long firstPendingAt = attempt.state.firstPendingAt() != null ? attempt.state.firstPendingAt()
                : pending.stream().mapToLong(PendingChange::changedAt).min().orElse(attempt.startedAt);
        BatchPlanning.PlannedBatch planned = planning.plan(attempt, pending, usage.capacity(month, attempt.inFlight), firstPendingAt);
        Plan plan = planned.planOrNull();
        if (plan != null && plan.paths().isEmpty()) {
            attempt.leftPending = pending.size();
            throw new InvalidationRefused(InvalidationRefused.Reason.TOO_MANY_IN_PROGRESS,
                    "no in-progress capacity left (" + attempt.inFlight.size() + " invalidations in flight)", null);
        }
        if (plan != null) {
            attempt.paths = plan.paths().stream().map(PlannedPath::path).toList();
            attempt.billable = plan.billablePaths();
            attempt.cost = plan.estimatedCostUsd();
            plan.paths().forEach(p -> attempt.reasons.add(p.path() + ": " + p.reason()));
        }
        OpenBatch batch = planned.batch();
        attempt.batchId = batch.batchId();
        store.openBatch(distributionId, owner, batch);
        attempt.log.info("planned flush", "batchId", batch.batchId(), "pendingKeys", pending.size(), "urlPaths", planned.urlPaths(),
                "paths", attempt.paths.size(), "requests", batch.requests().size(), "billablePaths", attempt.billable,
                "deferred", plan == null ? 0 : plan.deferred().size());
        submitOrClearAccepted(attempt, batch, () -> pending);
        finish(attempt, owner, batch, pending, planned.covered());
        return attempt.outcome(null);
    }

    /** Drops, and clears, pending changes that are late copies of changes already invalidated within the dedupe window. */
    private List<PendingChange> withoutLateCopies(FlushAttempt attempt, List<PendingChange> pending) {
        List<PendingChange> copies = store.lateCopies(attempt.distributionId, pending, clock.millis());
        if (copies.isEmpty()) {
            return pending;
        }
        int discarded = store.discardLateCopies(attempt.distributionId, copies);
        attempt.reasons.add(copies.size() + " late copies of changes already invalidated: not paid again");
        attempt.log.info("dropped late copies of changes already invalidated", "lateCopies", copies.size(), "cleared", discarded);
        Set<PendingChange> dropped = new HashSet<>(copies);
        return pending.stream().filter(change -> !dropped.contains(change)).toList();
    }

    private FlushOutcome resume(FlushAttempt attempt, String owner) {
        String distributionId = attempt.distributionId;
        Optional<OpenBatch> found = store.loadBatch(distributionId, attempt.state.openBatchId());
        if (found.isEmpty()) {
            // its record expired or was removed by hand: nothing to resubmit, so plan the pending changes afresh
            attempt.log.error("open batch record is missing; planning the pending changes again", null, "batchId", attempt.state.openBatchId());
            store.closeBatch(distributionId, owner, attempt.state.generation(), true, attempt.startedAt, clock.millis());
            return flushPending(attempt, owner);
        }
        OpenBatch batch = found.get();
        attempt.batchId = batch.batchId();
        attempt.paths = batch.requests().stream().flatMap(List::stream).toList();
        attempt.reasons.add("resumed batch " + batch.batchId() + " planned at " + batch.plannedAt()
                + " (" + batch.submitted().size() + " of " + batch.requests().size() + " requests already accepted)");
        attempt.log.info("resuming open batch", "batchId", batch.batchId(), "accepted", batch.submitted().size(), "requests", batch.requests().size());
        submitOrClearAccepted(attempt, batch, () -> store.pending(distributionId));

        List<PendingChange> pending = store.pending(distributionId);
        attempt.pendingKeys = pending.size();
        List<PendingChange> covered = pending.stream().filter(batch::covers).toList(); // by identity: a later change has another id
        finish(attempt, owner, batch, pending, covered);
        return attempt.outcome(null);
    }

    private void finish(FlushAttempt attempt, String owner, OpenBatch batch, List<PendingChange> pending, List<PendingChange> covered) {
        long now = clock.millis();
        attempt.cleared = store.clearFlushed(attempt.distributionId, covered, batch.batchId(), now);
        attempt.leftPending = pending.size() - attempt.cleared;
        Set<PendingChange> coveredSet = new HashSet<>(covered);
        long stillPendingSince = pending.stream().filter(c -> !coveredSet.contains(c))
                .mapToLong(PendingChange::changedAt).min().orElse(attempt.startedAt);
        store.closeBatch(attempt.distributionId, owner, attempt.state.generation(), attempt.leftPending > 0, stillPendingSince, now);

        int pathCount = attempt.paths.size();
        Metrics m = metrics.get()
                .property("distributionId", attempt.distributionId).property("batchId", batch.batchId()).property("trigger", attempt.decision.name());
        m.put("PathsSubmitted", pathCount, Metrics.Unit.Count)
                .put("PendingKeysFlushed", attempt.cleared, Metrics.Unit.Count)
                .put("KeysLeftPending", attempt.leftPending, Metrics.Unit.Count)
                .put("BillablePaths", attempt.billable, Metrics.Unit.Count);
        if (pathCount > 0) {
            m.put("CoalescingRatio", (double) pending.size() / pathCount, Metrics.Unit.None);
        }
        m.flush();
        attempt.log.info("flush complete", "batchId", batch.batchId(), "cleared", attempt.cleared, "leftPending", attempt.leftPending,
                "invalidations", attempt.invalidationIds);
    }

    /**
     * Submits the batch; when CloudFront says a reference was used for other paths (the batch is then abandoned), first
     * clears the changes the requests it already accepted invalidate whole, so the batch planned afresh does not pay
     * them again.
     */
    private void submitOrClearAccepted(FlushAttempt attempt, OpenBatch batch, Supplier<List<PendingChange>> pending) {
        try {
            submit(attempt, batch);
        } catch (CallerReferenceConflict conflict) {
            if (!batch.submitted().isEmpty()) {
                PathCoverage accepted = new PathCoverage(batch.submitted().stream().flatMap(i -> batch.requests().get(i).stream()).toList());
                List<PendingChange> done = pending.get().stream().filter(batch::covers)
                        .filter(change -> planning.urlPaths(attempt.distributionId, change).stream().allMatch(accepted::covers)).toList();
                attempt.cleared = store.clearFlushed(attempt.distributionId, done, batch.batchId(), clock.millis());
            }
            throw conflict;
        }
    }

    /** Submits the batch's requests not yet accepted, recording each acceptance (with its usage) before the next one. */
    private void submit(FlushAttempt attempt, OpenBatch batch) {
        String distributionId = attempt.distributionId;
        for (int i = 0; i < batch.requests().size(); i++) {
            if (batch.submitted().contains(i)) {
                continue;
            }
            List<String> paths = batch.requests().get(i);
            String reference = batch.callerReference(i);
            InvalidationGateway.Accepted accepted = gateway.submit(distributionId, reference, paths);
            long now = clock.millis();
            int wildcards = (int) paths.stream().filter(p -> p.endsWith("*")).count();
            // the month CloudFront created it in: a request accepted before midnight and recorded after counts in its month
            YearMonth acceptedIn = YearMonth.from(Instant.ofEpochMilli(accepted.createdAt()).atZone(ZoneOffset.UTC));
            long usedBefore = store.usage(acceptedIn);
            long billable = usage.billable(usedBefore, paths.size());
            boolean counted = store.requestAccepted(distributionId, batch, i, acceptedIn,
                    new InvalidationRecord(distributionId, accepted.invalidationId(), reference, batch.batchId(), paths.size(),
                            wildcards, billable, batch.trigger(), now, Math.max(0, now - batch.firstPendingAt())));
            batch.submitted().add(i);
            attempt.invalidationIds.add(accepted.invalidationId());
            attempt.log.info("invalidation accepted", "invalidationId", accepted.invalidationId(), "callerReference", reference,
                    "paths", paths.size(), "wildcards", wildcards, "billablePaths", billable, "counted", counted);
            metrics.get().property("distributionId", distributionId)
                    .put("FreePathsLeft", usage.freePathsLeft(usedBefore + (counted ? paths.size() : 0)), Metrics.Unit.Count).flush();
        }
    }

    /** The gauge the pending-age alarm watches: emitted on every call while the distribution has pending changes. */
    private void reportPendingAge(DistributionState state, long now) {
        if (state.firstPendingAt() != null) {
            metrics.get().property("distributionId", state.distributionId())
                    .put("OldestPendingAgeSeconds", Math.max(0, now - state.firstPendingAt()) / 1000.0, Metrics.Unit.Seconds).flush();
        }
    }

    private void count(String metric, String distributionId) {
        metrics.get().property("distributionId", distributionId).put(metric, 1, Metrics.Unit.Count).flush();
    }

    private YearMonth month() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }
}
