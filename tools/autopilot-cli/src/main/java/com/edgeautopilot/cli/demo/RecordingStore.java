package com.edgeautopilot.cli.demo;

import com.edgeautopilot.coalescer.event.S3Change;
import com.edgeautopilot.coalescer.store.CoalescerStore;
import com.edgeautopilot.coalescer.store.DistributionState;
import com.edgeautopilot.coalescer.store.InvalidationRecord;
import com.edgeautopilot.coalescer.store.OpenBatch;
import com.edgeautopilot.coalescer.store.PendingChange;
import com.edgeautopilot.coalescer.store.RecordedChanges;

import java.time.Duration;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The coalescer's real store, observed: every batch the flusher plans and every invalidation CloudFront accepts are
 * noted on the way through, so the demo can report flushes that happen inside the SQS handler (whose response holds
 * only {@code batchItemFailures}). Behaviour is the delegate's, unchanged.
 */
final class RecordingStore implements CoalescerStore {

    private final CoalescerStore delegate;
    private final List<OpenBatch> batches = new CopyOnWriteArrayList<>();
    private final List<InvalidationRecord> accepted = new CopyOnWriteArrayList<>();

    RecordingStore(CoalescerStore delegate) {
        this.delegate = delegate;
    }

    /** Batches planned so far, in order. */
    List<OpenBatch> batches() {
        return List.copyOf(batches);
    }

    /** Invalidations accepted so far, in order. */
    List<InvalidationRecord> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public RecordedChanges recordChanges(String distributionId, Collection<S3Change> changes, long now) {
        return delegate.recordChanges(distributionId, changes, now);
    }

    @Override
    public DistributionState state(String distributionId) {
        return delegate.state(distributionId);
    }

    @Override
    public Optional<DistributionState> acquireLease(String distributionId, String owner, long now, Duration lease) {
        return delegate.acquireLease(distributionId, owner, now, lease);
    }

    @Override
    public void releaseLease(String distributionId, String owner, long backoffUntil, int attempts) {
        delegate.releaseLease(distributionId, owner, backoffUntil, attempts);
    }

    @Override
    public List<PendingChange> pending(String distributionId) {
        return delegate.pending(distributionId);
    }

    @Override
    public void openBatch(String distributionId, String owner, OpenBatch batch) {
        delegate.openBatch(distributionId, owner, batch);
        batches.add(batch);
    }

    @Override
    public Optional<OpenBatch> loadBatch(String distributionId, String batchId) {
        return delegate.loadBatch(distributionId, batchId);
    }

    @Override
    public boolean requestAccepted(String distributionId, OpenBatch batch, int index, YearMonth month, InvalidationRecord record) {
        boolean counted = delegate.requestAccepted(distributionId, batch, index, month, record);
        accepted.add(record);
        return counted;
    }

    @Override
    public int clearFlushed(String distributionId, Collection<PendingChange> flushed, String batchId, long now) {
        return delegate.clearFlushed(distributionId, flushed, batchId, now);
    }

    @Override
    public List<PendingChange> lateCopies(String distributionId, Collection<PendingChange> pending, long now) {
        return delegate.lateCopies(distributionId, pending, now);
    }

    @Override
    public int discardLateCopies(String distributionId, Collection<PendingChange> copies) {
        return delegate.discardLateCopies(distributionId, copies);
    }

    @Override
    public void closeBatch(String distributionId, String owner, long generation, boolean leftPending, long stillPendingSince, long now) {
        delegate.closeBatch(distributionId, owner, generation, leftPending, stillPendingSince, now);
    }

    @Override
    public void abandonBatch(String distributionId, String owner) {
        delegate.abandonBatch(distributionId, owner);
    }

    @Override
    public long usage(YearMonth month) {
        return delegate.usage(month);
    }

    @Override
    public boolean claimUsageSignal(YearMonth month, String threshold, String claimant, long now) {
        return delegate.claimUsageSignal(month, threshold, claimant, now);
    }

    @Override
    public Set<String> claimedUsageSignals(YearMonth month, long now) {
        return delegate.claimedUsageSignals(month, now);
    }

    @Override
    public void releaseUsageSignal(YearMonth month, String threshold, String claimant) {
        delegate.releaseUsageSignal(month, threshold, claimant);
    }

    @Override
    public List<InvalidationRecord> invalidations(String distributionId, int limit) {
        return delegate.invalidations(distributionId, limit);
    }
}
