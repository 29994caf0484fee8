package com.edgeautopilot.coalescer.inventory;

import java.util.List;
import java.util.Optional;

/** What a bucket holds, so the planner can count the unchanged objects a wildcard would evict (S3 in production). */
public interface BucketListing {

    /** No listing (INVENTORY_MAX_OBJECTS=0, or a caller without S3): the planner assumes what a wildcard evicts. */
    BucketListing NONE = (bucket, prefix, maxObjects) -> {
        throw new UnsupportedOperationException("bucket listing is off");
    };

    /**
     * Every key under {@code prefix} (decoded, as stored), or empty when there are more than {@code maxObjects}: past
     * that the listing costs more time than the planning saves, and the planner falls back to its assumption.
     */
    Optional<List<String>> keys(String bucket, String prefix, int maxObjects);
}
