package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.coalescer.event.S3Change;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link CoalescerStore} on one DynamoDB table ({@code pk}/{@code sk} strings, TTL attribute {@code expiresAt}), one
 * class per item kind, each documenting its key layout: {@link PendingObjectItems} ({@code OBJ#...}),
 * {@link DistributionStateItem} ({@code DIST#... STATE}), {@link BatchItems} ({@code BATCH#...}),
 * {@link InvalidationItems} ({@code INV#...}), {@link UsageItems} ({@code USAGE}).
 *
 * <p>Shard count: the state item records the count a distribution's object items are written under, and reads and
 * writes keep using it while anything written under it matters (pending items, or sequencers remembered within the
 * dedupe window). A changed {@code PENDING_SHARDS} takes effect for a distribution once it is idle and its last flush
 * is older than the dedupe window: nothing is stranded, hidden, or paid twice.
 */
public final class DynamoCoalescerStore implements CoalescerStore {

    /** The shape template.yaml must give the table (checked by a test against the template). */
    public static final String PARTITION_KEY = DynamoItems.PARTITION_KEY;
    public static final String SORT_KEY = DynamoItems.SORT_KEY;
    public static final String TTL_ATTRIBUTE = DynamoItems.TTL_ATTRIBUTE;

    /** Conditional writes in flight at once (one per changed object or batch chunk). */
    static final int PARALLEL_WRITES = 32;

    private final int configuredShards;
    private final Duration dedupeWindow;
    private final PendingObjectItems objects;
    private final FlushedObjects flushed;
    private final DistributionStateItem states;
    private final BatchItems batches;
    private final InvalidationItems invalidations;
    private final UsageItems usage;
    private final RecordedSequencers recorded;

    public DynamoCoalescerStore(DynamoDbClient dynamo, String table, int shards, Duration dedupeWindow) {
        this.configuredShards = shards;
        this.dedupeWindow = dedupeWindow;
        this.objects = new PendingObjectItems(dynamo, table);
        this.flushed = new FlushedObjects(dynamo, table, dedupeWindow);
        this.states = new DistributionStateItem(dynamo, table);
        this.batches = new BatchItems(dynamo, table);
        this.invalidations = new InvalidationItems(dynamo, table);
        this.usage = new UsageItems(dynamo, table);
        this.recorded = new RecordedSequencers(dedupeWindow);
    }

    @Override
    public RecordedChanges recordChanges(String distributionId, Collection<S3Change> changes, long now) {
        DistributionState state = states.read(distributionId);
        int shards = shardsForWriting(state, now);
        List<S3Change> toWrite = changes.stream().filter(c -> !recorded.isRecorded(distributionId, shards, c, now)).toList();
        if (toWrite.isEmpty()) {
            // every one was recorded by this container behind a marker write: nothing to write, the state read is current
            return new RecordedChanges(0, List.of(), state);
        }
        List<PendingObjectItems.Written> written = objects.record(distributionId, shards, toWrite, now);
        List<S3Change> failed = new ArrayList<>();
        List<S3Change> stored = new ArrayList<>();
        int added = 0;
        Iterator<S3Change> change = toWrite.iterator();
        for (PendingObjectItems.Written outcome : written) {
            S3Change next = change.next();
            if (outcome == PendingObjectItems.Written.FAILED) {
                failed.add(next);
            } else {
                stored.add(next);
                if (outcome == PendingObjectItems.Written.NEWLY_PENDING) {
                    added++;
                }
            }
        }
        if (stored.isEmpty()) {
            return new RecordedChanges(0, List.copyOf(failed), state);
        }
        // also when every write was a duplicate: a retried batch whose writes were all done (re)sets the marker
        DistributionState after = states.markIngested(distributionId, added, now, shards, state.shards());
        stored.forEach(c -> recorded.remember(distributionId, shards, c, now));
        return new RecordedChanges(added, List.copyOf(failed), after);
    }

    /** The recorded shard count, or the configured one when none is recorded or switching to it is safe now. */
    private int shardsForWriting(DistributionState state, long now) {
        boolean idle = state.firstPendingAt() == null && state.openBatchId() == null;
        boolean forgotten = now >= state.lastClearedAt() + dedupeWindow.toMillis();
        return state.shards() == 0 || (idle && forgotten) ? configuredShards : state.shards();
    }

    private int shardsForReading(String distributionId) {
        int recorded = states.read(distributionId).shards();
        return recorded == 0 ? configuredShards : recorded;
    }

    @Override
    public DistributionState state(String distributionId) {
        return states.read(distributionId);
    }

    @Override
    public Optional<DistributionState> acquireLease(String distributionId, String owner, long now, Duration lease) {
        return states.acquireLease(distributionId, owner, now, lease);
    }

    @Override
    public void releaseLease(String distributionId, String owner, long backoffUntil, int attempts) {
        states.releaseLease(distributionId, owner, backoffUntil, attempts);
    }

    @Override
    public List<PendingChange> pending(String distributionId) {
        return objects.pending(distributionId, shardsForReading(distributionId));
    }

    @Override
    public void openBatch(String distributionId, String owner, OpenBatch batch) {
        batches.write(distributionId, batch);
        states.setOpenBatch(distributionId, owner, batch.batchId());
    }

    @Override
    public Optional<OpenBatch> loadBatch(String distributionId, String batchId) {
        return batches.load(distributionId, batchId);
    }

    @Override
    public boolean requestAccepted(String distributionId, OpenBatch batch, int index, YearMonth month, InvalidationRecord record) {
        return invalidations.recordAccepted(record, batches.markSubmitted(distributionId, batch.batchId(), index),
                usage.add(month, batch.requests().get(index).size()));
    }

    @Override
    public int clearFlushed(String distributionId, Collection<PendingChange> invalidated, String batchId, long now) {
        flushed.remember(distributionId, batchId, invalidated, now); // first: a late copy arriving once they are gone is known
        return objects.clear(invalidated);
    }

    @Override
    public List<PendingChange> lateCopies(String distributionId, Collection<PendingChange> pending, long now) {
        return flushed.lateCopies(distributionId, pending, now);
    }

    @Override
    public int discardLateCopies(String distributionId, Collection<PendingChange> copies) {
        return objects.clear(copies);
    }

    @Override
    public void closeBatch(String distributionId, String owner, long generation, boolean leftPending, long stillPendingSince, long now) {
        states.close(distributionId, owner, generation, leftPending, stillPendingSince, now,
                () -> objects.countPending(distributionId, shardsForReading(distributionId)));
    }

    @Override
    public void abandonBatch(String distributionId, String owner) {
        states.abandonBatch(distributionId, owner);
    }

    @Override
    public long usage(YearMonth month) {
        return usage.usage(month);
    }

    @Override
    public boolean claimUsageSignal(YearMonth month, String threshold, String claimant, long now) {
        return usage.claimSignal(month, threshold, claimant, now);
    }

    @Override
    public Set<String> claimedUsageSignals(YearMonth month, long now) {
        return usage.claimedSignals(month, now);
    }

    @Override
    public void releaseUsageSignal(YearMonth month, String threshold, String claimant) {
        usage.releaseSignal(month, threshold, claimant);
    }

    @Override
    public List<InvalidationRecord> invalidations(String distributionId, int limit) {
        return invalidations.recent(distributionId, limit);
    }
}
