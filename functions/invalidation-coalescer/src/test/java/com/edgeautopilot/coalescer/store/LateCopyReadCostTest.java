package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.coalescer.support.FaultyDynamoDb;
import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20, defect 9: what one flush reads of the late-copy memory is bounded, whatever a day's volume is. */
@Tag("slow") // on DynamoDB Local
class LateCopyReadCostTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    @Test
    void aFlushReadsABoundedPartOfAHeavyDayAndStillRecognisesTheNewestCopies() {
        long start = Instant.parse("2099-03-01T00:00:00Z").toEpochMilli(); // TTLs far from the real clock
        String table = DB.tableName("CoalescerTable");
        FlushedObjects writer = new FlushedObjects(DB.client(), table, Duration.ofDays(1));
        // a heavy day: 40 flushes of 5,000 objects each (200,000 objects, ~8 MB compressed)
        List<PendingChange> newest = List.of();
        for (int flush = 0; flush < 40; flush++) {
            List<PendingChange> batch = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                String key = "f" + flush + "/o" + i + ".html";
                batch.add(new PendingChange("site", key, String.format("%032X", flush * 10_000L + i), 0, 1, "id-" + flush + "-" + i,
                        "OBJ#E1#00", "O#" + DynamoItems.sha256("site/" + key)));
            }
            writer.remember("E1", "ea-" + flush, batch, start + flush * 60_000L);
            newest = batch;
        }
        AtomicInteger queries = new AtomicInteger();
        FlushedObjects reader = new FlushedObjects(new FaultyDynamoDb(DB.client(), 0, r -> false,
                r -> { if (r instanceof QueryRequest) queries.incrementAndGet(); }), table, Duration.ofDays(1));
        List<PendingChange> copies = reader.lateCopies("E1", newest.subList(0, 10), start + 41 * 60_000L);
        assertEquals(10, copies.size(), "the newest flush's copies are recognised");
        assertTrue(queries.get() <= 2, "read pages (≤ 1 MB each) for ~8 MB remembered: " + queries.get());
    }
}
