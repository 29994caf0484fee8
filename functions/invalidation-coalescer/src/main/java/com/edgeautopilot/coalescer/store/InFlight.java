package com.edgeautopilot.coalescer.store;

/** An invalidation CloudFront accepted and may still be working on: it holds in-progress capacity until complete. */
public record InFlight(String invalidationId, int files, int wildcards, long createdAt) {
}
