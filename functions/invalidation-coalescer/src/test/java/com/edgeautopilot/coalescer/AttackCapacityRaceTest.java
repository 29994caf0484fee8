package com.edgeautopilot.coalescer;

import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.coalescer.support.StrictCloudFront;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.edgeautopilot.coalescer.support.CoalescerRig.BUCKET;
import static com.edgeautopilot.coalescer.support.CoalescerRig.DIST;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * attack-20: the flush plans to what ListInvalidations shows free, but another stack can start an invalidation between
 * the list and the submit (or the list can miss one: it pages only while a page shows one in progress, at most 1,000).
 * The batch refused at its first request then stays open and each resume submits it unchanged, whatever is free: defect
 * 6 again, for as long as the other stack keeps its invalidations in progress.
 */
@Tag("slow")
class AttackCapacityRaceTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    @Disabled("reason: not fixed (liveness, no loss or double pay): an open batch refused at request 0 is resumed unchanged. "
            + "Abandoning it is unsafe while an earlier attempt of request 0 may have been accepted with its answer lost "
            + "(a fresh reference would pay it twice); see /work/notes/attack-20.md")
    @Test
    void aBatchRefusedBecauseAnotherStackStartedAfterTheListIsPlannedAgainToWhatIsFree() {
        CoalescerRig rig = new CoalescerRig(DB);
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < 2999; i++) {
            theirs.add("/ci/" + i + ".html");
        }
        StrictCloudFront cloudFront = rig.cloudFront;
        AtomicBoolean firstList = new AtomicBoolean(true);
        rig.gateway = new InvalidationGateway() {
            @Override
            public Accepted submit(String distributionId, String callerReference, List<String> paths) {
                return cloudFront.submit(distributionId, callerReference, paths);
            }

            @Override
            public List<InProgress> inProgress(String distributionId) {
                if (firstList.getAndSet(false)) {
                    List<InProgress> seen = cloudFront.inProgress(distributionId);
                    cloudFront.submit(DIST, "another-stack-1", theirs); // a CI job starts right after the list: one file free
                    return seen;
                }
                return cloudFront.inProgress(distributionId);
            }
        };
        rig.wire();
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false),
                S3Events.eventBridge(BUCKET, "b.html", "0B", false)), 0);
        for (int tick = 0; tick < 12; tick++) { // an hour; the CI job's invalidation is still in progress
            rig.clock.advance(Duration.ofMinutes(5));
            try {
                rig.tick();
            } catch (RuntimeException failedTick) {
                // the next tick tries again
            }
        }
        assertTrue(cloudFront.created().stream().anyMatch(i -> !i.callerReference().startsWith("another")),
                "one of the two files is invalidated within the one file CloudFront has free: " + cloudFront.created().size()
                        + " invalidations, all the other stack's; resumed unchanged "
                        + rig.printed().lines().filter(line -> line.contains("resuming open batch")).count() + " times, refused "
                        + rig.printed().lines().filter(line -> line.contains("CloudFront refused")).count() + " times");
    }
}
