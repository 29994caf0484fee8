package com.edgeautopilot.coalescer;

import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.FaultyDynamoDb;
import com.edgeautopilot.coalescer.support.RequestCounter;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.edgeautopilot.coalescer.support.CoalescerRig.BUCKET;
import static com.edgeautopilot.coalescer.support.CoalescerRig.DIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What recording changes costs in DynamoDB requests (they are the system's own bill): one object write per change that
 * is new to the table, none for a late redelivery the container already recorded, one state write per distribution per
 * batch, one state read per distribution per ingest; and that saving them loses nothing. A late copy reaching another
 * container after its flush costs a write to record and one to clear, and no invalidation.
 */
@Tag("slow") // on DynamoDB Local: left out of the fast loop (mvn test -DexcludedGroups=slow)
class IngestStorageCostTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private CoalescerRig rig;
    private final RequestCounter dynamo = new RequestCounter();

    @BeforeEach
    void wire() {
        rig = new CoalescerRig(DB);
        rig.dynamoDecorator = dynamo::around;
        rig.wire();
    }

    private static boolean objectItem(String request) {
        return request.contains("OBJ#");
    }

    private static boolean ingestMarker(String request) {
        return request.contains("DIST#") && request.contains("ADD gen");
    }

    private static List<String> created(String... keysAndSequencers) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < keysAndSequencers.length; i += 2) {
            bodies.add(S3Events.eventBridge(BUCKET, keysAndSequencers[i], keysAndSequencers[i + 1], false));
        }
        return bodies;
    }

    @Test
    void aWarmOneRecordIngestReadsTheStateOnceAndWritesTheObjectAndTheMarker() {
        rig.ingest(created("a.html", "0A"), 0);
        dynamo.reset();
        assertEquals(List.of(), rig.ingest(created("b.html", "0A"), 1));
        assertEquals(1, dynamo.count("GetItem"), "the state is read once: shard count and flush check from the same read or write");
        assertEquals(2, dynamo.count("UpdateItem"), "the object and the distribution's pending marker");
        assertEquals(3, dynamo.total());
    }

    @Test
    void aTenRecordBatchReadsTheStateOnceAndWritesTenObjectsAndOneMarker() {
        rig.ingest(created("a.html", "0A"), 0);
        dynamo.reset();
        Map<String, Object> response = rig.invoke(RepoPaths.event("sqs/eventbridge-batch-of-10.json")); // bench/run's 10-record sample
        assertEquals(List.of(), response.get("batchItemFailures"));
        assertEquals(1, dynamo.count("GetItem"));
        assertEquals(11, dynamo.count("UpdateItem"));
        assertEquals(12, dynamo.total());
        assertEquals(11, rig.store.pending(DIST).size());
    }

    @Test
    void lateRedeliveriesOfChangesThisContainerRecordedCostNoWrite() {
        List<String> first = created("a.html", "0A", "b.html", "0A", "c.html", "0A");
        assertEquals(List.of(), rig.ingest(first, 0));
        dynamo.reset();
        List<String> late = new ArrayList<>(first);                  // at-least-once: the same events again
        late.addAll(created("a.html", "09", "b.html", "05"));       // and older events arriving after the newer ones
        assertEquals(List.of(), rig.ingest(late, 10));
        assertEquals(0, dynamo.writes(), "nothing to write: every one of them would be rejected by its condition");

        dynamo.reset();
        assertEquals(List.of(), rig.ingest(created("a.html", "0B", "c.html", "0A"), 20)); // a newer upload of a.html
        assertEquals(1, dynamo.writesWhere(IngestStorageCostTest::objectItem), "only the newer change is written");
        assertEquals(1, dynamo.writesWhere(IngestStorageCostTest::ingestMarker));

        rig.drain();
        assertEquals(Set.of("/a.html", "/b.html", "/c.html"), paidPaths(), "each object invalidated once, a.html at its newest version");
        assertTrue(rig.store.pending(DIST).isEmpty());
    }

    @Test
    void lateRedeliveriesReachingAnotherContainerAfterTheFlushAreDroppedByTheNextFlushWithoutPayingAgain() {
        List<String> first = created("a.html", "0A", "b.html", "0A");
        rig.ingest(first, 0);
        rig.drain();
        long charged = rig.cloudFront.chargedPaths();

        rig.wire(); // another container: it has not seen these changes, and the flush deleted their items
        dynamo.reset();
        assertEquals(List.of(), rig.ingest(first, 10));
        assertEquals(List.of(), rig.ingest(created("a.html", "09"), 20)); // an older event of a.html, later still
        assertEquals(2, dynamo.writesWhere(IngestStorageCostTest::objectItem), "one write each (the second container remembers a.html's 0A)");
        assertEquals(2, rig.store.pending(DIST).size());
        rig.drain();
        assertEquals(charged, rig.cloudFront.chargedPaths(), "nothing paid twice: the flush knows what it invalidated");
        assertTrue(rig.store.pending(DIST).isEmpty(), "and clears the copies");
        assertEquals(4, dynamo.writesWhere(IngestStorageCostTest::objectItem), "one write each to record, one to clear");
    }

    @Test
    void aBatchRetriedAfterItsMarkerWriteFailedIsRecordedAgainAndFlushed() {
        rig.dynamoDecorator = local -> new FaultyDynamoDb(local, 1, request -> request instanceof UpdateItemRequest u
                && ingestMarker(String.valueOf(u)), dynamo);
        rig.wire();
        List<String> batch = created("a.html", "0A", "b.html", "0A");
        assertEquals(2, rig.ingest(batch, 0).size(), "the marker failed: both messages are retried");
        assertEquals(List.of(), rig.ingest(batch, 0), "SQS delivers them again to the same container");
        rig.drain(); // a distribution left unmarked would read IDLE at once, its changes stranded
        assertEquals(Set.of("/a.html", "/b.html"), paidPaths());
    }

    @Test
    void aBurstWithLateDuplicatesWritesEachObjectItemTwiceAndTheMarkerOncePerBatch() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add("s" + (i % 4) + "/p" + i + ".html");
        }
        List<String> bodies = S3Events.burst(BUCKET, keys, 7); // 200 changes, then 50 late duplicates and older events
        for (int from = 0; from < bodies.size(); from += 50) {
            assertEquals(List.of(), rig.ingest(bodies.subList(from, from + 50), from));
        }
        rig.drain();
        assertEquals(2L * keys.size(), dynamo.writesWhere(IngestStorageCostTest::objectItem), "one write to record, one to clear");
        assertEquals(4, dynamo.writesWhere(IngestStorageCostTest::ingestMarker), "one per batch that recorded something");
        for (String key : keys) {
            assertTrue(rig.cloudFront.evicted(DIST, "/" + key), "lost change: " + key);
        }
    }

    private Set<String> paidPaths() {
        Set<String> paid = new HashSet<>();
        rig.cloudFront.created().forEach(invalidation -> invalidation.paths().forEach(path -> assertTrue(paid.add(path), "paid twice: " + path)));
        return paid;
    }
}
