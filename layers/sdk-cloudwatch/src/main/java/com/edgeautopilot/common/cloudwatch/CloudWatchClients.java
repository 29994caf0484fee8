package com.edgeautopilot.common.cloudwatch;

import com.edgeautopilot.common.AwsClients;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Builds CloudWatch clients the production way ({@link AwsClients#configured}). It lives in the CloudWatch layer,
 * beside the SDK module, so the common layer does not carry CloudWatch for functions that never call it.
 */
public final class CloudWatchClients {

    private CloudWatchClients() {
    }

    /** A client for one region (an alarm is read in the region of its ARN, whatever the function's region). */
    public static CloudWatchClient in(AwsClients aws, String region) {
        return aws.configured(CloudWatchClient.builder()).region(Region.of(region)).build();
    }
}
