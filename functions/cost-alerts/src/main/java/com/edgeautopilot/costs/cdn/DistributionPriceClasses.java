package com.edgeautopilot.costs.cdn;

import java.util.List;
import java.util.Map;

/** The current price class of each configured distribution. */
public interface DistributionPriceClasses {

    /** Distribution id to its {@code PriceClass} ("PriceClass_All"...), or to "unreadable: reason". */
    Map<String, String> priceClasses(List<String> distributionIds);
}
