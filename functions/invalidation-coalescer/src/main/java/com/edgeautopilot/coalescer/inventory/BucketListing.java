package com.edgeautopilot.coalescer.inventory;

import java.util.List;
import java.util.Optional;

/** What a bucket holds, so the planner can count the unchanged objects a wildcard would evict (S3 in production). */
public interface BucketListing {

    /**
     * Every key under {@code prefix} (decoded, as stored), or empty when there are more than {@code maxObjects}: past
     * that the listing costs more time than the planning saves, and the planner falls back to its assumption.
     */
    Optional<List<String>> keys(String bucket, String prefix, int maxObjects);
}
