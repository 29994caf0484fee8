package com.edgeautopilot.common.dynamo;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoItemsTest {

    @Test
    void shortKeysStayAsTheyAre() {
        assertEquals("bucket/a.html", DynamoItems.boundedKey("bucket/a.html", DynamoItems.MAX_SORT_KEY_BYTES));
    }

    @Test
    void aMaximalS3KeyFitsTheSortKeyLimitAndStaysDistinct() {
        String prefix = "example-site-bucket/" + "é".repeat(500);  // 1,020 bytes of multi-byte characters
        String a = prefix + "a".repeat(10);
        String b = prefix + "b".repeat(10);
        String boundedA = DynamoItems.boundedKey(a, DynamoItems.MAX_SORT_KEY_BYTES);
        String boundedB = DynamoItems.boundedKey(b, DynamoItems.MAX_SORT_KEY_BYTES);
        assertTrue(boundedA.getBytes(StandardCharsets.UTF_8).length <= DynamoItems.MAX_SORT_KEY_BYTES, boundedA);
        assertNotEquals(boundedA, boundedB);
        assertEquals(boundedA, DynamoItems.boundedKey(a, DynamoItems.MAX_SORT_KEY_BYTES), "deterministic");
        assertTrue(boundedA.startsWith("example-site-bucket/é"), "readable prefix kept");
    }

    @Test
    void readersAreNullSafe() {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = Map.of("n", DynamoItems.n(42), "s", DynamoItems.s("x"));
        assertEquals(42, DynamoItems.longOf(item, "n"));
        assertEquals(0, DynamoItems.longOf(item, "missing"));
        assertNull(DynamoItems.optLong(null, "n"));
        assertNull(DynamoItems.string(item, "n"));
        assertEquals("x", DynamoItems.string(item, "s"));
    }

    @Test
    void boundedParallelKeepsOrderAndNeverExceedsItsLimit() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Integer> inputs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            inputs.add(i);
        }
        List<Integer> doubled = BoundedParallel.map(inputs, 4, i -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return i * 2;
        });
        assertEquals(200, doubled.size());
        for (int i = 0; i < 200; i++) {
            assertEquals(i * 2, doubled.get(i));
        }
        assertTrue(peak.get() <= 4, "peak concurrency " + peak.get());
    }

    @Test
    void boundedParallelRethrowsAfterEveryCallFinished() {
        AtomicInteger done = new AtomicInteger();
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> BoundedParallel.map(List.of(1, 2, 3, 4, 5, 6), 3, i -> {
            if (i % 2 == 0) {
                throw new IllegalStateException("write " + i + " failed");
            }
            done.incrementAndGet();
            return i;
        }));
        assertEquals(3, done.get(), "the odd writes all ran");
        assertEquals(2, error.getSuppressed().length, "every failure is reported");
    }
}
