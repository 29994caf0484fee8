package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.coalescer.event.S3Change;

import java.time.Duration;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The coalescer's state (pending changes, leases, batches, in-flight invalidations, usage). DynamoDB in production. */
public interface CoalescerStore {

    /**
     * Records changes for one distribution. A change whose sequencer is not newer than the one already recorded for
     * its object (a duplicate or a late, out-of-order event) is a no-op, also after the object was flushed (within the
     * dedupe window). A change that cannot be written is returned as failed; the others are recorded.
     */
    RecordedChanges recordChanges(String distributionId, Collection<S3Change> changes, long now);

    DistributionState state(String distributionId);

    /** Takes the distribution's flush lease if free or expired; the state as of taking it, or empty. */
    Optional<DistributionState> acquireLease(String distributionId, String owner, long now, Duration lease);

    /** Gives the lease back, recording a backoff (0 for none) and the count of consecutive refusals. */
    void releaseLease(String distributionId, String owner, long backoffUntil, int attempts);

    /** Every pending change of the distribution (strongly consistent), read under the shard count it was written with. */
    List<PendingChange> pending(String distributionId);

    /** Persists a planned batch and marks it open on the distribution, only while {@code owner} holds the lease. */
    void openBatch(String distributionId, String owner, OpenBatch batch);

    /** The batch record, or empty when it no longer exists. */
    Optional<OpenBatch> loadBatch(String distributionId, String batchId);

    /**
     * Records that CloudFront accepted request {@code index} of the batch, with its audit record and the usage of the
     * month CloudFront created it in, all at once; false (and nothing counted) when that request was recorded before.
     */
    boolean requestAccepted(String distributionId, OpenBatch batch, int index, YearMonth month, InvalidationRecord record);

    /**
     * Clears the given changes as flushed by the batch, each only if no change was recorded for its object since it was
     * read (a change that arrived during the flush stays pending, whatever order its events came in), and remembers
     * them for the dedupe window. Returns how many were cleared.
     */
    int clearFlushed(String distributionId, Collection<PendingChange> flushed, String batchId, long now);

    /**
     * The pending changes that are late copies of changes a flush invalidated within the dedupe window (the same
     * change delivered again, or an older sequencer than the one invalidated): invalidating them would pay again.
     */
    List<PendingChange> lateCopies(String distributionId, Collection<PendingChange> pending, long now);

    /** Clears late copies without invalidating them (each only if nothing newer was recorded since). Returns how many. */
    int discardLateCopies(String distributionId, Collection<PendingChange> copies);

    /**
     * Closes the open batch. When no ingest happened since {@code generation} and nothing is left pending, the
     * distribution is marked idle; otherwise its pending marker is kept (set to {@code stillPendingSince}) and its
     * pending count recounted. {@code now} is when the flush closed (the dedupe window a shard-count change waits out).
     */
    void closeBatch(String distributionId, String owner, long generation, boolean leftPending, long stillPendingSince, long now);

    /** Drops the open batch without resubmitting it; the next plan uses fresh CallerReferences. */
    void abandonBatch(String distributionId, String owner);


    /** Paths submitted this month, account-wide. */
    long usage(YearMonth month);

    /** True when the caller now owns sending the month's signal for this threshold (not sent, not being sent). */
    boolean claimUsageSignal(YearMonth month, String threshold, String claimant, long now);

    /** The month's thresholds (as claimed by {@link #claimUsageSignal}) whose signal is sent or being sent. */
    Set<String> claimedUsageSignals(YearMonth month, long now);

    /** Gives our claim back after publishing failed, so a later flush sends the signal. */
    void releaseUsageSignal(YearMonth month, String threshold, String claimant);

    List<InvalidationRecord> invalidations(String distributionId, int limit);
}
