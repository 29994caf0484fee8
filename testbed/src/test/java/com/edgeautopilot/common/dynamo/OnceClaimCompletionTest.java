package com.edgeautopilot.common.dynamo;

import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claims completed after their action: an unfinished one (its process died) is neither "done" nor lost. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class OnceClaimCompletionTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration LEASE = Duration.ofMinutes(3);
    private final Map<String, AttributeValue> key = DynamoItems.key("CLAIM", "digest#group#7");

    private OnceClaim claims() {
        return new OnceClaim(DB.client(), DB.tableName("CoalescerTable"));
    }

    @Test
    void aCompletedActionIsNotRunAgain() {
        AtomicInteger sent = new AtomicInteger();
        assertTrue(claims().onceCompleted(key, "run-1", 1_000, DAY, LEASE, sent::incrementAndGet));
        assertFalse(claims().onceCompleted(key, "run-2", 500_000, DAY, LEASE, sent::incrementAndGet), "long after the in-progress window");
        assertEquals(1, sent.get());
    }

    @Test
    void aClaimWhoseProcessDiedFailsDeliveriesUntilItExpiresAndIsThenTakenAgain() {
        OnceClaim claims = claims();
        assertTrue(claims.claim(key, "dead-run", 1_000, LEASE, Map.of(OnceClaim.IN_PROGRESS, AttributeValue.fromBool(true))),
                "as onceCompleted leaves it when its process dies mid-action");
        AtomicInteger sent = new AtomicInteger();

        assertThrows(OnceClaim.InProgress.class, () -> claims.onceCompleted(key, "run-2", 60_000, DAY, LEASE, sent::incrementAndGet));
        assertTrue(claims.onceCompleted(key, "run-3", 1_000 + LEASE.toMillis() + 1_000, DAY, LEASE, sent::incrementAndGet));
        assertEquals(1, sent.get());
    }

    @Test
    void aPlainClaimCountsAsCompleted() {
        assertTrue(claims().claim(key, "published-and-died", 1_000, DAY));
        assertFalse(claims().onceCompleted(key, "successor", 2_000, DAY, LEASE, () -> {
            throw new AssertionError("must not run");
        }));
    }
}
