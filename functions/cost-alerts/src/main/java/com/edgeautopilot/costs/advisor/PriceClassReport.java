package com.edgeautopilot.costs.advisor;

import java.util.List;
import java.util.Map;

/**
 * What each price class would have cost over a period, from the account's own CloudFront usage.
 *
 * @param period            "2026-10-01..2026-11-01" (end exclusive)
 * @param actualCostUsd     what Cost Explorer billed for the compared usage types
 * @param classes           one estimate per price class
 * @param currentClasses    each configured distribution's current price class
 * @param regions           the usage read per billing region
 * @param truncated         Cost Explorer had more pages than the one request fetched
 * @param notes             limits of the estimate
 */
public record PriceClassReport(String period, double actualCostUsd, List<ClassEstimate> classes, Map<String, String> currentClasses,
                               List<RegionUsage> regions, boolean truncated, List<String> notes) {

    /**
     * @param fartherEdgeShare share of bytes whose viewers would be served from an edge outside their region (0..1)
     * @param servedElsewhere  region to the region serving it, for the regions this class excludes
     */
    public record ClassEstimate(String priceClass, double estimatedCostUsd, double fartherEdgeShare, Map<String, String> servedElsewhere) {
    }

    public record RegionUsage(String region, double gigabytes, double httpsRequests, double httpRequests, double costUsd) {
    }
}
