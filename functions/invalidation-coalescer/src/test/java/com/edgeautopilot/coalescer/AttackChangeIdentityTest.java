package com.edgeautopilot.coalescer;

import com.edgeautopilot.coalescer.event.S3Change;
import com.edgeautopilot.coalescer.event.Sequencers;
import com.edgeautopilot.coalescer.plan.PathEncoding;
import com.edgeautopilot.coalescer.store.DynamoCoalescerStore;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.coalescer.support.StrictCloudFront;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static com.edgeautopilot.coalescer.support.CoalescerRig.BUCKET;
import static com.edgeautopilot.coalescer.support.CoalescerRig.DIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on the one model of issue 20 (attack-20): a write may be rejected only when the item already holds a change
 * known to be at least as new. A change without a sequencer and a sequenced change of the same object are not ordered,
 * so neither may absorb the other: each must be recorded (a change id of its own), or a flush in flight that read the
 * other clears the object and the change is never invalidated.
 */
@Tag("slow")
class AttackChangeIdentityTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private CoalescerRig rig;

    @BeforeEach
    void wire() {
        rig = new CoalescerRig(DB);
        rig.env.put("EVENTBRIDGE_KEY_ENCODING", "both");
        rig.wire();
    }

    /**
     * "a b.html" is pending as the decoded reading of "a+b.html" (no sequencer). A flush reads it and CloudFront accepts
     * the batch; then the real "a b.html" is uploaded and its sequenced event reaches another container before the flush
     * clears the item. The write must record a new change (the flush's delete then finds another id), not be taken for a
     * duplicate of the pending change it is not ordered against.
     */
    @Test
    void aSequencedChangeDuringAFlushIsNotAbsorbedByAPendingChangeWithoutSequencer() {
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a+b.html", "0F", false)), 0); // "a+b.html" and "a b.html" (decoded)
        rig.clock.advance(Duration.ofMinutes(2));
        DynamoCoalescerStore otherContainer = otherContainer();
        rig.cloudFront.onAccept(accepted -> otherContainer.recordChanges(DIST, List.of(change("a b.html", "0A")), rig.clock.millis()));
        assertTrue(rig.coalescer.flusher().flush(DIST, "f", false).flushed());
        rig.cloudFront.onAccept(accepted -> { });
        rig.cloudFront.completeAll();
        rig.drain();
        List<StrictCloudFront.Invalidation> created = rig.cloudFront.created();
        assertEquals(2, created.size(), "'a b.html', uploaded after CloudFront accepted the first batch, is invalidated again: " + created);
        assertTrue(created.get(1).paths().contains(PathEncoding.encode("/a b.html")), created.toString());
    }

    /**
     * One SQS batch holds a new event of "a+b.html" (its decoded reading: a change of "a b.html" without sequencer) and a
     * late copy of the real "a b.html"'s already invalidated change. The ingest must not keep only one of two changes it
     * cannot order: keeping the late copy drops the new change as a late copy at the flush.
     */
    @Test
    void anIngestBatchKeepsBothChangesOfAnObjectWhenOneHasNoSequencer() {
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a b.html", "0A", false)), 0); // the real "a b.html"
        rig.drain();
        rig.wire(); // another container, which has not seen 0A
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a+b.html", "0F", false), // new: "a+b.html", and "a b.html" decoded
                S3Events.eventBridge(BUCKET, "a b.html", "0A", false)), 10);        // 0A delivered again, late
        rig.cloudFront.completeAll();
        rig.drain();
        List<StrictCloudFront.Invalidation> created = rig.cloudFront.created();
        assertTrue(created.size() >= 2, created.toString());
        assertTrue(created.subList(1, created.size()).stream().anyMatch(i -> i.paths().contains(PathEncoding.encode("/a b.html"))),
                "'a b.html' as read from the new event is invalidated again: " + created);
    }

    /**
     * The event of "a+b.html" is delivered again after its flush: its decoded reading makes "a b.html" pending again as
     * a late copy (no sequencer, version 1). Then the real "a b.html" is uploaded. Its sequenced change must be recorded
     * as a change of its own, not rejected as a duplicate of the late copy, which the next flush drops unpaid.
     */
    @Test
    void aNewSequencedChangeIsNotAbsorbedByAPendingLateCopyWithoutSequencer() {
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a+b.html", "0F", false)), 0);
        rig.drain();
        rig.wire(); // another container
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a+b.html", "0F", false)), 10); // delivered again, late
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a b.html", "0A", false)), 20); // the real "a b.html" uploaded
        rig.cloudFront.completeAll();
        rig.drain();
        List<StrictCloudFront.Invalidation> created = rig.cloudFront.created();
        assertTrue(created.subList(1, created.size()).stream().anyMatch(i -> i.paths().contains(PathEncoding.encode("/a b.html"))),
                "the upload of 'a b.html' after the first flush is invalidated: " + created);
    }

    private DynamoCoalescerStore otherContainer() {
        return new DynamoCoalescerStore(DB.client(), rig.config.tableName(), rig.config.shards(), rig.config.dedupeWindow());
    }

    private static S3Change change(String key, String sequencer) {
        String normalized = Sequencers.normalize(sequencer);
        return new S3Change(BUCKET, key, normalized, normalized, false);
    }
}
