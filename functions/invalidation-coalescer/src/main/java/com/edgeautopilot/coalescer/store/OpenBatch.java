package com.edgeautopilot.coalescer.store;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A planned flush, persisted before the first CreateInvalidation so that a flush that dies half way is resumed with
 * the same requests and the same CallerReferences (CloudFront then returns the invalidations it already has
 * instead of charging again).
 *
 * @param plannedAt        when the pending keys were read (changes recorded after it are never cleared by this batch)
 * @param requests         encoded paths, one list per CreateInvalidation request
 * @param submitted        indexes of the requests CloudFront has accepted
 * @param recentlyRecorded the changes this batch covers that were recorded so shortly before {@code plannedAt} that
 *                         their time cannot tell them from changes recorded after it (clock skew between functions): item
 *                         sort key → {@link PendingChange#revision()}. A resumed batch clears these by identity, the
 *                         older ones by time. Empty when every covered change is older than the margin.
 */
public record OpenBatch(String batchId, long plannedAt, String trigger, long firstPendingAt,
                        List<List<String>> requests, Set<Integer> submitted, Map<String, String> recentlyRecorded) {

    public OpenBatch(String batchId, long plannedAt, String trigger, long firstPendingAt, List<List<String>> requests, Set<Integer> submitted) {
        this(batchId, plannedAt, trigger, firstPendingAt, requests, submitted, Map.of());
    }

    /** Whether this pending change is exactly one this batch recorded as covered close to its planning time. */
    public boolean recordedAtPlanning(PendingChange change) {
        return change.revision().equals(recentlyRecorded.get(change.sortKey()));
    }

    public String callerReference(int requestIndex) {
        return batchId + "-" + requestIndex;
    }

    public boolean complete() {
        return submitted.size() == requests.size();
    }
}
