package com.edgeautopilot.costs.advisor;

import com.edgeautopilot.costs.costexplorer.CostExplorer;
import com.edgeautopilot.costs.costexplorer.CostExplorer.UsageByType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The advisor on a fixed Cost Explorer result, against a calculation done by hand with the default prices. */
class PriceClassAdvisorTest {

    /** Last month: US 1,000 GB, EU 500, JP 200, SA 100, AU 50; HTTPS requests 10M, 5M, 2M, 1M, 0.5M. */
    static final CostExplorer.Result USAGE = new CostExplorer.Result(List.of(
            new UsageByType("US-DataTransfer-Out-Bytes", 1000, "GB", 85.0),
            new UsageByType("EU-DataTransfer-Out-Bytes", 500, "GB", 42.5),
            new UsageByType("JP-DataTransfer-Out-Bytes", 200, "GB", 22.8),
            new UsageByType("SA-DataTransfer-Out-Bytes", 100, "GB", 11.0),
            new UsageByType("AU-DataTransfer-Out-Bytes", 50, "GB", 5.7),
            new UsageByType("US-Requests-Tier2-HTTPS", 10_000_000, "Requests", 10.0),
            new UsageByType("EU-Requests-Tier2-HTTPS", 5_000_000, "Requests", 6.0),
            new UsageByType("JP-Requests-Tier2-HTTPS", 2_000_000, "Requests", 2.4),
            new UsageByType("SA-Requests-Tier2-HTTPS", 1_000_000, "Requests", 2.2),
            new UsageByType("AU-Requests-Tier2-HTTPS", 500_000, "Requests", 0.625),
            new UsageByType("US-DataTransfer-Out-OBytes", 30, "GB", 0.6),
            new UsageByType("Invalidations", 1043, "URL", 0.215)), false);

    @Test
    void eachPriceClassPricedByHand() {
        PriceClassReport report = new PriceClassAdvisor(PriceTable.defaults()).report("2026-10-01..2026-11-01", USAGE, Map.of("E2QWRUHAPOMQZL", "PriceClass_All"));
        // All: bytes 1000*.085 + 500*.085 + 200*.114 + 100*.110 + 50*.114 = 85 + 42.5 + 22.8 + 11 + 5.7 = 167.0
        //      HTTPS 1000*.0100 + 500*.0120 + 200*.0120 + 100*.0220 + 50*.0125 = 10 + 6 + 2.4 + 2.2 + 0.625 = 21.225
        PriceClassReport.ClassEstimate all = report.classes().get(2);
        assertEquals("PriceClass_All", all.priceClass());
        assertEquals(188.225, all.estimatedCostUsd(), 1e-9);
        assertEquals(0.0, all.fartherEdgeShare());
        // 200: SA served from US, AU from AP. Bytes 85 + 42.5 + 22.8 + 100*.085 + 50*.120 = 164.8
        //      HTTPS 10 + 6 + 2.4 + 100*.0100 + 50*.0120 = 20.0; farther edge: (100 + 50) / 1850 GB
        PriceClassReport.ClassEstimate c200 = report.classes().get(1);
        assertEquals(184.8, c200.estimatedCostUsd(), 1e-9);
        assertEquals(150.0 / 1850, c200.fartherEdgeShare(), 1e-12);
        assertEquals(Map.of("SA", "US", "AU", "AP"), c200.servedElsewhere());
        // 100: JP, SA, AU served from US. Bytes 1850 * .085 = 157.25; HTTPS 1350*.0100 + 500*.0120 = 19.5; farther: 350 / 1850
        PriceClassReport.ClassEstimate c100 = report.classes().get(0);
        assertEquals(176.75, c100.estimatedCostUsd(), 1e-9);
        assertEquals(350.0 / 1850, c100.fartherEdgeShare(), 1e-12);
        // billed for the compared usage types only (origin bytes and invalidations do not move with the class)
        assertEquals(188.225, report.actualCostUsd(), 1e-9);
        assertEquals(Map.of("E2QWRUHAPOMQZL", "PriceClass_All"), report.currentClasses());
        assertEquals(5, report.regions().size());
    }

    @Test
    void pricesAreConfigurablePerRegion() {
        PriceTable table = PriceTable.withOverrides("PRICE_TABLE", "{\"US\":{\"gb\":0.05}}");
        assertEquals(0.05, table.of(PriceClass.EdgeRegion.US).perGb());
        assertEquals(0.0100, table.of(PriceClass.EdgeRegion.US).perTenThousandHttps(), "unset prices keep their default");
        assertEquals("PRICE_TABLE", assertThrows(com.edgeautopilot.common.ConfigException.class,
                () -> PriceTable.withOverrides("PRICE_TABLE", "{\"XX\":{}}")).setting());
    }
}
