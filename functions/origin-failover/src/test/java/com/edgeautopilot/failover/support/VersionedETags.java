package com.edgeautopilot.failover.support;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigRequest;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.PreconditionFailedException;
import software.amazon.awssdk.services.cloudfront.model.UpdateDistributionRequest;
import software.amazon.awssdk.services.cloudfront.model.UpdateDistributionResponse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudFront's ETags as documented, over moto (which keeps one ETag per distribution and ignores IfMatch): every
 * successful UpdateDistribution makes a new version, GetDistributionConfig and UpdateDistribution answer it, and an
 * UpdateDistribution whose IfMatch is not the current version fails with 412 PreconditionFailed without changing
 * anything. Install it before any fault injector, so an update whose answer is lost still counts as a new version.
 */
public final class VersionedETags implements ExecutionInterceptor {

    private final Map<String, Integer> versions = new ConcurrentHashMap<>();

    private String current(String distributionId) {
        return "E" + versions.getOrDefault(distributionId, 1);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof UpdateDistributionRequest update && !current(update.id()).equals(update.ifMatch())) {
            throw PreconditionFailedException.builder().message("The If-Match version is missing or not valid for the resource.").statusCode(412)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("PreconditionFailed").serviceName("CloudFront").build()).build();
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof UpdateDistributionRequest update && context.httpResponse().isSuccessful()) {
            versions.merge(update.id(), 2, (old, two) -> old + 1);
        }
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof GetDistributionConfigResponse read && context.request() instanceof GetDistributionConfigRequest request) {
            return read.toBuilder().eTag(current(request.id())).build();
        }
        if (context.response() instanceof UpdateDistributionResponse updated && context.request() instanceof UpdateDistributionRequest request) {
            return updated.toBuilder().eTag(current(request.id())).build();
        }
        return context.response();
    }
}
