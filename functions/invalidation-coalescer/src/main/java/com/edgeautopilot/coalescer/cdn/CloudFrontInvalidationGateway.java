package com.edgeautopilot.coalescer.cdn;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CreateInvalidationResponse;
import software.amazon.awssdk.services.cloudfront.model.InvalidationBatch;
import software.amazon.awssdk.services.cloudfront.model.Paths;
import software.amazon.awssdk.services.cloudfront.model.TooManyInvalidationsInProgressException;

import java.util.List;

/** {@link InvalidationGateway} on the CloudFront API (CreateInvalidation, GetInvalidation). */
public final class CloudFrontInvalidationGateway implements InvalidationGateway {

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
            return new Accepted(response.invalidation().id(), response.invalidation().status());
        } catch (TooManyInvalidationsInProgressException e) {
            throw new InvalidationRefused(InvalidationRefused.Reason.TOO_MANY_IN_PROGRESS, e.getMessage(), e);
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || "Throttling".equals(errorCode(e))) {
                throw new InvalidationRefused(InvalidationRefused.Reason.THROTTLED, e.getMessage(), e);
            }
            if (isReferenceConflict(e)) {
                throw new CallerReferenceConflict(e.getMessage(), e);
            }
            if (e.statusCode() >= 500) {
                throw new InvalidationRefused(InvalidationRefused.Reason.SERVICE_UNAVAILABLE, e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public boolean isCompleted(String distributionId, String invalidationId) {
        String status = cloudFront.getInvalidation(b -> b.distributionId(distributionId).id(invalidationId)).invalidation().status();
        return "Completed".equalsIgnoreCase(status);
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
