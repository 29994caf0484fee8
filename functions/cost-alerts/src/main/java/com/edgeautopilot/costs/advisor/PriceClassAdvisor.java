package com.edgeautopilot.costs.advisor;

import com.edgeautopilot.costs.advisor.PriceClass.EdgeRegion;
import com.edgeautopilot.costs.costexplorer.CostExplorer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices the account's CloudFront usage under each price class (pure). Reads the region-prefixed usage types
 * {@code XX-DataTransfer-Out-Bytes} (GB to viewers), {@code XX-Requests-Tier2-HTTPS} and {@code XX-Requests-Tier1}
 * (HTTP) and, for each class, moves the usage of excluded regions to the region that would serve them
 * ({@link PriceClass#servedFrom}) at that region's prices. Other usage types (origin transfer, invalidations, functions)
 * do not depend on the class and are left out.
 */
public final class PriceClassAdvisor {

    static final String BYTES = "-DataTransfer-Out-Bytes";
    static final String HTTPS = "-Requests-Tier2-HTTPS";
    static final String HTTP = "-Requests-Tier1";

    private final PriceTable prices;

    public PriceClassAdvisor(PriceTable prices) {
        this.prices = prices;
    }

    public PriceClassReport report(String period, CostExplorer.Result usage, Map<String, String> currentClasses) {
        Map<EdgeRegion, double[]> byRegion = new EnumMap<>(EdgeRegion.class); // gb, https, http, cost
        for (CostExplorer.UsageByType u : usage.usage()) {
            int dash = u.usageType().indexOf('-');
            if (dash <= 0) {
                continue;
            }
            EdgeRegion region;
            try {
                region = EdgeRegion.valueOf(u.usageType().substring(0, dash));
            } catch (IllegalArgumentException notAnEdgeRegion) {
                continue;
            }
            String kind = u.usageType().substring(dash);
            int slot = kind.equals(BYTES) ? 0 : kind.equals(HTTPS) ? 1 : kind.equals(HTTP) ? 2 : -1;
            if (slot < 0) {
                continue;
            }
            double[] sums = byRegion.computeIfAbsent(region, r -> new double[4]);
            sums[slot] += u.quantity();
            sums[3] += u.costUsd();
        }
        double totalGb = byRegion.values().stream().mapToDouble(s -> s[0]).sum();
        double actual = byRegion.values().stream().mapToDouble(s -> s[3]).sum();
        List<PriceClassReport.ClassEstimate> estimates = new ArrayList<>();
        for (PriceClass priceClass : PriceClass.values()) {
            double cost = 0;
            double movedGb = 0;
            Map<String, String> elsewhere = new LinkedHashMap<>();
            for (Map.Entry<EdgeRegion, double[]> entry : byRegion.entrySet()) {
                EdgeRegion serving = priceClass.servedFrom(entry.getKey());
                double[] s = entry.getValue();
                PriceTable.Prices p = prices.of(serving);
                cost += s[0] * p.perGb() + s[1] / 10_000 * p.perTenThousandHttps() + s[2] / 10_000 * p.perTenThousandHttp();
                if (serving != entry.getKey()) {
                    movedGb += s[0];
                    elsewhere.put(entry.getKey().name(), serving.name());
                }
            }
            estimates.add(new PriceClassReport.ClassEstimate(priceClass.name(), round(cost), totalGb == 0 ? 0 : movedGb / totalGb, elsewhere));
        }
        List<PriceClassReport.RegionUsage> regions = new ArrayList<>();
        byRegion.forEach((r, s) -> regions.add(new PriceClassReport.RegionUsage(r.name(), s[0], s[1], s[2], round(s[3]))));
        List<String> notes = new ArrayList<>();
        notes.add("Usage is per billing region of the edge that served it: under a narrower current class, viewers of excluded regions "
                + "already appear in the serving region, so wider classes are estimated only for the regions seen.");
        notes.add("Prices are first-tier on-demand prices (PRICE_TABLE); volume tiers, savings bundles and flat-rate plans are not modelled.");
        notes.add("Account-wide: Cost Explorer's usage types do not split usage by distribution.");
        if (usage.truncated()) {
            notes.add("Cost Explorer returned more pages than the one request this run makes; the report covers the first page only.");
        }
        return new PriceClassReport(period, round(actual), estimates, currentClasses, regions, usage.truncated(), notes);
    }

    private static double round(double usd) {
        return Math.round(usd * 10_000) / 10_000.0;
    }
}
