package com.edgeautopilot.coalescer.store;

/**
 * The per-distribution summary the flush decision is made from.
 *
 * @param firstPendingAt when the oldest unflushed change was recorded (null: nothing pending)
 * @param lastChangeAt   when the latest change was recorded (null: unknown)
 * @param pendingCount   approximate number of pending keys (for the size trigger)
 * @param generation     bumped by every ingest; a flush clears the pending marker only if it did not move
 * @param backoffUntil   no flush before this (epoch millis) after CloudFront said no
 * @param attempts       consecutive refused flushes (for the backoff)
 * @param openBatchId    a planned batch not yet fully accepted by CloudFront (resumed before anything else)
 */
public record DistributionState(
        String distributionId,
        Long firstPendingAt,
        Long lastChangeAt,
        long pendingCount,
        long generation,
        String leaseOwner,
        long leaseUntil,
        long backoffUntil,
        int attempts,
        String openBatchId) {

    public static DistributionState empty(String distributionId) {
        return new DistributionState(distributionId, null, null, 0, 0, null, 0, 0, 0, null);
    }
}
