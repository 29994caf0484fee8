package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.coalescer.cdn.InvalidationRefused;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.plan.Capacity;
import com.edgeautopilot.coalescer.inventory.BucketListing;
import com.edgeautopilot.coalescer.plan.InvalidationPlanner;
import com.edgeautopilot.coalescer.plan.Inventory;
import com.edgeautopilot.coalescer.plan.OriginRoute;
import com.edgeautopilot.coalescer.plan.PathCoverage;
import com.edgeautopilot.coalescer.plan.Plan;
import com.edgeautopilot.coalescer.plan.PlannedPath;
import com.edgeautopilot.coalescer.store.CoalescerStore;
import com.edgeautopilot.coalescer.store.DistributionState;
import com.edgeautopilot.coalescer.store.InFlight;
import com.edgeautopilot.coalescer.store.InvalidationRecord;
import com.edgeautopilot.coalescer.store.OpenBatch;
import com.edgeautopilot.coalescer.store.PendingChange;
import com.edgeautopilot.coalescer.usage.UsageSignals;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Flushes a distribution's pending changes into CloudFront invalidations:
 * lease → resume an open batch, or read pending → plan → persist the batch → CreateInvalidation per request
 * (deterministic CallerReference) → clear exactly the flushed changes → release.
 * When CloudFront refuses (in-progress limits, throttling, 5xx) the changes stay pending and the distribution backs off.
 */
public final class Flusher {

    /** CloudFront's in-progress limits per distribution. */
    public static final int MAX_FILES_IN_PROGRESS = 3000;
    public static final int MAX_WILDCARDS_IN_PROGRESS = 15;

    /** A resumed batch clears only changes recorded this long before it was planned (clock skew between functions). */
    static final Duration RESUME_SAFETY_MARGIN = Duration.ofSeconds(1);
    private static final Duration CHECK_IN_FLIGHT_AFTER = Duration.ofSeconds(60);
    private static final Duration ASSUME_COMPLETE_AFTER = Duration.ofHours(1);

    private final CoalescerConfig config;
    private final CoalescerStore store;
    private final InvalidationGateway gateway;
    private final UsageSignals signals;
    private final BucketListing listing;
    private final InvalidationPlanner planner;
    private final FlushPolicy policy;
    private final Clock clock;
    private final Log log;
    private final Supplier<Metrics> metrics;

    /**
     * @param signals       where usage signals go, or null
     * @param listingOrNull lists the distribution's buckets at flush time so the planner counts what a wildcard would
     *                      evict; null (or a failed / too large listing) makes it assume instead
     */
    public Flusher(CoalescerConfig config, CoalescerStore store, InvalidationGateway gateway, UsageSignals signals,
                   BucketListing listingOrNull, Clock clock, Log log, Supplier<Metrics> metrics) {
        this.config = config;
        this.store = store;
        this.gateway = gateway;
        this.signals = signals;
        this.listing = listingOrNull;
        this.planner = new InvalidationPlanner(config.costModel());
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
                log.error("flush failed; the changes stay pending", e, "distributionId", distributionId);
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
        long now = clock.millis();
        FlushPolicy.Decision decision = policy.decide(store.state(distributionId), now, force);
        if (!decision.flushes()) {
            return FlushOutcome.skipped(distributionId, decision, null);
        }
        Optional<DistributionState> leased = store.acquireLease(distributionId, owner, now, config.lease());
        if (leased.isEmpty()) {
            return FlushOutcome.skipped(distributionId, decision, "another flusher holds the lease");
        }
        DistributionState state = leased.get();
        decision = policy.decide(state, now, force); // re-check on the state we now own
        Log flog = log.with("distributionId", distributionId).with("trigger", decision.name());
        if (!decision.flushes()) {
            store.releaseLease(distributionId, owner, state.backoffUntil(), state.attempts());
            return FlushOutcome.skipped(distributionId, decision, null);
        }
        int attempts = state.attempts();
        long backoffUntil = 0;
        Attempt attempt = new Attempt(distributionId, decision, state, now, flog);
        try {
            attempt.inFlight = stillInFlight(distributionId, now, flog);
            FlushOutcome outcome = state.openBatchId() != null ? resume(attempt, owner) : flushPending(attempt, owner);
            attempts = 0;
            return outcome;
        } catch (InvalidationRefused refused) {
            attempts++;
            Duration wait = Backoff.after(attempts, refused.reason());
            backoffUntil = now + wait.toMillis();
            flog.warn("CloudFront refused the invalidation; changes stay pending", "reason", refused.reason().name(),
                    "attempt", attempts, "retryInSeconds", wait.toSeconds(), "detail", refused.getMessage());
            metrics.get().property("distributionId", distributionId)
                    .put("InvalidationRefusals", 1, Metrics.Unit.Count).flush();
            return attempt.outcome(refused.reason().name());
        } finally {
            store.releaseLease(distributionId, owner, backoffUntil, attempts);
        }
    }

    /** Mutable progress of one flush, so a refusal half way still reports what was accepted. */
    private static final class Attempt {
        final String distributionId;
        final FlushPolicy.Decision decision;
        final long startedAt;
        final Log log;
        final DistributionState state;
        Collection<InFlight> inFlight = List.of();
        String batchId;
        int pendingKeys;
        List<String> paths = List.of();
        final List<String> invalidationIds = new ArrayList<>();
        int cleared;
        int leftPending;
        long billable;
        double cost;
        final List<String> reasons = new ArrayList<>();

        Attempt(String distributionId, FlushPolicy.Decision decision, DistributionState state, long startedAt, Log log) {
            this.distributionId = distributionId;
            this.decision = decision;
            this.state = state;
            this.startedAt = startedAt;
            this.log = log;
        }

        FlushOutcome outcome(String refusal) {
            return new FlushOutcome(distributionId, decision, batchId, pendingKeys, paths, invalidationIds.size(),
                    List.copyOf(invalidationIds), cleared, leftPending, billable, cost, refusal, List.copyOf(reasons));
        }
    }

    private FlushOutcome flushPending(Attempt attempt, String owner) {
        String distributionId = attempt.distributionId;
        DistributionState state = attempt.state;
        List<PendingChange> pending = store.pending(distributionId);
        attempt.pendingKeys = pending.size();
        if (pending.isEmpty()) {
            store.closeBatch(distributionId, owner, state.generation(), false, attempt.startedAt);
            return attempt.outcome(null);
        }

        Map<PendingChange, List<String>> pathsByChange = new LinkedHashMap<>();
        Set<String> rawPaths = new TreeSet<>();
        for (PendingChange change : pending) {
            List<String> paths = urlPaths(distributionId, change);
            pathsByChange.put(change, paths);
            rawPaths.addAll(paths);
        }
        YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        long used = store.usage(month);
        int filesInFlight = attempt.inFlight.stream().mapToInt(InFlight::files).sum();
        int wildcardsInFlight = attempt.inFlight.stream().mapToInt(InFlight::wildcards).sum();
        Capacity capacity = new Capacity(
                Math.max(0, config.freePathsPerMonth() - used),
                Math.max(0, MAX_FILES_IN_PROGRESS - filesInFlight),
                Math.max(0, MAX_WILDCARDS_IN_PROGRESS - wildcardsInFlight));
        Plan plan = rawPaths.isEmpty() ? null : planner.plan(rawPaths, capacity, inventory(distributionId, rawPaths, attempt.log));
        if (plan != null && plan.paths().isEmpty()) {
            attempt.leftPending = pending.size();
            throw new InvalidationRefused(InvalidationRefused.Reason.TOO_MANY_IN_PROGRESS,
                    "no in-progress capacity left (" + filesInFlight + " files, " + wildcardsInFlight + " wildcards in flight)", null);
        }
        List<List<String>> requests = plan == null ? List.of() : plan.requests();
        if (plan != null) {
            attempt.paths = plan.paths().stream().map(PlannedPath::path).toList();
            attempt.billable = plan.billablePaths();
            attempt.cost = plan.estimatedCostUsd();
            plan.paths().forEach(p -> attempt.reasons.add(p.path() + ": " + p.reason()));
        }
        long firstPendingAt = state.firstPendingAt() != null ? state.firstPendingAt()
                : pending.stream().mapToLong(PendingChange::changedAt).min().orElse(attempt.startedAt);
        OpenBatch batch = new OpenBatch(batchId(distributionId, pending), attempt.startedAt, attempt.decision.name(),
                firstPendingAt, requests, new TreeSet<>());
        attempt.batchId = batch.batchId();
        store.openBatch(distributionId, owner, batch);
        attempt.log.info("planned flush", "batchId", batch.batchId(), "pendingKeys", pending.size(), "urlPaths", rawPaths.size(),
                "paths", attempt.paths.size(), "requests", requests.size(), "billablePaths", attempt.billable,
                "deferred", plan == null ? 0 : plan.deferred().size());

        submit(attempt, batch, month);

        List<PendingChange> covered = new ArrayList<>();
        for (Map.Entry<PendingChange, List<String>> entry : pathsByChange.entrySet()) {
            if (plan == null || entry.getValue().stream().allMatch(plan::covers)) {
                covered.add(entry.getKey());
            }
        }
        finish(attempt, owner, batch, pending, covered);
        return attempt.outcome(null);
    }

    private FlushOutcome resume(Attempt attempt, String owner) {
        String distributionId = attempt.distributionId;
        Optional<OpenBatch> found = store.loadBatch(distributionId, attempt.state.openBatchId());
        if (found.isEmpty()) {
            // its record expired or was removed by hand: nothing to resubmit, so plan the pending changes afresh
            attempt.log.error("open batch record is missing; planning the pending changes again", null, "batchId", attempt.state.openBatchId());
            store.closeBatch(distributionId, owner, attempt.state.generation(), true, attempt.startedAt);
            return flushPending(attempt, owner);
        }
        OpenBatch batch = found.get();
        attempt.batchId = batch.batchId();
        attempt.paths = batch.requests().stream().flatMap(List::stream).toList();
        attempt.reasons.add("resumed batch " + batch.batchId() + " planned at " + batch.plannedAt()
                + " (" + batch.submitted().size() + " of " + batch.requests().size() + " requests already accepted)");
        attempt.log.info("resuming open batch", "batchId", batch.batchId(), "accepted", batch.submitted().size(), "requests", batch.requests().size());
        YearMonth month = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        submit(attempt, batch, month);

        List<PendingChange> pending = store.pending(distributionId);
        attempt.pendingKeys = pending.size();
        PathCoverage coverage = new PathCoverage(batch.requests().stream().flatMap(List::stream).toList());
        long recordedBefore = batch.plannedAt() - RESUME_SAFETY_MARGIN.toMillis();
        List<PendingChange> covered = new ArrayList<>();
        for (PendingChange change : pending) {
            if (change.changedAt() < recordedBefore && urlPaths(distributionId, change).stream().allMatch(coverage::covers)) {
                covered.add(change);
            }
        }
        finish(attempt, owner, batch, pending, covered);
        return attempt.outcome(null);
    }

    private void finish(Attempt attempt, String owner, OpenBatch batch, List<PendingChange> pending, List<PendingChange> covered) {
        long now = clock.millis();
        attempt.cleared = store.clearFlushed(attempt.distributionId, covered, batch.batchId(), now);
        attempt.leftPending = pending.size() - attempt.cleared;
        Set<PendingChange> coveredSet = new HashSet<>(covered);
        long stillPendingSince = pending.stream().filter(c -> !coveredSet.contains(c))
                .mapToLong(PendingChange::changedAt).min().orElse(attempt.startedAt);
        store.closeBatch(attempt.distributionId, owner, attempt.state.generation(), attempt.leftPending > 0, stillPendingSince);

        int pathCount = attempt.paths.size();
        Metrics m = metrics.get()
                .property("distributionId", attempt.distributionId).property("batchId", batch.batchId()).property("trigger", attempt.decision.name());
        m.put("PathsSubmitted", pathCount, Metrics.Unit.Count)
                .put("PendingKeysFlushed", attempt.cleared, Metrics.Unit.Count)
                .put("KeysLeftPending", attempt.leftPending, Metrics.Unit.Count)
                .put("BillablePaths", attempt.billable, Metrics.Unit.Count)
                .put("OldestPendingAgeSeconds", Math.max(0, now - batch.firstPendingAt()) / 1000.0, Metrics.Unit.Seconds);
        if (pathCount > 0) {
            m.put("CoalescingRatio", (double) pending.size() / pathCount, Metrics.Unit.None);
        }
        m.flush();
        attempt.log.info("flush complete", "batchId", batch.batchId(), "cleared", attempt.cleared, "leftPending", attempt.leftPending,
                "invalidations", attempt.invalidationIds);
    }

    /** Submits the batch's requests not yet accepted, recording each acceptance before the next request. */
    private void submit(Attempt attempt, OpenBatch batch, YearMonth month) {
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
            long total = store.addUsage(month, paths.size());
            long before = total - paths.size();
            long billable = Math.max(0, total - config.freePathsPerMonth()) - Math.max(0, before - config.freePathsPerMonth());
            store.requestAccepted(distributionId, batch, i,
                    new InFlight(accepted.invalidationId(), paths.size() - wildcards, wildcards, now),
                    new InvalidationRecord(distributionId, accepted.invalidationId(), reference, batch.batchId(), paths.size(),
                            wildcards, billable, batch.trigger(), now, Math.max(0, now - batch.firstPendingAt())));
            batch.submitted().add(i);
            attempt.invalidationIds.add(accepted.invalidationId());
            attempt.log.info("invalidation accepted", "invalidationId", accepted.invalidationId(), "callerReference", reference,
                    "paths", paths.size(), "wildcards", wildcards, "billablePaths", billable, "monthlyPathsUsed", total);
            metrics.get().property("distributionId", distributionId)
                    .put("FreePathsLeft", Math.max(0, config.freePathsPerMonth() - total), Metrics.Unit.Count).flush();
            signalUsage(month, before, total);
        }
    }

    private void signalUsage(YearMonth month, long before, long total) {
        long free = config.freePathsPerMonth();
        if (signals == null || free <= 0) {
            return;
        }
        for (double threshold : config.usageThresholds()) {
            double mark = threshold * free;
            if (before < mark && total >= mark) {
                String key = String.format(Locale.ROOT, "%.2f", threshold);
                if (store.claimUsageSignal(month, key)) {
                    signals.publish(new UsageSignals.UsageSignal(month.toString(), total, free, threshold));
                    log.info("published usage signal", "month", month.toString(), "pathsUsed", total, "threshold", threshold);
                }
            }
        }
    }

    /** The distribution's in-flight invalidations, after forgetting those CloudFront reports complete. */
    private Collection<InFlight> stillInFlight(String distributionId, long now, Log flog) {
        Map<String, InFlight> inFlight = new LinkedHashMap<>(store.inFlight(distributionId));
        Set<String> completed = new TreeSet<>();
        for (InFlight flight : inFlight.values()) {
            long age = now - flight.createdAt();
            if (age < CHECK_IN_FLIGHT_AFTER.toMillis()) {
                continue;
            }
            try {
                if (gateway.isCompleted(distributionId, flight.invalidationId())) {
                    completed.add(flight.invalidationId());
                }
            } catch (RuntimeException e) {
                if (age > ASSUME_COMPLETE_AFTER.toMillis()) {
                    completed.add(flight.invalidationId());
                } else {
                    flog.warn("could not read invalidation status", "invalidationId", flight.invalidationId(), "detail", e.getMessage());
                }
            }
        }
        if (!completed.isEmpty()) {
            store.completeInFlight(distributionId, completed);
            inFlight.keySet().removeAll(completed);
        }
        return List.copyOf(inFlight.values());
    }

    /**
     * The URL paths the distribution serves now (plus the changed ones: deleted objects are no longer listed), from a
     * listing of each of its routes; null when listing is off, fails, or a route holds more than the configured maximum.
     */
    private Inventory inventory(String distributionId, Set<String> changedRawPaths, Log flog) {
        if (listing == null || config.inventoryMaxObjects() <= 0) {
            return null;
        }
        List<String> paths = new ArrayList<>(changedRawPaths);
        for (OriginRoute route : config.routes().routesOf(distributionId)) {
            String prefix = route.originPath().isEmpty() ? "" : route.originPath().substring(1) + "/";
            Optional<List<String>> keys;
            try {
                keys = listing.keys(route.bucket(), prefix, config.inventoryMaxObjects());
            } catch (RuntimeException e) {
                flog.warn("could not list the bucket; planning without an inventory", "bucket", route.bucket(), "detail", e.getMessage());
                return null;
            }
            if (keys.isEmpty()) {
                flog.info("bucket holds more objects than INVENTORY_MAX_OBJECTS; planning without an inventory",
                        "bucket", route.bucket(), "maxObjects", config.inventoryMaxObjects());
                return null;
            }
            for (String key : keys.get()) {
                paths.addAll(route.urlPaths(key));
            }
        }
        return Inventory.ofPaths(paths);
    }

    /** Raw URL paths of a changed object on this distribution (empty when no route serves it there). */
    List<String> urlPaths(String distributionId, PendingChange change) {
        Set<String> paths = new TreeSet<>();
        for (OriginRoute route : config.routes().routesFor(change.bucket())) {
            if (route.distributionId().equals(distributionId)) {
                paths.addAll(route.urlPaths(change.key()));
            }
        }
        return List.copyOf(paths);
    }

    /**
     * The batch id, and so every CallerReference of the batch, is derived from the distribution and the exact changes
     * (object + change token) being flushed: a second flusher racing on the same changes produces the same references,
     * and CloudFront answers it with the existing invalidation instead of charging twice.
     */
    static String batchId(String distributionId, List<PendingChange> pending) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(distributionId.getBytes(StandardCharsets.UTF_8));
            pending.stream().sorted(Comparator.comparing(PendingChange::objectId)).forEach(change -> {
                digest.update((byte) 0);
                digest.update(change.objectId().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(change.token().getBytes(StandardCharsets.UTF_8));
            });
            return "ea-" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
