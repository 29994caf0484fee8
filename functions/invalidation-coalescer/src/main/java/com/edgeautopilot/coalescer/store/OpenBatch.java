package com.edgeautopilot.coalescer.store;

import java.util.List;
import java.util.Set;

/**
 * A planned flush, persisted before the first CreateInvalidation so that a flush that dies half way is resumed with
 * the same requests and the same CallerReferences (CloudFront then returns the invalidations it already has
 * instead of charging again).
 *
 * @param plannedAt   when the pending keys were read (changes recorded after it are never cleared by this batch)
 * @param requests    encoded paths, one list per CreateInvalidation request
 * @param submitted   indexes of the requests CloudFront has accepted
 */
public record OpenBatch(String batchId, long plannedAt, String trigger, long firstPendingAt,
                        List<List<String>> requests, Set<Integer> submitted) {

    public String callerReference(int requestIndex) {
        return batchId + "-" + requestIndex;
    }

    public boolean complete() {
        return submitted.size() == requests.size();
    }
}
