package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.cdn.InvalidationRefused;
import com.edgeautopilot.coalescer.store.DistributionState;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlushPolicyTest {

    private final FlushPolicy policy = new FlushPolicy(Duration.ofSeconds(60), Duration.ofSeconds(300), 100);

    private static DistributionState state(Long firstPendingAt, Long lastChangeAt, long pendingCount, long backoffUntil, String openBatch) {
        return new DistributionState("E1", firstPendingAt, lastChangeAt, pendingCount, 1, null, 0, backoffUntil, 0, openBatch, 8, 0, 0);
    }

    @Test
    void nothingPendingIsIdleEvenWhenForced() {
        assertEquals(FlushPolicy.Decision.IDLE, policy.decide(state(null, null, 0, 0, null), 1_000_000, true));
    }

    @Test
    void waitsForTheQuietPeriod() {
        long now = 1_000_000;
        assertEquals(FlushPolicy.Decision.WAITING, policy.decide(state(now - 10_000, now - 5_000, 3, 0, null), now, false));
        assertEquals(FlushPolicy.Decision.QUIET, policy.decide(state(now - 70_000, now - 60_000, 3, 0, null), now, false));
    }

    @Test
    void maxDelayWinsOverAContinuousTrickle() {
        long now = 10_000_000;
        assertEquals(FlushPolicy.Decision.MAX_DELAY, policy.decide(state(now - 300_000, now - 1_000, 3, 0, null), now, false));
    }

    @Test
    void sizeTriggersAtOnce() {
        long now = 10_000_000;
        assertEquals(FlushPolicy.Decision.SIZE, policy.decide(state(now - 1_000, now, 100, 0, null), now, false));
    }

    @Test
    void backoffHoldsEvenAnOpenBatchAndForce() {
        long now = 10_000_000;
        assertEquals(FlushPolicy.Decision.BACKING_OFF, policy.decide(state(now - 900_000, now - 900_000, 500, now + 1, "b"), now, true));
        assertEquals(FlushPolicy.Decision.RESUME, policy.decide(state(null, null, 0, now - 1, "b"), now, false));
    }

    @Test
    void backoffGrowsAndIsCapped() {
        assertEquals(Duration.ofSeconds(30), Backoff.after(1, InvalidationRefused.Reason.THROTTLED));
        assertEquals(Duration.ofSeconds(60), Backoff.after(2, InvalidationRefused.Reason.THROTTLED));
        assertEquals(Duration.ofMinutes(2), Backoff.after(1, InvalidationRefused.Reason.TOO_MANY_IN_PROGRESS));
        assertEquals(Duration.ofMinutes(15), Backoff.after(50, InvalidationRefused.Reason.SERVICE_UNAVAILABLE));
        assertTrue(Backoff.after(3, InvalidationRefused.Reason.THROTTLED).compareTo(Backoff.after(2, InvalidationRefused.Reason.THROTTLED)) > 0);
    }
}
