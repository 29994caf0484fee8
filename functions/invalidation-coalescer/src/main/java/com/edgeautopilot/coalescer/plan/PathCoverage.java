package com.edgeautopilot.coalescer.plan;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which objects a set of invalidation paths (encoded, as sent to CloudFront) evicts, by CloudFront's own matching:
 * an exact path equal to the object's encoded path, or a wildcard whose prefix starts it.
 */
public final class PathCoverage {

    private final Set<String> exact = new HashSet<>();
    private final String[] wildcardPrefixes;

    public PathCoverage(Collection<String> encodedPaths) {
        this.wildcardPrefixes = encodedPaths.stream().filter(p -> p.endsWith("*"))
                .map(p -> p.substring(0, p.length() - 1)).sorted().toArray(String[]::new);
        encodedPaths.stream().filter(p -> !p.endsWith("*")).forEach(exact::add);
    }

    /** Whether the object at {@code encodedPath} is evicted. */
    public boolean coversEncoded(String encodedPath) {
        if (exact.contains(encodedPath)) {
            return true;
        }
        for (String prefix : wildcardPrefixes) {
            if (encodedPath.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the object at raw URL path {@code rawPath} is evicted. Encoding maps character by character, so "encoded
     * starts with encoded prefix" is the same as "raw starts with raw prefix".
     */
    public boolean covers(String rawPath) {
        return rawPath != null && rawPath.startsWith("/") && coversEncoded(PathEncoding.encode(rawPath));
    }

    public int wildcardCount() {
        return wildcardPrefixes.length;
    }
}
