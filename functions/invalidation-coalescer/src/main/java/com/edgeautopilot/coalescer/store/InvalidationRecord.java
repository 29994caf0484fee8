package com.edgeautopilot.coalescer.store;

/**
 * The audit record of one accepted invalidation.
 *
 * @param latencyMillis from the oldest change in the batch to CloudFront's acceptance
 */
public record InvalidationRecord(String distributionId, String invalidationId, String callerReference, String batchId,
                                 int paths, int wildcards, long billablePaths, String trigger, long createdAt, long latencyMillis) {
}
