package com.edgeautopilot.coalescer;

import com.edgeautopilot.coalescer.bench.DynamoMeter;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.store.PendingChange;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static com.edgeautopilot.coalescer.support.CoalescerRig.BUCKET;
import static com.edgeautopilot.coalescer.support.CoalescerRig.DIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a flush costs in the capacity units DynamoDB bills. Reads: the pending changes, not every object flushed within
 * the dedupe window (a Query pays for every item it reads, also those its filter drops; at 1M changes a month over 10
 * distributions a day's flushed objects are ~3,300 per distribution, read again by each of its 288 daily flushes).
 * Writes: no claim it is bound to lose (a rejected conditional write still costs its unit).
 */
@Tag("slow") // on DynamoDB Local: left out of the fast loop (mvn test -DexcludedGroups=slow)
class FlushStorageCostTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private CoalescerRig rig;
    private final DynamoMeter meter = new DynamoMeter();

    @BeforeEach
    void wire() {
        rig = new CoalescerRig(DB);
        // the function's client with the meter installed (ReturnConsumedCapacity on every call, units by partition key)
        rig.dynamoDecorator = local -> LocalAws.configure(DB.server(), null).clients()
                .withOverrides(o -> o.addExecutionInterceptor(meter)).dynamoDb();
        rig.wire();
    }

    private List<String> changes(String prefix, int count, String sequencer) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(S3Events.eventBridge(BUCKET, prefix + "/page-" + i + ".html", sequencer, false));
        }
        return bodies;
    }

    @Test
    void aFlushAfterManyFlushedObjectsReadsOnlyWhatIsPendingFromTheObjectItems() {
        List<String> day = changes("news", 1_500, "0A");
        for (int from = 0; from < day.size(); from += 500) {
            assertEquals(List.of(), rig.ingest(day.subList(from, from + 500), from));
        }
        rig.drain();
        assertTrue(rig.store.pending(DIST).isEmpty());

        assertEquals(List.of(), rig.ingest(changes("blog", 1, "0A"), 10_000));
        double before = meter.readUnits("OBJ#");
        rig.drain();
        double objectReads = meter.readUnits("OBJ#") - before;
        int shards = rig.config.shards();
        assertTrue(objectReads > 0, "the pending read is measured");
        assertTrue(objectReads <= shards,
                "the pending read costs at most a unit per shard partition (" + shards + "), not the 1,500 flushed objects: " + objectReads);
        assertTrue(rig.cloudFront.evicted(DIST, "/blog/page-0.html"));
    }

    @Test
    void aResumedFlushClearingTheRestOfItsBatchInTheSameMillisecondKeepsWhatTheFirstAttemptRemembered() {
        long now = rig.clock.millis();
        List<PendingChange> batch = List.of(change("a", 1), change("b", 1), change("c", 1));
        rig.store.clearFlushed(DIST, batch, "batch-1", now);               // the first attempt: then its deletes failed half way
        rig.store.clearFlushed(DIST, batch.subList(2, 3), "batch-1", now); // the resume, same instant: only c was left
        assertEquals(3, rig.store.lateCopies(DIST, batch, now + 1).size(), "a, b and c are still known as invalidated");
    }

    @Test
    void anItemWrittenBeforeSortKeysWereHashedIsRememberedWholeThoughItsKeyHasSpaces() {
        long now = rig.clock.millis();
        PendingChange legacy = new PendingChange(BUCKET, "a b.html", "0A" + "0".repeat(30), 0, 1, "OBJ#" + DIST + "#00", BUCKET + "/a b.html");
        PendingChange other = new PendingChange(BUCKET, "a", "0B" + "0".repeat(30), 0, 1, "OBJ#" + DIST + "#00", BUCKET + "/a");
        rig.store.clearFlushed(DIST, List.of(legacy), "batch-1", now);
        assertEquals(List.of(legacy), rig.store.lateCopies(DIST, List.of(legacy, other), now + 1),
                "the copy of the legacy item is known; an object whose key is a prefix of it is not mistaken for it");
    }

    private static PendingChange change(String name, long version) {
        return new PendingChange(BUCKET, name + ".html", "0A" + "0".repeat(30), 0, version, "OBJ#" + DIST + "#00", "O#" + name);
    }

    @Test
    void onceTheMonthsUsageSignalsAreClaimedAFlushWritesNoClaimAgain() {
        rig.env.put("FREE_PATHS_PER_MONTH", "2");
        rig.wire();
        assertEquals(List.of(), rig.ingest(changes("news", 3, "0A"), 0));
        rig.drain();
        assertTrue(rig.signals.size() >= 1, "the month's free paths are used up: its signals are sent");
        int sent = rig.signals.size();

        assertEquals(List.of(), rig.ingest(changes("blog", 1, "0A"), 100));
        double before = meter.writeUnits("USAGE");
        rig.drain();
        assertEquals(0.0, meter.writeUnits("USAGE") - before, "no claim written for signals already sent (the month's count is in the acceptance transaction)");
        assertEquals(sent, rig.signals.size(), "and none sent twice");
        assertTrue(rig.cloudFront.evicted(DIST, "/blog/page-0.html"));
    }
}
