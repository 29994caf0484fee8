package com.edgeautopilot.coalescer.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a distribution currently serves, so the planner can price the unchanged objects a wildcard would evict.
 * Paths are raw (decoded) URL paths, as {@link OriginRoute#urlPaths} gives them.
 */
public interface Inventory {

    /** Number of objects whose raw URL path starts with {@code rawPrefix} ({@code "/"}: all of them). */
    long countUnder(String rawPrefix);

    /**
     * {@link #countUnder} for many prefixes at once, where each prefix starts with its parent's
     * ({@code prefixes[parents[i]]}, listed before it; {@code parents[i] < 0} for a root). The planner asks for every
     * node of its path tree this way; an inventory that can narrow each search to its parent's answer overrides it.
     */
    default long[] countUnderNested(String[] prefixes, int[] parents) {
        long[] counts = new long[prefixes.length];
        for (int i = 0; i < prefixes.length; i++) {
            counts[i] = countUnder(prefixes[i]);
        }
        return counts;
    }

    /** An inventory of these raw URL paths (duplicates count once): a sorted array searched by binary search. */
    static Inventory ofPaths(Collection<String> rawUrlPaths) {
        SortedStrings paths = SortedStrings.of(rawUrlPaths);
        return new Inventory() {
            @Override
            public long countUnder(String rawPrefix) {
                return paths.countWithPrefix(rawPrefix);
            }

            @Override
            public long[] countUnderNested(String[] prefixes, int[] parents) {
                return paths.countWithNestedPrefixes(prefixes, parents);
            }
        };
    }

    /** The inventory of a bucket listing: every URL path of every key served by {@code route}. */
    static Inventory ofKeys(OriginRoute route, Collection<String> decodedKeys) {
        List<String> paths = new ArrayList<>(decodedKeys.size() + decodedKeys.size() / 8);
        for (String key : decodedKeys) {
            paths.addAll(route.urlPaths(key));
        }
        return ofPaths(paths);
    }
}
