package com.edgeautopilot.cli.functions;

import com.edgeautopilot.failover.cdn.ConfigEdit;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

/** Where a distribution's behaviours point now ({@code default=origin-primary, /api/*=...}), read from CloudFront. */
public final class ConfigTargets {

    private ConfigTargets() {
    }

    public static String of(CloudFrontClient cloudFront, String distributionId) {
        return String.join(", ", ConfigEdit.targets(cloudFront.getDistributionConfig(b -> b.id(distributionId)).distributionConfig()));
    }
}
