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
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claim-once records on DynamoDB Local: duplicate deliveries, racing runs, failed side effects retried. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class OnceClaimTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private static final Duration DAY = Duration.ofDays(1);
    private final Map<String, AttributeValue> key = DynamoItems.key("CLAIM", "transition#arn:alarm#2026-11-21T10:05:12.345Z");

    private OnceClaim claims() {
        return new OnceClaim(DB.client(), DB.tableName("CoalescerTable"));
    }

    @Test
    void theFirstClaimWinsAndDuplicatesAreToldSo() {
        OnceClaim claims = claims();
        assertTrue(claims.claim(key, "delivery-1", 1_000, DAY));
        assertFalse(claims.claim(key, "delivery-2", 2_000, DAY));
        assertTrue(claims.isClaimed(key, 2_000));
        Map<String, AttributeValue> item = DB.client().getItem(b -> b.tableName(DB.tableName("CoalescerTable")).key(key)).item();
        assertEquals("delivery-1", DynamoItems.string(item, OnceClaim.CLAIMED_BY));
        assertEquals((1_000 + DAY.toMillis()) / 1000, DynamoItems.longOf(item, DynamoItems.TTL_ATTRIBUTE), "TTL in epoch seconds");
    }

    @Test
    void anExpiredClaimThatTtlHasNotDeletedYetIsFree() {
        OnceClaim claims = claims();
        assertTrue(claims.claim(key, "old", 0, Duration.ofSeconds(10)));
        assertFalse(claims.claim(key, "new", 9_000, DAY));
        assertFalse(claims.isClaimed(key, 11_000));
        assertTrue(claims.claim(key, "new", 11_000, DAY));
    }

    @Test
    void aFailedSideEffectGivesTheClaimBackSoTheNextDeliveryRetriesIt() {
        OnceClaim claims = claims();
        AtomicInteger published = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> claims.once(key, "d1", 1_000, DAY, () -> {
            throw new IllegalStateException("SNS throttled");
        }));
        assertFalse(claims.isClaimed(key, 1_000));
        assertTrue(claims.once(key, "d2", 2_000, DAY, published::incrementAndGet));
        assertFalse(claims.once(key, "d3", 3_000, DAY, published::incrementAndGet));
        assertEquals(1, published.get());
    }

    @Test
    void releaseOnlyGivesBackOurOwnClaim() {
        OnceClaim claims = claims();
        claims.claim(key, "a", 0, Duration.ofSeconds(1));
        claims.claim(key, "b", 5_000, DAY);
        claims.release(key, "a");
        assertTrue(claims.isClaimed(key, 5_000), "b's claim survives a's late release");
    }

    @Test
    void racingDeliveriesClaimExactlyOnce() throws Exception {
        OnceClaim claims = claims();
        AtomicInteger effects = new AtomicInteger();
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String claimant = "delivery-" + i;
            racers.add(() -> claims.once(key, claimant, 1_000, DAY, effects::incrementAndGet));
        }
        int winners = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(racers)) {
                winners += result.get() ? 1 : 0;
            }
        }
        assertEquals(1, winners);
        assertEquals(1, effects.get());
    }
}
