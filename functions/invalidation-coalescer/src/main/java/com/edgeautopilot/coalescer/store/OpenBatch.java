package com.edgeautopilot.coalescer.store;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A planned flush, persisted before the first CreateInvalidation so that a flush that dies half way is resumed with
 * the same requests and the same CallerReferences (CloudFront then returns the invalidations it already has
 * instead of charging again).
 *
 * @param plannedAt when the pending keys were read (for the audit record and the latency metric)
 * @param requests  encoded paths, one list per CreateInvalidation request
 * @param submitted indexes of the requests CloudFront has accepted
 * @param covered   every change this batch invalidates completely, by identity: item sort key → the change's
 *                  {@link PendingChange#revision()} (its change id). Whoever finishes the batch, now or on a resume,
 *                  clears exactly these; a change recorded later has another id and stays pending, whatever the clocks say.
 */
public record OpenBatch(String batchId, long plannedAt, String trigger, long firstPendingAt,
                        List<List<String>> requests, Set<Integer> submitted, Map<String, String> covered) {

    public OpenBatch(String batchId, long plannedAt, String trigger, long firstPendingAt, List<List<String>> requests, Set<Integer> submitted) {
        this(batchId, plannedAt, trigger, firstPendingAt, requests, submitted, Map.of());
    }

    /** Whether this pending change is exactly one this batch was planned to invalidate. */
    public boolean covers(PendingChange change) {
        return change.revision().equals(covered.get(change.sortKey()));
    }

    public String callerReference(int requestIndex) {
        return batchId + "-" + requestIndex;
    }

    public boolean complete() {
        return submitted.size() == requests.size();
    }
}
