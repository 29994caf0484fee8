package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.plan.PathEncoding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Whether a raw URL path is covered by invalidation paths as they were sent (encoded, {@code *} last). */
final class EncodedCoverage {

    private final Set<String> exact = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();

    EncodedCoverage(List<List<String>> requests) {
        for (List<String> request : requests) {
            for (String path : request) {
                if (path.endsWith("*")) {
                    prefixes.add(path.substring(0, path.length() - 1));
                } else {
                    exact.add(path);
                }
            }
        }
    }

    boolean covers(String rawPath) {
        // encoding maps character by character, so "encoded starts with encoded prefix" equals "raw starts with raw prefix"
        String encoded = PathEncoding.encode(rawPath);
        if (exact.contains(encoded)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (encoded.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
