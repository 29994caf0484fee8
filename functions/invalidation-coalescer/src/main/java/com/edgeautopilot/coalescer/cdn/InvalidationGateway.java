package com.edgeautopilot.coalescer.cdn;

import java.util.List;

/** CloudFront's invalidation API, as the flusher needs it. */
public interface InvalidationGateway {

    /**
     * Creates an invalidation. The same {@code callerReference} with the same paths returns the invalidation CloudFront
     * already has (no second charge), with its original creation time.
     *
     * @throws InvalidationRefused when CloudFront says not now (in-progress limits, throttling, 5xx): keep the changes
     *                             pending and back off; anything else is a bug or a misconfiguration and propagates
     * @throws CallerReferenceConflict when the reference was used before for other paths (never retry it as is)
     */
    Accepted submit(String distributionId, String callerReference, List<String> paths);

    /**
     * Every invalidation CloudFront is still working on for the distribution, whoever made it (this stack, another
     * stack, a CI job, the console), with the file and wildcard paths it holds: what the in-progress limits leave free.
     *
     * @throws InvalidationRefused when CloudFront throttles or fails (5xx): back off, as for a refused batch
     */
    List<InProgress> inProgress(String distributionId);

    /** @param createdAt when CloudFront created the invalidation (epoch millis): the month its paths count in */
    record Accepted(String invalidationId, String status, long createdAt) {
    }

    /** An invalidation in progress and the paths it holds against the distribution's limits. */
    record InProgress(String invalidationId, int files, int wildcards) {
    }
}
