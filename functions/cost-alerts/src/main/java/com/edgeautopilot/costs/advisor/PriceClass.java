package com.edgeautopilot.costs.advisor;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * CloudFront's price classes and the billing regions whose edges each includes (AWS: "Choosing the price class for a
 * CloudFront distribution" and the CloudFront pricing page; billing region codes from "Interpret your AWS bill and usage
 * reports for CloudFront"):
 * <ul>
 *   <li>{@code PriceClass_100}: United States, Mexico and Canada ({@code US}, {@code CA}), Europe and Israel ({@code EU});</li>
 *   <li>{@code PriceClass_200}: adds South Africa, Kenya, Nigeria ({@code ZA}), the Middle East ({@code ME}), Japan
 *       ({@code JP}), Asia Pacific ({@code AP}: Hong Kong, Philippines, Singapore, South Korea, Taiwan...) and India ({@code IN});</li>
 *   <li>{@code PriceClass_All}: adds South America ({@code SA}) and Australia / New Zealand ({@code AU}).</li>
 * </ul>
 * A viewer outside the class is served (and billed) by an edge inside it; which one depends on latency. The
 * {@link #servedFrom} table is this advisor's documented assumption of the nearest included region.
 */
public enum PriceClass {
    PriceClass_100(EnumSet.of(EdgeRegion.US, EdgeRegion.CA, EdgeRegion.EU),
            Map.of(EdgeRegion.ZA, EdgeRegion.EU, EdgeRegion.ME, EdgeRegion.EU, EdgeRegion.IN, EdgeRegion.EU,
                    EdgeRegion.JP, EdgeRegion.US, EdgeRegion.AP, EdgeRegion.US, EdgeRegion.SA, EdgeRegion.US, EdgeRegion.AU, EdgeRegion.US)),
    PriceClass_200(EnumSet.of(EdgeRegion.US, EdgeRegion.CA, EdgeRegion.EU, EdgeRegion.ZA, EdgeRegion.ME, EdgeRegion.JP, EdgeRegion.AP, EdgeRegion.IN),
            Map.of(EdgeRegion.SA, EdgeRegion.US, EdgeRegion.AU, EdgeRegion.AP)),
    PriceClass_All(EnumSet.allOf(EdgeRegion.class), Map.of());

    private final Set<EdgeRegion> regions;
    private final Map<EdgeRegion, EdgeRegion> fallback;

    PriceClass(Set<EdgeRegion> regions, Map<EdgeRegion, EdgeRegion> fallback) {
        this.regions = regions;
        this.fallback = fallback;
    }

    public boolean includes(EdgeRegion region) {
        return regions.contains(region);
    }

    /** The billing region whose edges serve viewers of {@code region} under this class. */
    public EdgeRegion servedFrom(EdgeRegion region) {
        return includes(region) ? region : fallback.get(region);
    }

    /** The billing regions CloudFront uses as usage-type prefixes ({@code US-DataTransfer-Out-Bytes}...). */
    public enum EdgeRegion { US, CA, EU, ZA, ME, JP, AP, IN, SA, AU }
}
