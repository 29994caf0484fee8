package com.edgeautopilot.cli.functions;

import com.edgeautopilot.common.Json;
import com.fasterxml.jackson.jr.ob.JSON;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.Origins;
import software.amazon.awssdk.services.cloudfront.model.S3OriginConfig;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * CloudFront distributions created in moto to play the ones the configuration names: moto chooses its own ids, so the
 * configuration ({@code DISTRIBUTION_IDS}, {@code SITE_ROUTES}) is rewritten to use them.
 */
public final class StandInDistributions {

    private StandInDistributions() {
    }

    /** Creates a distribution serving {@code bucket} (S3 origin) and returns its id. */
    public static String create(CloudFrontClient cloudFront, String bucket, String comment) {
        String originId = "s3-" + bucket;
        DistributionConfig config = DistributionConfig.builder()
                .callerReference("edge-autopilot-" + UUID.randomUUID())
                .comment(comment)
                .enabled(true)
                .defaultRootObject("index.html")
                .origins(Origins.builder().quantity(1).items(Origin.builder()
                        .id(originId)
                        .domainName(bucket + ".s3.us-east-1.amazonaws.com")
                        .s3OriginConfig(S3OriginConfig.builder().originAccessIdentity("").build())
                        .build()).build())
                .defaultCacheBehavior(b -> b.targetOriginId(originId)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6")) // AWS managed CachingOptimized
                .build();
        return cloudFront.createDistribution(b -> b.distributionConfig(config)).distribution().id();
    }

    /**
     * Creates one stand-in per distribution named by the coalescer's configuration and rewrites
     * {@code DISTRIBUTION_IDS} and {@code SITE_ROUTES} in {@code env} to the stand-ins' ids.
     *
     * @return configured id → stand-in id
     */
    public static Map<String, String> standIn(CloudFrontClient cloudFront, Map<String, String> env) {
        List<Map<String, Object>> routes = routes(env.get("SITE_ROUTES"));
        Set<String> ids = new LinkedHashSet<>();
        for (String id : String.valueOf(env.getOrDefault("DISTRIBUTION_IDS", "")).split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        if (routes != null) {
            routes.forEach(r -> {
                if (r.get("distributionId") instanceof String id) {
                    ids.add(id);
                }
            });
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String id : ids) {
            String bucket = routes == null ? "example-site-bucket" : routes.stream()
                    .filter(r -> id.equals(r.get("distributionId")) && r.get("bucket") instanceof String)
                    .map(r -> (String) r.get("bucket")).findFirst().orElse("example-site-bucket");
            mapping.put(id, create(cloudFront, bucket, "Edge Autopilot stand-in for " + id));
        }
        if (env.containsKey("DISTRIBUTION_IDS")) {
            List<String> rewritten = new ArrayList<>();
            for (String id : env.get("DISTRIBUTION_IDS").split(",")) {
                rewritten.add(mapping.getOrDefault(id.trim(), id.trim()));
            }
            env.put("DISTRIBUTION_IDS", String.join(",", rewritten));
        }
        if (routes != null) {
            for (Map<String, Object> route : routes) {
                if (route.get("distributionId") instanceof String id && mapping.containsKey(id)) {
                    route.put("distributionId", mapping.get(id));
                }
            }
            env.put("SITE_ROUTES", Json.write(routes));
        }
        return mapping;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> routes(String json) {
        if (json == null) {
            return null;
        }
        try {
            Object parsed = JSON.std.anyFrom(json);
            if (parsed instanceof List<?> list && list.stream().allMatch(Map.class::isInstance)) {
                List<Map<String, Object>> copy = new ArrayList<>();
                list.forEach(item -> copy.add(new LinkedHashMap<>((Map<String, Object>) item)));
                return copy;
            }
        } catch (IOException e) {
            // not JSON: left as is, the coalescer's configuration check reports it
        }
        return null;
    }
}
