package com.edgeautopilot.coalescer.cdn;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CreateInvalidationResponse;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;
import software.amazon.awssdk.services.cloudfront.model.InvalidationBatch;
import software.amazon.awssdk.services.cloudfront.model.InvalidationList;
import software.amazon.awssdk.services.cloudfront.model.InvalidationSummary;
import software.amazon.awssdk.services.cloudfront.model.Paths;
import software.amazon.awssdk.services.cloudfront.model.TooManyInvalidationsInProgressException;

import java.util.ArrayList;
import java.util.List;

/** {@link InvalidationGateway} on the CloudFront API (CreateInvalidation, ListInvalidations, GetInvalidation). */
public final class CloudFrontInvalidationGateway implements InvalidationGateway {

    private static final String PAGE_SIZE = "100";
    private static final int MAX_PAGES = 10;

    private final CloudFrontClient cloudFront;

    public CloudFrontInvalidationGateway(CloudFrontClient cloudFront) {
        this.cloudFront = cloudFront;
    }

    @Override
    public Accepted submit(String distributionId, String callerReference, List<String> paths) {
        try {
            CreateInvalidationResponse response = cloudFront.createInvalidation(b -> b
                    .distributionId(distributionId)
                    .invalidationBatch(InvalidationBatch.builder()
                            .callerReference(callerReference)
                            .paths(Paths.builder().quantity(paths.size()).items(paths).build())
                            .build()));
            Invalidation invalidation = response.invalidation();
            return new Accepted(invalidation.id(), invalidation.status(), invalidation.createTime().toEpochMilli());
        } catch (TooManyInvalidationsInProgressException e) {
            throw new InvalidationRefused(InvalidationRefused.Reason.TOO_MANY_IN_PROGRESS, e.getMessage(), e);
        } catch (AwsServiceException e) {
            if (isReferenceConflict(e)) {
                throw new CallerReferenceConflict(e.getMessage(), e);
            }
            throw refusedOr(e);
        }
    }

    /**
     * ListInvalidations (newest first) page by page while a page still shows one in progress, then GetInvalidation of
     * each in progress for its paths. Invalidations take minutes, so the in-progress ones are on the first page.
     */
    @Override
    public List<InProgress> inProgress(String distributionId) {
        try {
            List<InProgress> result = new ArrayList<>();
            String marker = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                String from = marker;
                InvalidationList list = cloudFront.listInvalidations(b -> b.distributionId(distributionId).maxItems(PAGE_SIZE)
                        .marker(from)).invalidationList();
                boolean anyInProgress = false;
                for (InvalidationSummary summary : list.items()) {
                    if (!"Completed".equalsIgnoreCase(summary.status())) {
                        anyInProgress = true;
                        List<String> paths = cloudFront.getInvalidation(b -> b.distributionId(distributionId).id(summary.id()))
                                .invalidation().invalidationBatch().paths().items();
                        int wildcards = (int) paths.stream().filter(p -> p.endsWith("*")).count();
                        result.add(new InProgress(summary.id(), paths.size() - wildcards, wildcards));
                    }
                }
                if (!Boolean.TRUE.equals(list.isTruncated()) || !anyInProgress) {
                    break;
                }
                marker = list.nextMarker();
            }
            return result;
        } catch (AwsServiceException e) {
            throw refusedOr(e);
        }
    }

    /** Throttling and 5xx are CloudFront saying "not now" (back off); anything else propagates as it is. */
    private static RuntimeException refusedOr(AwsServiceException e) {
        if (e.isThrottlingException() || "Throttling".equals(errorCode(e))) {
            return new InvalidationRefused(InvalidationRefused.Reason.THROTTLED, e.getMessage(), e);
        }
        if (e.statusCode() >= 500) {
            return new InvalidationRefused(InvalidationRefused.Reason.SERVICE_UNAVAILABLE, e.getMessage(), e);
        }
        return e;
    }

    /** Documented as InvalidationBatchAlreadyExists; users also report InvalidArgument naming the caller reference. */
    static boolean isReferenceConflict(AwsServiceException e) {
        String code = errorCode(e);
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return "InvalidationBatchAlreadyExists".equals(code)
                || ("InvalidArgument".equals(code) && message.contains("caller reference"));
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
