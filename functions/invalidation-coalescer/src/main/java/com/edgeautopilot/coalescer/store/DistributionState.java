package com.edgeautopilot.coalescer.store;

/**
 * The per-distribution summary the flush decision is made from.
 *
 * @param firstPendingAt when the oldest unflushed change was recorded (null: nothing pending)
 * @param lastChangeAt   when the latest change was recorded (null: unknown)
 * @param pendingCount   approximate number of pending keys (for the size trigger; recounted after a flush that raced an ingest)
 * @param generation     bumped by every ingest; a flush clears the pending marker only if it did not move
 * @param backoffUntil   no flush before this (epoch millis) after CloudFront said no
 * @param attempts       consecutive refused flushes (for the backoff)
 * @param openBatchId    a planned batch not yet fully accepted by CloudFront (resumed before anything else)
 * @param shards         the shard count the distribution's object items are written under (0: none recorded yet)
 * @param batchEpoch     bumped when a batch is abandoned, so the re-plan never reuses its CallerReferences
 * @param lastClearedAt  when a flush last cleared changes (object items remember sequencers for the dedupe window after)
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
        String openBatchId,
        int shards,
        long batchEpoch,
        long lastClearedAt) {

    public static DistributionState empty(String distributionId) {
        return new DistributionState(distributionId, null, null, 0, 0, null, 0, 0, 0, null, 0, 0, 0);
    }
}
