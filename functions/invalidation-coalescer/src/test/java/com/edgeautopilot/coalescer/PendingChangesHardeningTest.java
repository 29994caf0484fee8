package com.edgeautopilot.coalescer;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.plan.PathEncoding;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.FaultyDynamoDb;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.edgeautopilot.coalescer.support.CoalescerRig.BUCKET;
import static com.edgeautopilot.coalescer.support.CoalescerRig.DIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How pending changes are recorded and cleared: keys of any valid length, shard-count changes, order without sequencers. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class PendingChangesHardeningTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private CoalescerRig rig;

    @BeforeEach
    void wire() {
        rig = new CoalescerRig(DB);
    }

    @Test
    void aValidKeyOfTheFullS3LengthIsRecordedAndInvalidatedAndABadRecordFailsAlone() {
        String longKey = "docs/" + "k".repeat(1024 - "docs/".length()); // S3's maximum: 1,024 bytes
        String tooLong = "docs/" + "x".repeat(300_000);                  // no S3 key is this long: a forged or broken record
        List<String> failed = rig.ingest(List.of(
                S3Events.eventBridge(BUCKET, "docs/short.html", "0A", false),
                S3Events.eventBridge(BUCKET, longKey, "0B", false),
                S3Events.eventBridge(BUCKET, tooLong, "0C", false),
                S3Events.eventBridge(BUCKET, "docs/other.html", "0D", false)), 0);
        assertEquals(List.of("00000000-0000-4000-8000-000000000002"), failed, "only the oversized record fails");
        rig.drain();
        assertTrue(rig.cloudFront.evicted(DIST, "/docs/short.html"));
        assertTrue(rig.cloudFront.evicted(DIST, "/docs/other.html"));
        assertTrue(rig.cloudFront.evicted(DIST, PathEncoding.encode("/" + longKey)), "the 1,024-byte key is invalidated");
        assertTrue(rig.store.pending(DIST).isEmpty());
    }

    @Test
    void aChangeDynamoDbRefusesFailsOnlyTheMessagesThatCarriedIt() {
        rig.dynamoDecorator = client -> new FaultyDynamoDb(client, Integer.MAX_VALUE,
                request -> request instanceof UpdateItemRequest update && update.hasExpressionAttributeValues()
                        && update.expressionAttributeValues().containsKey(":key")
                        && "docs/refused.html".equals(update.expressionAttributeValues().get(":key").s()));
        rig.wire();
        List<String> failed = rig.ingest(List.of(
                S3Events.eventBridge(BUCKET, "docs/a.html", "0A", false),
                S3Events.eventBridge(BUCKET, "docs/refused.html", "0B", false),
                S3Events.eventBridge(BUCKET, "docs/b.html", "0C", false)), 0);
        assertEquals(List.of("00000000-0000-4000-8000-000000000001"), failed);
        assertEquals(2, rig.store.pending(DIST).size(), "the other two are recorded");
    }

    @Test
    void raisingPendingShardsOnALiveTableLosesNothingAndPaysNothingTwice() {
        changingShardsKeepsEveryChange("8", "16");
    }

    @Test
    void loweringPendingShardsOnALiveTableLosesNothingAndPaysNothingTwice() {
        changingShardsKeepsEveryChange("8", "4");
    }

    private void changingShardsKeepsEveryChange(String before, String after) {
        rig.env.put("PENDING_SHARDS", before);
        rig.env.put("MAX_PENDING_CHANGES", "100000");
        rig.env.put("FREE_PATHS_PER_MONTH", "1000000");
        rig.wire();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add("d" + (i % 3) + "/f" + i + ".css");
        }
        List<String> bodies = keys.stream().map(k -> S3Events.eventBridge(BUCKET, k, "0A", false)).toList();
        assertEquals(List.of(), rig.ingest(bodies, 0));

        rig.env.put("PENDING_SHARDS", after); // a redeploy with another setting, while those changes are pending
        rig.wire();
        assertEquals(List.of(), rig.ingest(List.of(S3Events.eventBridge(BUCKET, "d9/late.css", "0A", false)), 100));
        rig.drain();
        for (String key : keys) {
            assertTrue(rig.cloudFront.evicted(DIST, "/" + key), "lost change: " + key);
        }
        assertTrue(rig.cloudFront.evicted(DIST, "/d9/late.css"));
        assertTrue(rig.store.pending(DIST).isEmpty(), "nothing left pending");
        Set<String> paid = new HashSet<>();
        for (var invalidation : rig.cloudFront.created()) {
            for (String path : invalidation.paths()) {
                assertTrue(paid.add(path), "paid twice: " + path);
            }
        }
        // and the same events delivered again later are still recognised as duplicates
        long charged = rig.cloudFront.chargedPaths();
        rig.ingest(bodies, 200);
        rig.drain();
        assertEquals(charged, rig.cloudFront.chargedPaths(), "late duplicates are free after the change too");
        assertEquals(Integer.parseInt(before), rig.store.state(DIST).shards(), "still written under the old count");

        // once idle for longer than the dedupe window, the new count takes effect
        rig.clock.advance(Duration.ofHours(25));
        assertEquals(List.of(), rig.ingest(List.of(S3Events.eventBridge(BUCKET, "d9/after.css", "0A", false)), 300));
        assertEquals(Integer.parseInt(after), rig.store.state(DIST).shards());
        rig.drain();
        assertTrue(rig.cloudFront.evicted(DIST, "/d9/after.css"));
        assertTrue(rig.store.pending(DIST).isEmpty());
    }

    @Test
    void withoutSequencersARedeliveredOlderEventNeverLetsAFlushClearANewerChange() {
        rig.ingest(List.of(S3Events.eventBridgeWithoutSequencer(BUCKET, "a.html", "event-A")), 0);
        rig.clock.advance(Duration.ofMinutes(2));
        AtomicBoolean once = new AtomicBoolean();
        rig.cloudFront.onAccept(invalidation -> {
            if (once.compareAndSet(false, true)) {
                rig.ingest(List.of(S3Events.eventBridgeWithoutSequencer(BUCKET, "a.html", "event-B")), 10); // a newer upload
                rig.ingest(List.of(S3Events.eventBridgeWithoutSequencer(BUCKET, "a.html", "event-A")), 20); // A redelivered
            }
        });
        assertTrue(rig.coalescer.flusher().flush(DIST, "f", false).flushed());
        assertEquals(1, rig.store.pending(DIST).size(), "B arrived after the flush read a.html: it must stay pending");
        rig.drain();
        assertEquals(2, rig.cloudFront.created().size(), "B is invalidated by a later flush");
    }

    @Test
    void pendingCountIsCorrectedAfterAFlushThatRacedAnIngest() {
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false)), 0);
        rig.clock.advance(Duration.ofMinutes(2));
        AtomicBoolean once = new AtomicBoolean();
        rig.cloudFront.onAccept(invalidation -> {
            if (once.compareAndSet(false, true)) {
                rig.ingest(List.of(S3Events.eventBridge(BUCKET, "b.html", "0A", false),
                        S3Events.eventBridge(BUCKET, "c.html", "0A", false)), 10);
            }
        });
        assertTrue(rig.coalescer.flusher().flush(DIST, "f", false).flushed());
        assertEquals(2, rig.store.pending(DIST).size());
        assertEquals(2, rig.store.state(DIST).pendingCount(), "the size trigger counts what is really pending");
    }
}
