package com.edgeautopilot.coalescer.cdn;

import java.util.List;

/** CloudFront's invalidation API, as the flusher needs it. */
public interface InvalidationGateway {

    /**
     * Creates an invalidation. The same {@code callerReference} with the same paths returns the invalidation CloudFront
     * already has (no second charge).
     *
     * @throws InvalidationRefused when CloudFront says not now (in-progress limits, throttling, 5xx): keep the changes
     *                             pending and back off; anything else is a bug or a misconfiguration and propagates
     * @throws CallerReferenceConflict when the reference was used before for other paths (never retry it as is)
     */
    Accepted submit(String distributionId, String callerReference, List<String> paths);

    /** Whether the invalidation has completed (no longer holds in-progress capacity). */
    boolean isCompleted(String distributionId, String invalidationId);

    record Accepted(String invalidationId, String status) {
    }
}
