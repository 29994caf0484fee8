package com.edgeautopilot.coalescer.flush;

import java.util.List;

/**
 * What one flush of one distribution did (for logs, metrics, the CLI and tests).
 *
 * @param pendingKeys    changed objects read
 * @param paths          invalidation paths submitted (encoded)
 * @param requests       CreateInvalidation requests accepted in this flush
 * @param invalidationIds ids CloudFront returned
 * @param cleared        pending objects cleared as flushed
 * @param leftPending    pending objects kept for a later flush (deferred, or changed during the flush)
 * @param billablePaths  paths beyond the month's free paths
 * @param refusal        CloudFront's refusal when it said no (the changes stay pending), else null
 */
public record FlushOutcome(String distributionId, FlushPolicy.Decision decision, String batchId, int pendingKeys,
                           List<String> paths, int requests, List<String> invalidationIds, int cleared, int leftPending,
                           long billablePaths, double estimatedCostUsd, String refusal, List<String> reasons) {

    static FlushOutcome skipped(String distributionId, FlushPolicy.Decision decision, String why) {
        return new FlushOutcome(distributionId, decision, null, 0, List.of(), 0, List.of(), 0, 0, 0, 0, null,
                why == null ? List.of() : List.of(why));
    }

    public boolean flushed() {
        return decision.flushes() && refusal == null && batchId != null;
    }
}
