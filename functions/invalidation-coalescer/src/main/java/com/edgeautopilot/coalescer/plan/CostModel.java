package com.edgeautopilot.coalescer.plan;

/**
 * Prices the planner trades off. A plan's objective, which {@link InvalidationPlanner} minimises subject to
 * {@link Capacity}, is
 * <pre>
 *   pricePerPathUsd × max(0, paths − freePathsLeft)            (dollars: a wildcard is one path)
 * + collateralCostUsdPerObject × Σ over wildcards of collateral  (over-invalidation)
 * </pre>
 * where a wildcard's collateral is the number of unchanged objects it evicts: from the inventory when there is
 * one ({@code countUnder(prefix) − changed paths under prefix}); without one, {@code assumedObjectsPerUnknownWildcard}
 * for every directory of the changed tree the wildcard reaches (a wildcard over one directory without changed
 * subdirectories: exactly that many; {@code /*}: that many times every changed directory, which is why it comes last).
 *
 * @param pricePerPathUsd                  CloudFront's price per path beyond the free tier (0.005)
 * @param collateralCostUsdPerObject       price put on evicting one unchanged object (an extra origin fetch, a slower
 *                                         first view); default 0.0001, i.e. 50 unchanged objects weigh one paid path
 * @param assumedObjectsPerUnknownWildcard unchanged objects assumed per directory a wildcard reaches when there is no
 *                                         inventory (default 1,000)
 * @param maxPathsPerRequest               paths in one {@code CreateInvalidation} request (3,000)
 */
public record CostModel(double pricePerPathUsd, double collateralCostUsdPerObject, long assumedObjectsPerUnknownWildcard,
                        int maxPathsPerRequest) {

    public CostModel {
        if (!(pricePerPathUsd >= 0) || Double.isInfinite(pricePerPathUsd)) {
            throw new IllegalArgumentException("pricePerPathUsd must be a finite number >= 0, got " + pricePerPathUsd);
        }
        if (!(collateralCostUsdPerObject >= 0) || Double.isInfinite(collateralCostUsdPerObject)) {
            throw new IllegalArgumentException("collateralCostUsdPerObject must be a finite number >= 0, got " + collateralCostUsdPerObject);
        }
        if (assumedObjectsPerUnknownWildcard < 0) {
            throw new IllegalArgumentException("assumedObjectsPerUnknownWildcard must be >= 0, got " + assumedObjectsPerUnknownWildcard);
        }
        if (maxPathsPerRequest < 1) {
            throw new IllegalArgumentException("maxPathsPerRequest must be >= 1, got " + maxPathsPerRequest);
        }
    }

    public static CostModel defaults() {
        return new CostModel(0.005, 0.0001, 1000, 3000);
    }

    /** Dollars for {@code paths} paths when {@code freePathsLeft} are still free. */
    public double dollars(long paths, long freePathsLeft) {
        return billable(paths, freePathsLeft) * pricePerPathUsd;
    }

    static long billable(long paths, long freePathsLeft) {
        return Math.max(0, paths - Math.max(0, freePathsLeft));
    }
}
