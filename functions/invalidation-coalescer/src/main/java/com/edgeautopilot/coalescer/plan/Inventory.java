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

    /** An inventory of these raw URL paths (duplicates count once): a sorted array searched by binary search. */
    static Inventory ofPaths(Collection<String> rawUrlPaths) {
        SortedStrings paths = SortedStrings.of(rawUrlPaths);
        return paths::countWithPrefix;
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
