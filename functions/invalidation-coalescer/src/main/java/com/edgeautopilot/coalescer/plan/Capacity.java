package com.edgeautopilot.coalescer.plan;

/**
 * What a plan may use right now.
 *
 * <p>Negative values (in-flight tracking that counted more than the quota, e.g. invalidations made outside this
 * function) are treated as 0: nothing left.
 *
 * @param freePathsLeft           account-wide free invalidation paths left this month (1,000 a month, shared by all
 *                                distributions); paths beyond these are billed
 * @param filesInProgressLeft     {@value #MAX_FILES_IN_PROGRESS} minus the exact paths still in progress on this
 *                                distribution
 * @param wildcardsInProgressLeft {@value #MAX_WILDCARDS_IN_PROGRESS} minus the wildcard paths still in progress on
 *                                this distribution
 */
public record Capacity(long freePathsLeft, int filesInProgressLeft, int wildcardsInProgressLeft) {

    /** CloudFront: exact (file) paths in progress per distribution. */
    public static final int MAX_FILES_IN_PROGRESS = 3000;
    /** CloudFront: wildcard paths in progress per distribution, independent of the file limit. */
    public static final int MAX_WILDCARDS_IN_PROGRESS = 15;
    /** CloudFront: free paths per account per month. */
    public static final long FREE_PATHS_PER_MONTH = 1000;

    public Capacity {
        freePathsLeft = Math.max(0, freePathsLeft);
        filesInProgressLeft = Math.max(0, filesInProgressLeft);
        wildcardsInProgressLeft = Math.max(0, wildcardsInProgressLeft);
    }

    /** Nothing in progress on the distribution. */
    public static Capacity idle(long freePathsLeft) {
        return new Capacity(freePathsLeft, MAX_FILES_IN_PROGRESS, MAX_WILDCARDS_IN_PROGRESS);
    }

    /** From the paths still in progress on the distribution (counts above the quotas give 0 left). */
    public static Capacity of(long freePathsLeft, int filesInProgress, int wildcardsInProgress) {
        return new Capacity(freePathsLeft, MAX_FILES_IN_PROGRESS - filesInProgress, MAX_WILDCARDS_IN_PROGRESS - wildcardsInProgress);
    }
}
