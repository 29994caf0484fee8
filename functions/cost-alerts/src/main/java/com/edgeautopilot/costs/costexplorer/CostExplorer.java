package com.edgeautopilot.costs.costexplorer;

import java.time.LocalDate;
import java.util.List;

/** Cost Explorer, as far as this function uses it: one {@code GetCostAndUsage} of one service grouped by usage type. */
public interface CostExplorer {

    /** Usage and cost of one usage type over the period. */
    record UsageByType(String usageType, double quantity, String unit, double costUsd) {
    }

    /** @param truncated Cost Explorer had more pages ({@code NextPageToken}); they were not fetched (each page is charged) */
    record Result(List<UsageByType> usage, boolean truncated) {
    }

    /**
     * ONE {@code GetCostAndUsage} request (charged $0.01): {@code service}'s usage and unblended cost from {@code start}
     * (inclusive) to {@code end} (exclusive), monthly granularity, grouped by {@code USAGE_TYPE}, summed over the months.
     */
    Result usageByType(String service, LocalDate start, LocalDate end);
}
