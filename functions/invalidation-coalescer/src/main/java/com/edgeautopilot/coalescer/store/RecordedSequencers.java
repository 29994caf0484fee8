package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.coalescer.event.S3Change;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this container already recorded: per object, the newest sequencer the table is known to hold (written by
 * this container, or found there when a write was rejected), the shard count it was written under, and when. A late
 * delivery of a change whose sequencer is not newer would be rejected by its conditional write, which still costs a
 * write request: it is known to be recorded, so it is not sent. Safe because the table's sequencer only grows and an
 * object item is cleared only after a flush that read it, i.e. a change known here is pending or already invalidated.
 *
 * <p>Entries are remembered only after the distribution's pending marker was written behind them (a batch retried
 * because its marker failed writes again), are not used under another shard count, and are forgotten after the
 * dedupe window (the table's memory of a cleared object ends then too). Changes without a sequencer are never
 * skipped: their event-id token does not order them. Container-local and bounded: another container, or an object
 * pushed out, pays the rejected write as before.
 */
final class RecordedSequencers {

    /** Objects remembered per container (about 300 bytes each). */
    static final int CAPACITY = 50_000;

    private record Known(String sequencer, int shards, long at) {
    }

    private final Duration dedupeWindow;
    private final Map<String, Known> known = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > CAPACITY;
        }
    };

    RecordedSequencers(Duration dedupeWindow) {
        this.dedupeWindow = dedupeWindow;
    }

    /** True when the table is known to hold this object's change at this sequencer or a newer one, under {@code shards}. */
    synchronized boolean isRecorded(String distributionId, int shards, S3Change change, long now) {
        if (change.sequencer() == null) {
            return false;
        }
        Known seen = known.get(id(distributionId, change));
        return seen != null && seen.shards() == shards && now < seen.at() + dedupeWindow.toMillis()
                && seen.sequencer().compareTo(change.sequencer()) >= 0;
    }

    /** Remembers that the table holds this change (its sequencer or a newer one) under {@code shards}. */
    synchronized void remember(String distributionId, int shards, S3Change change, long now) {
        if (change.sequencer() == null) {
            return;
        }
        String id = id(distributionId, change);
        Known seen = known.get(id);
        if (seen == null || seen.shards() != shards || seen.sequencer().compareTo(change.sequencer()) < 0) {
            known.put(id, new Known(change.sequencer(), shards, now));
        }
    }

    private static String id(String distributionId, S3Change change) {
        return distributionId + '\n' + change.objectId();
    }
}
