package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.config.RouteTable;
import com.edgeautopilot.coalescer.inventory.SiteInventory;
import com.edgeautopilot.coalescer.plan.Capacity;
import com.edgeautopilot.coalescer.plan.InvalidationPlanner;
import com.edgeautopilot.coalescer.plan.Plan;
import com.edgeautopilot.coalescer.store.OpenBatch;
import com.edgeautopilot.coalescer.store.PendingChange;
import com.edgeautopilot.common.Log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns a distribution's pending changes into a batch of CreateInvalidation requests within the given capacity. */
final class BatchPlanning {

    /** Plans made again at most to leave out changes the capacity would cut short (see {@link #plan}). */
    private static final int MAX_REPLANS = 3;

    /** A planned batch and which pending changes it covers completely (only those are cleared after it). */
    record PlannedBatch(OpenBatch batch, Plan planOrNull, List<PendingChange> covered, int urlPaths) {
    }

    private final RouteTable routes;
    private final InvalidationPlanner planner;
    private final SiteInventory inventory;

    BatchPlanning(RouteTable routes, InvalidationPlanner planner, SiteInventory inventory) {
        this.routes = routes;
        this.planner = planner;
        this.inventory = inventory;
    }

    /** The batch for these pending changes; its plan has no paths when there is no capacity at all. */
    PlannedBatch plan(FlushAttempt attempt, List<PendingChange> pending, Capacity capacity, long firstPendingAt) {
        Map<PendingChange, List<String>> pathsByChange = new LinkedHashMap<>();
        Set<String> rawPaths = new TreeSet<>();
        for (PendingChange change : pending) {
            List<String> paths = urlPaths(attempt.distributionId, change);
            pathsByChange.put(change, paths);
            rawPaths.addAll(paths);
        }
        Plan plan = rawPaths.isEmpty() ? null
                : planner.plan(rawPaths, capacity, inventory.of(attempt.distributionId, rawPaths, attempt.log));
        // a change is invalidated whole or not at all: paths of a change the capacity cuts short would be paid now and
        // again when the change is planned later, so a plan that defers some paths is made again from the changes it
        // covered whole (fewer paths: it fits; a few rounds at most, as a shared path may leave another change short)
        for (int round = 0; round < MAX_REPLANS && plan != null && !plan.deferred().isEmpty(); round++) {
            Plan cut = plan;
            Set<String> whole = new TreeSet<>();
            pathsByChange.values().stream().filter(paths -> paths.stream().allMatch(cut::covers)).forEach(whole::addAll);
            plan = whole.isEmpty() ? Plan.empty() : planner.plan(whole, capacity, inventory.of(attempt.distributionId, whole, attempt.log));
        }
        Plan planned = plan;
        List<List<String>> requests = plan == null ? List.of() : plan.requests();
        List<PendingChange> covered = new ArrayList<>();
        pathsByChange.forEach((change, paths) -> {
            if (planned == null || paths.stream().allMatch(planned::covers)) {
                covered.add(change);
            }
        });
        String batchId = batchId(attempt.distributionId, attempt.state.batchEpoch(), pending, requests);
        Map<String, String> coveredIds = new TreeMap<>();
        covered.forEach(change -> coveredIds.put(change.sortKey(), change.revision()));
        OpenBatch batch = new OpenBatch(batchId, attempt.startedAt, attempt.decision.name(), firstPendingAt, requests, new TreeSet<>(),
                coveredIds);
        return new PlannedBatch(batch, plan, covered, rawPaths.size());
    }

    List<String> urlPaths(String distributionId, PendingChange change) {
        return routes.urlPaths(distributionId, change.bucket(), change.key());
    }

    /**
     * The batch id, and so every CallerReference of the batch ({@code batchId-index}), is derived from the distribution,
     * the exact changes (object + change id + token) and the exact paths of every request: a crashed flush planned again
     * from the same state reuses its references (CloudFront answers with the invalidation it already has instead of
     * charging twice), and a reference is never reused for another path set (a change deferred at a capacity limit is
     * planned later with other paths, so under another reference). The epoch moves when a batch is abandoned.
     */
    static String batchId(String distributionId, long epoch, List<PendingChange> pending, List<List<String>> requests) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, distributionId + "#" + epoch);
            pending.stream().sorted(Comparator.comparing(PendingChange::objectId)).forEach(change -> {
                update(digest, change.objectId());
                update(digest, change.revision() + ":" + change.token());
            });
            for (int i = 0; i < requests.size(); i++) {
                update(digest, "request " + i);
                for (String path : new TreeSet<>(requests.get(i))) {
                    update(digest, path);
                }
            }
            return "ea-" + HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update((byte) 0);
        digest.update(text.getBytes(StandardCharsets.UTF_8));
    }
}
