package com.edgeautopilot.costs.cdn;

import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code DistributionConfig.PriceClass} with {@code GetDistributionConfig} (IAM: cloudfront:GetDistributionConfig). */
public final class CloudFrontPriceClasses implements DistributionPriceClasses {

    private final CloudFrontClient cloudFront;

    public CloudFrontPriceClasses(CloudFrontClient cloudFront) {
        this.cloudFront = cloudFront;
    }

    @Override
    public Map<String, String> priceClasses(List<String> distributionIds) {
        Map<String, String> classes = new LinkedHashMap<>();
        for (String id : distributionIds) {
            try {
                classes.put(id, cloudFront.getDistributionConfig(b -> b.id(id)).distributionConfig().priceClassAsString());
            } catch (CloudFrontException e) {
                classes.put(id, "unreadable: " + e.awsErrorDetails().errorCode());
            }
        }
        return classes;
    }
}
