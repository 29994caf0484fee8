package com.edgeautopilot.common.dynamo;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared lease on DynamoDB Local, with the coalescer table's key layout from template.yaml. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class LeaseTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final Map<String, AttributeValue> key = DynamoItems.key("DIST#E1", "STATE");

    private Lease lease() {
        return new Lease(DB.client(), DB.tableName("CoalescerTable"));
    }

    @Test
    void onlyOneOwnerAtATimeUntilItExpires() {
        Lease lease = lease();
        assertTrue(lease.acquire(key, "a", 1_000, MINUTE).isPresent());
        assertTrue(lease.acquire(key, "b", 30_000, MINUTE).isEmpty(), "held by a");
        assertTrue(lease.acquire(key, "a", 30_000, MINUTE).isPresent(), "the owner may take it again");
        assertTrue(lease.acquire(key, "b", 30_000 + 60_001, MINUTE).isPresent(), "expired: b takes it");
    }

    @Test
    void acquireReturnsTheWholeItemSoTheOwnerReadsStateInTheSameWrite() {
        DB.client().putItem(b -> b.tableName(DB.tableName("CoalescerTable")).item(Map.of(
                "pk", DynamoItems.s("DIST#E1"), "sk", DynamoItems.s("STATE"), "pendingCount", DynamoItems.n(7))));
        Map<String, AttributeValue> item = lease().acquire(key, "a", 1_000, MINUTE).orElseThrow();
        assertEquals(7, DynamoItems.longOf(item, "pendingCount"));
        assertTrue(Lease.heldBy(item, "a", 60_000));
        assertFalse(Lease.heldBy(item, "a", 61_001));
        assertFalse(Lease.heldBy(item, "b", 1_000));
    }

    @Test
    void aLoserCannotReleaseOrRenewTheNewOwnersLease() {
        Lease lease = lease();
        lease.acquire(key, "a", 0, MINUTE);
        lease.acquire(key, "b", 60_001, MINUTE);
        assertFalse(lease.release(key, "a"), "a's lease expired and b holds it");
        assertFalse(lease.renew(key, "a", 60_002, MINUTE));
        assertTrue(lease.acquire(key, "c", 60_003, MINUTE).isEmpty(), "b still holds it");
        assertTrue(lease.renew(key, "b", 100_000, MINUTE));
        assertTrue(lease.acquire(key, "c", 150_000, MINUTE).isEmpty(), "renewed until 160,000");
    }

    @Test
    void releaseSetsAttributesAtomicallyAndFreesTheLease() {
        Lease lease = lease();
        lease.acquire(key, "a", 0, MINUTE);
        assertTrue(lease.release(key, "a", Map.of("backoffUntil", DynamoItems.n(99_000), "attempts", DynamoItems.n(3))));
        Map<String, AttributeValue> item = DB.client().getItem(b -> b.tableName(DB.tableName("CoalescerTable")).key(key)).item();
        assertEquals(99_000, DynamoItems.longOf(item, "backoffUntil"));
        assertEquals(3, DynamoItems.longOf(item, "attempts"));
        assertFalse(item.containsKey(Lease.OWNER));
        assertTrue(lease.acquire(key, "b", 1, MINUTE).isPresent(), "released: free at once");
    }

    @Test
    void racingOwnersGetExactlyOneLease() throws Exception {
        Lease lease = lease();
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String owner = "owner-" + i;
            racers.add(() -> lease.acquire(key, owner, 5_000, MINUTE).isPresent());
        }
        int winners = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(racers)) {
                winners += result.get() ? 1 : 0;
            }
        }
        assertEquals(1, winners);
    }
}
