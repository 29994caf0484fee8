package com.edgeautopilot.coalescer;

import com.edgeautopilot.coalescer.flush.FlushOutcome;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import static com.edgeautopilot.coalescer.support.CoalescerRig.BUCKET;
import static com.edgeautopilot.coalescer.support.CoalescerRig.DIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The flush decides from what CloudFront says, not from what this stack remembers (issue 20, defects 6 and 8). */
@Tag("slow") // on the stand-ins: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CloudFrontTruthTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private CoalescerRig rig;

    @BeforeEach
    void wire() {
        rig = new CoalescerRig(DB);
    }

    /** Defect 6: another stack's invalidation in progress on the same distribution leaves less free: plan to what is free. */
    @Test
    void aBatchIsPlannedToWhatCloudFrontHasFreeIncludingOtherStacksInvalidations() {
        List<String> theirs = new ArrayList<>();
        for (int i = 0; i < 2999; i++) {
            theirs.add("/ci/" + i + ".html");
        }
        rig.cloudFront.submit(DIST, "another-stack-1", theirs); // a CI job: 2,999 files in progress, one free
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false),
                S3Events.eventBridge(BUCKET, "b.html", "0B", false)), 0);
        rig.clock.advance(Duration.ofMinutes(2));
        FlushOutcome outcome = rig.coalescer.flusher().flush(DIST, "f", false);
        assertNull(outcome.refusal(), "planned within what CloudFront has free, not refused: " + outcome);
        assertEquals(2, rig.cloudFront.created().size(), "one invalidation of this stack accepted at once");
        rig.drain();
        assertTrue(rig.cloudFront.evicted(DIST, "/a.html"));
        assertTrue(rig.cloudFront.evicted(DIST, "/b.html"));
    }

    /** Defect 8: a request CloudFront created before midnight, recorded after it (a resume), counts in its own month. */
    @Test
    void aRequestCountsInTheMonthCloudFrontCreatedIt() {
        rig.clock.set(Instant.parse("2099-01-31T23:57:00Z"));
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false)), 0);
        rig.clock.set(Instant.parse("2099-01-31T23:59:30Z"));
        rig.cloudFront.crashAfterAcceptingNext(1); // accepted; the function dies before recording it
        assertThrows(RuntimeException.class, () -> rig.coalescer.flusher().flush(DIST, "f", false));
        rig.clock.set(Instant.parse("2099-02-01T00:04:00Z")); // resumed after midnight, past the dead flusher's lease
        rig.coalescer.flusher().flush(DIST, "g", false);
        assertEquals(1, rig.cloudFront.created().size(), "the same invalidation, not a second");
        assertEquals(1, rig.store.usage(YearMonth.of(2099, 1)), "counted in January, when CloudFront accepted it");
        assertEquals(0, rig.store.usage(YearMonth.of(2099, 2)), "not in February");
    }
}
