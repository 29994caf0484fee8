package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.store.DistributionState;

import java.time.Duration;

/** Decides whether a distribution's pending changes should be flushed now. Pure: state and time in, decision out. */
public final class FlushPolicy {

    /** Why a flush happens, or why it does not. */
    public enum Decision {
        IDLE(false), WAITING(false), BACKING_OFF(false),
        RESUME(true), SIZE(true), MAX_DELAY(true), QUIET(true), FORCED(true);

        private final boolean flushes;

        Decision(boolean flushes) {
            this.flushes = flushes;
        }

        public boolean flushes() {
            return flushes;
        }
    }

    private final Duration quietPeriod;
    private final Duration maxDelay;
    private final int maxPending;

    public FlushPolicy(Duration quietPeriod, Duration maxDelay, int maxPending) {
        this.quietPeriod = quietPeriod;
        this.maxDelay = maxDelay;
        this.maxPending = maxPending;
    }

    public Decision decide(DistributionState state, long now, boolean force) {
        boolean pending = state.firstPendingAt() != null || state.openBatchId() != null;
        if (!pending) {
            return Decision.IDLE;
        }
        if (state.backoffUntil() > now) {
            return Decision.BACKING_OFF;
        }
        if (state.openBatchId() != null) {
            return Decision.RESUME;
        }
        if (force) {
            return Decision.FORCED;
        }
        if (state.pendingCount() >= maxPending) {
            return Decision.SIZE;
        }
        if (now - state.firstPendingAt() >= maxDelay.toMillis()) {
            return Decision.MAX_DELAY;
        }
        if (state.lastChangeAt() == null || now - state.lastChangeAt() >= quietPeriod.toMillis()) {
            return Decision.QUIET;
        }
        return Decision.WAITING;
    }
}
