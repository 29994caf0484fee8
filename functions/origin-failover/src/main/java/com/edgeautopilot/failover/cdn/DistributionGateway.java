package com.edgeautopilot.failover.cdn;

import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

/** CloudFront's control plane as this function uses it: read a config with its ETag, replace it with IfMatch, read status. */
public interface DistributionGateway {

    /** A distribution config and the ETag that must accompany its replacement. */
    record Versioned(DistributionConfig config, String etag) {
    }

    /** GetDistributionConfig. */
    Versioned readConfig(String distributionId);

    /** UpdateDistribution with {@code IfMatch}; the new ETag. Throws {@link StaleConfig} on 412, {@link CdnThrottled} when throttled. */
    String update(String distributionId, DistributionConfig config, String ifMatch);

    /** GetDistribution's {@code Status}: {@code InProgress} or {@code Deployed}. */
    String status(String distributionId);

    /** 412 PreconditionFailed: the config changed since it was read. Re-read and re-apply. */
    final class StaleConfig extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StaleConfig(String message) {
            super(message);
        }
    }

    /** CloudFront throttled the call (after the SDK's own retries). Back off and try again. */
    final class CdnThrottled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CdnThrottled(String message) {
            super(message);
        }
    }
}
