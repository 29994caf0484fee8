package com.edgeautopilot.coalescer.cdn;

/**
 * CloudFront answered that the CallerReference was used before for another path set ({@code InvalidationBatchAlreadyExists},
 * or {@code InvalidArgument} "caller reference that was used for a previous invalidation batch"). Resubmitting the
 * same request can never succeed: the batch must be abandoned and planned again under a fresh reference.
 */
public final class CallerReferenceConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallerReferenceConflict(String message, Throwable cause) {
        super(message, cause);
    }
}
