package com.edgeautopilot.failover.cdn;

import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.PreconditionFailedException;

import java.util.function.Supplier;

/** {@link DistributionGateway} over the SDK's CloudFront client (GetDistributionConfig, UpdateDistribution, GetDistribution). */
public final class CloudFrontDistributionGateway implements DistributionGateway {

    private final CloudFrontClient cloudFront;

    public CloudFrontDistributionGateway(CloudFrontClient cloudFront) {
        this.cloudFront = cloudFront;
    }

    @Override
    public Versioned readConfig(String distributionId) {
        GetDistributionConfigResponse response = call(() -> cloudFront.getDistributionConfig(b -> b.id(distributionId)));
        return new Versioned(response.distributionConfig(), response.eTag());
    }

    @Override
    public String update(String distributionId, DistributionConfig config, String ifMatch) {
        try {
            return call(() -> cloudFront.updateDistribution(b -> b.id(distributionId).ifMatch(ifMatch).distributionConfig(config))).eTag();
        } catch (PreconditionFailedException stale) {
            throw new StaleConfig("ETag " + ifMatch + " of " + distributionId + " is stale: " + stale.awsErrorDetails().errorMessage());
        }
    }

    @Override
    public String status(String distributionId) {
        return call(() -> cloudFront.getDistribution(b -> b.id(distributionId))).distribution().status();
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (CloudFrontException e) {
            if (e.isThrottlingException() || e.statusCode() == 429) {
                throw new CdnThrottled(e.getMessage());
            }
            throw e;
        }
    }
}
