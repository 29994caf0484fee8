package com.edgeautopilot.costs.reconcile;

import java.time.YearMonth;

/** The coalescer's monthly usage record, where the account-wide invalidation paths are handed over. */
public interface CoalescerUsage {

    void recordAccountPaths(YearMonth month, long paths, long atMillis);

    /** No coalescer table configured: nothing to hand over. */
    CoalescerUsage NONE = (month, paths, atMillis) -> {
    };
}
