package com.edgeautopilot.costs.advisor;

import com.edgeautopilot.costs.cdn.DistributionPriceClasses;
import com.edgeautopilot.costs.costexplorer.CostExplorer;
import com.edgeautopilot.costs.notify.Notification;
import com.edgeautopilot.costs.notify.Notifier;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The price-class report for last month: ONE Cost Explorer request (CloudFront usage by usage type), the configured
 * distributions' current classes, {@link PriceClassAdvisor}'s estimate, published on the digest topic.
 */
public final class AdvisorRun {

    static final String CLOUDFRONT = "Amazon CloudFront";

    private final CostExplorer costExplorer;
    private final DistributionPriceClasses distributions;
    private final List<String> distributionIds;
    private final PriceClassAdvisor advisor;
    private final Notifier notifier;

    public AdvisorRun(CostExplorer costExplorer, DistributionPriceClasses distributions, List<String> distributionIds,
                      PriceClassAdvisor advisor, Notifier notifier) {
        this.costExplorer = costExplorer;
        this.distributions = distributions;
        this.distributionIds = List.copyOf(distributionIds);
        this.advisor = advisor;
        this.notifier = notifier;
    }

    public PriceClassReport run(long nowMillis) {
        YearMonth lastMonth = YearMonth.from(LocalDate.ofInstant(java.time.Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC)).minusMonths(1);
        LocalDate start = lastMonth.atDay(1);
        LocalDate end = lastMonth.plusMonths(1).atDay(1);
        CostExplorer.Result usage = costExplorer.usageByType(CLOUDFRONT, start, end);
        Map<String, String> current = distributions.priceClasses(distributionIds);
        PriceClassReport report = advisor.report(start + ".." + end, usage, current);
        notifier.send(new Notification(subject(lastMonth, report), text(report), report, Map.of("kind", "PRICE_CLASS_REPORT", "service", CLOUDFRONT)));
        return report;
    }

    static String subject(YearMonth month, PriceClassReport report) {
        PriceClassReport.ClassEstimate cheapest = report.classes().stream()
                .min(java.util.Comparator.comparingDouble(PriceClassReport.ClassEstimate::estimatedCostUsd)).orElseThrow();
        return String.format(Locale.ROOT, "CloudFront price classes %s: cheapest %s at $%,.2f", month, cheapest.priceClass(), cheapest.estimatedCostUsd());
    }

    static String text(PriceClassReport r) {
        StringBuilder b = new StringBuilder();
        b.append("CloudFront price-class report, ").append(r.period()).append(" (end exclusive)\n");
        b.append(String.format(Locale.ROOT, "Billed for compared usage: $%,.2f%n%n", r.actualCostUsd()));
        for (PriceClassReport.ClassEstimate e : r.classes()) {
            b.append(String.format(Locale.ROOT, "  %-15s $%,10.2f   %5.1f%% of bytes from a farther edge%s%n", e.priceClass(), e.estimatedCostUsd(),
                    e.fartherEdgeShare() * 100, e.servedElsewhere().isEmpty() ? "" : "  " + e.servedElsewhere()));
        }
        b.append("\nCurrent classes: ").append(r.currentClasses().isEmpty() ? "(no distributions configured)" : r.currentClasses()).append('\n');
        b.append("\nUsage by region:\n");
        for (PriceClassReport.RegionUsage u : r.regions()) {
            b.append(String.format(Locale.ROOT, "  %s  %,.1f GB  %,.0f HTTPS  %,.0f HTTP  $%,.2f%n", u.region(), u.gigabytes(), u.httpsRequests(),
                    u.httpRequests(), u.costUsd()));
        }
        b.append("\nLimits:\n");
        r.notes().forEach(n -> b.append(" - ").append(n).append('\n'));
        return b.toString();
    }
}
