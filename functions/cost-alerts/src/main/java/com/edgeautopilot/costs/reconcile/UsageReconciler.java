package com.edgeautopilot.costs.reconcile;

import com.edgeautopilot.costs.costexplorer.CostExplorer;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Once a day: this month's invalidation paths of the whole account (CloudFront usage type {@code Invalidations}, from ONE
 * Cost Explorer request), handed to the coalescer's usage record, so its planner prices paths against what the account
 * really has left when other tools invalidate too. Cost Explorer data lags by up to a day; the coalescer takes the larger
 * of its own count and this one.
 */
public final class UsageReconciler {

    static final String INVALIDATIONS = "Invalidations";

    public record Result(String month, long accountPaths, boolean truncated) {
    }

    private final CostExplorer costExplorer;
    private final CoalescerUsage coalescer;

    public UsageReconciler(CostExplorer costExplorer, CoalescerUsage coalescer) {
        this.costExplorer = costExplorer;
        this.coalescer = coalescer;
    }

    public Result run(long nowMillis) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
        YearMonth month = YearMonth.from(today);
        CostExplorer.Result usage = costExplorer.usageByType("Amazon CloudFront", month.atDay(1), today.plusDays(1));
        long paths = Math.round(usage.usage().stream()
                .filter(u -> u.usageType().equals(INVALIDATIONS) || u.usageType().endsWith("-" + INVALIDATIONS))
                .mapToDouble(CostExplorer.UsageByType::quantity).sum());
        coalescer.recordAccountPaths(month, paths, nowMillis);
        return new Result(month.toString(), paths, usage.truncated());
    }
}
