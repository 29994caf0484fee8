package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.store.PendingChange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The batch id (and so every CallerReference) names exactly one path set: never reused for other paths. */
class BatchIdTest {

    private static final List<PendingChange> PENDING = List.of(
            new PendingChange("b", "docs/index.html", "0A", 1, 1, "OBJ#E1#03", "O#x"),
            new PendingChange("b", "a.html", "0B", 2, 4, "OBJ#E1#05", "O#y"));

    @Test
    void theSameChangesPlannedTheSameWayGiveTheSameIdInAnyOrder() {
        List<List<String>> requests = List.of(List.of("/docs/index.html", "/docs/", "/docs", "/a.html"));
        assertEquals(BatchPlanning.batchId("E1", 0, PENDING, requests),
                BatchPlanning.batchId("E1", 0, List.of(PENDING.get(1), PENDING.get(0)),
                        List.of(List.of("/a.html", "/docs", "/docs/", "/docs/index.html"))));
    }

    @Test
    void theSameChangesWithOtherPathsGiveAnotherId() {
        String deferred = BatchPlanning.batchId("E1", 0, PENDING, List.of(List.of("/docs/index.html", "/a.html")));
        String complete = BatchPlanning.batchId("E1", 0, PENDING, List.of(List.of("/docs/index.html", "/docs/", "/docs", "/a.html")));
        String split = BatchPlanning.batchId("E1", 0, PENDING, List.of(List.of("/docs/index.html", "/docs/"), List.of("/docs", "/a.html")));
        assertNotEquals(deferred, complete);
        assertNotEquals(complete, split);
    }

    @Test
    void anotherEpochVersionOrDistributionGivesAnotherId() {
        List<List<String>> requests = List.of(List.of("/a.html"));
        String id = BatchPlanning.batchId("E1", 0, PENDING, requests);
        assertNotEquals(id, BatchPlanning.batchId("E1", 1, PENDING, requests), "an abandoned batch is never re-planned under its id");
        assertNotEquals(id, BatchPlanning.batchId("E2", 0, PENDING, requests));
        assertNotEquals(id, BatchPlanning.batchId("E1", 0,
                List.of(PENDING.get(0), new PendingChange("b", "a.html", "0B", 2, 5, "OBJ#E1#05", "O#y")), requests),
                "a newer change of the same object (redelivered without a sequencer) is another batch");
    }
}
