package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.cdn.InvalidationRefused;

import java.time.Duration;

/**
 * How long to leave a distribution alone after CloudFront said no. Exponential in the number of consecutive refusals,
 * capped; when the in-progress limit was hit, at least two minutes (invalidations take minutes to complete), so the
 * flusher neither drops changes nor busy-loops.
 */
public final class Backoff {

    private static final Duration BASE = Duration.ofSeconds(30);
    private static final Duration CAP = Duration.ofMinutes(15);
    private static final Duration IN_PROGRESS_MINIMUM = Duration.ofMinutes(2);

    private Backoff() {
    }

    public static Duration after(int consecutiveRefusals, InvalidationRefused.Reason reason) {
        int exponent = Math.max(0, Math.min(consecutiveRefusals - 1, 10));
        Duration delay = BASE.multipliedBy(1L << exponent);
        if (reason == InvalidationRefused.Reason.TOO_MANY_IN_PROGRESS && delay.compareTo(IN_PROGRESS_MINIMUM) < 0) {
            delay = IN_PROGRESS_MINIMUM;
        }
        return delay.compareTo(CAP) > 0 ? CAP : delay;
    }
}
