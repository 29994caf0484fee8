package com.edgeautopilot.coalescer.cdn;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which CloudFront answers mean "this CallerReference was used for other paths" (never retried as is). */
class ReferenceConflictMappingTest {

    private static AwsServiceException error(String code, String message) {
        return CloudFrontException.builder().statusCode(400).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void theDocumentedCodeAndTheReportedInvalidArgumentAreConflicts() {
        assertTrue(CloudFrontInvalidationGateway.isReferenceConflict(error("InvalidationBatchAlreadyExists", "batch already exists")));
        assertTrue(CloudFrontInvalidationGateway.isReferenceConflict(error("InvalidArgument",
                "Your request contains a caller reference that was used for a previous invalidation batch for the same distribution.")));
    }

    @Test
    void otherInvalidArgumentsAreNot() {
        assertFalse(CloudFrontInvalidationGateway.isReferenceConflict(error("InvalidArgument", "path must start with '/'")));
        assertFalse(CloudFrontInvalidationGateway.isReferenceConflict(error("AccessDenied", "not authorized")));
    }
}
