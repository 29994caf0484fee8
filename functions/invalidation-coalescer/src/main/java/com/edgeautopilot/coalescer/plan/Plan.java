package com.edgeautopilot.coalescer.plan;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to invalidate on one distribution, and what has to wait.
 *
 * @param paths              the planned paths, sorted by {@code path}; none covers another
 * @param deferred           raw changed paths NOT covered because capacity is exhausted (no wildcard left and not
 *                           enough file capacity); they stay pending for a later flush. Sorted.
 * @param billablePaths      paths beyond the free paths left: {@code max(0, paths − freePathsLeft)}
 * @param estimatedCostUsd   dollars CloudFront will charge: {@code billablePaths × pricePerPathUsd} (collateral is
 *                           not money and is reported separately)
 * @param collateralObjects  unchanged objects the wildcards evict, from the inventory; {@code null} without one
 * @param requests           encoded paths, one list per {@code CreateInvalidation} request, within the request size
 *                           and at most {@value InvalidationPlanner#MAX_WILDCARDS_PER_REQUEST} wildcards each
 */
public record Plan(List<PlannedPath> paths, Set<String> deferred, long billablePaths, double estimatedCostUsd,
                   Long collateralObjects, List<List<String>> requests) {

    public Plan {
        paths = paths instanceof IndexedPaths indexed ? indexed : new IndexedPaths(paths);
        deferred = SortedStrings.of(Objects.requireNonNull(deferred, "deferred"));
        requests = requests.stream().map(List::copyOf).toList();
    }

    /** A plan with nothing to do. */
    public static Plan empty() {
        return new Plan(List.of(), Set.of(), 0, 0, null, List.of());
    }

    /**
     * Whether a planned path invalidates the raw changed path {@code rawPath}: an exact path equal to its encoding,
     * or a wildcard whose prefix starts its encoding (CloudFront's own matching).
     */
    public boolean covers(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return false;
        }
        return ((IndexedPaths) paths).coverage.covers(rawPath);
    }

    public int wildcardCount() {
        return ((IndexedPaths) paths).coverage.wildcardCount();
    }

    public int exactCount() {
        return paths.size() - wildcardCount();
    }

    /** Paths sent to CloudFront (a wildcard counts as one). */
    public int pathCount() {
        return paths.size();
    }

    /** Immutable list of the planned paths with a lookup index for {@link #covers}. */
    private static final class IndexedPaths extends AbstractList<PlannedPath> {
        private final PlannedPath[] items;
        private final PathCoverage coverage;

        IndexedPaths(List<PlannedPath> source) {
            this.items = source.toArray(PlannedPath[]::new);
            this.coverage = new PathCoverage(Arrays.stream(items).map(p -> Objects.requireNonNull(p).path()).toList());
        }

        @Override
        public PlannedPath get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }
}
