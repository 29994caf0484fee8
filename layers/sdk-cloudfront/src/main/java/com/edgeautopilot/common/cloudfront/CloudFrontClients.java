package com.edgeautopilot.common.cloudfront;

import com.edgeautopilot.common.AwsClients;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

/**
 * Builds the CloudFront client the production way ({@link AwsClients#configured}). It lives in the CloudFront layer,
 * beside the SDK module, so the common layer does not carry CloudFront for functions that never call it.
 */
public final class CloudFrontClients {

    private CloudFrontClients() {
    }

    /** CloudFront is a global service: its control plane is signed for us-east-1 whatever the function's region. */
    public static CloudFrontClient of(AwsClients aws) {
        return aws.configured(CloudFrontClient.builder()).region(Region.AWS_GLOBAL).build();
    }
}
