package com.edgeautopilot.coalescer.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The invariants every plan must satisfy, checked independently of the planner's own bookkeeping. */
final class PlanChecks {

    private PlanChecks() {
    }

    static void assertValid(Plan plan, Set<String> changed, Capacity capacity, CostModel model) {
        List<PlannedPath> paths = plan.paths();
        List<PlannedPath> wildcards = paths.stream().filter(PlannedPath::wildcard).toList();

        // well-formed paths, sorted, no duplicates
        Set<String> seen = new HashSet<>();
        String previous = null;
        for (PlannedPath p : paths) {
            String path = p.path();
            assertTrue(path.startsWith("/"), path);
            assertTrue(path.length() <= PathEncoding.MAX_PATH_LENGTH, "too long: " + path.length());
            int star = path.indexOf('*');
            assertEquals(p.wildcard() ? path.length() - 1 : -1, star, "'*' only as the last character of a wildcard: " + path);
            assertFalse(path.contains(" ") || path.contains("~"), "raw space or ~ would be rejected: " + path);
            assertTrue(seen.add(path), "duplicate " + path);
            if (previous != null) {
                assertTrue(previous.compareTo(path) < 0, "not sorted: " + previous + " then " + path);
            }
            previous = path;
            if (!p.wildcard()) {
                assertTrue(changed.contains(PathEncoding.decode(path)), "exact path that did not change: " + path);
                assertEquals(1, p.coveredChanges());
            }
        }

        // no planned path covers another
        for (PlannedPath w : wildcards) {
            for (PlannedPath other : paths) {
                if (other != w && other.path().startsWith(w.encodedPrefix())) {
                    fail(w.path() + " covers " + other.path());
                }
            }
        }

        // every changed path covered (by CloudFront's matching on the encoded path) or deferred, not both
        for (String raw : changed) {
            String encoded = PathEncoding.encode(raw);
            boolean covered = false;
            for (PlannedPath w : wildcards) {
                covered |= encoded.startsWith(w.encodedPrefix());
            }
            covered |= seen.contains(encoded);
            assertEquals(covered, plan.covers(raw), "Plan.covers disagrees for " + raw);
            if (covered == plan.deferred().contains(raw)) {
                fail((covered ? "covered and deferred: " : "neither covered nor deferred: ") + PathEncoding.abbreviate(raw));
            }
        }
        assertTrue(changed.containsAll(plan.deferred()), "deferred something that did not change");
        if (!plan.deferred().isEmpty()) {
            assertEquals(0, capacity.wildcardsInProgressLeft(), "deferred although a wildcard was available");
            long sendable = changed.stream().filter(PathEncoding::fits).count();
            assertTrue(sendable > capacity.filesInProgressLeft() || changed.stream().anyMatch(p -> !PathEncoding.fits(p)),
                    "deferred although file capacity was enough");
            assertEquals(Math.min(sendable, capacity.filesInProgressLeft()), plan.exactCount(), "file capacity not used up before deferring");
        }

        // limits
        assertTrue(plan.exactCount() <= capacity.filesInProgressLeft(), "exact " + plan.exactCount() + " > " + capacity.filesInProgressLeft());
        assertTrue(plan.wildcardCount() <= capacity.wildcardsInProgressLeft(), "wildcards " + plan.wildcardCount());
        List<String> sent = new ArrayList<>();
        for (List<String> request : plan.requests()) {
            assertFalse(request.isEmpty());
            assertTrue(request.size() <= model.maxPathsPerRequest(), "request of " + request.size());
            assertTrue(request.stream().filter(s -> s.endsWith("*")).count() <= InvalidationPlanner.MAX_WILDCARDS_PER_REQUEST);
            sent.addAll(request);
        }
        assertEquals(paths.size(), sent.size(), "every path in exactly one request");
        assertEquals(seen, new HashSet<>(sent));
        int minRequests = (int) Math.max(Math.ceil(paths.size() / (double) model.maxPathsPerRequest()),
                Math.ceil(wildcards.size() / (double) Math.min(InvalidationPlanner.MAX_WILDCARDS_PER_REQUEST, model.maxPathsPerRequest())));
        assertTrue(plan.requests().size() <= minRequests + 1, "too many requests: " + plan.requests().size());

        // price
        long billable = Math.max(0, paths.size() - capacity.freePathsLeft());
        assertEquals(billable, plan.billablePaths());
        assertEquals(billable * model.pricePerPathUsd(), plan.estimatedCostUsd(), 1e-9);
        assertEquals(wildcards.size(), plan.wildcardCount());
        for (PlannedPath p : paths) {
            assertFalse(p.reason().isBlank());
        }
    }
}
