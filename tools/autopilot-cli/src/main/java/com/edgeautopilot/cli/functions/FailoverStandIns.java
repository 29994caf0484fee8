package com.edgeautopilot.cli.functions;

import com.edgeautopilot.common.Json;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Distributions created in moto to play the ones origin failover protects, each with its configured primary and
 * standby origins and its behaviours (the configured path patterns, or {@code /api/*} and {@code /static/*} besides the
 * default for {@code "all"}, or the configured origin group); {@code PROTECTED_DISTRIBUTIONS} and
 * {@code DISTRIBUTION_ARNS} are rewritten to the ids moto chose.
 */
public final class FailoverStandIns {

    /** The configuration used when the default fleet protects nothing ({@code ProtectedDistributions} is {@code []} in config/default.yaml). */
    public static final String SAMPLE = "[{\"distributionId\":\"E2QWRUHAPOMQZL\","
            + "\"primaryAlarms\":[\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-primary-origin-unhealthy\","
            + "\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-primary-origin-down-composite\"],"
            + "\"standbyAlarms\":[\"arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-standby-origin-unhealthy\"],"
            + "\"primaryOriginId\":\"origin-primary\",\"standbyOriginId\":\"origin-standby\",\"behaviours\":\"all\","
            + "\"failback\":\"auto\",\"failbackDwellSeconds\":300}]";

    private FailoverStandIns() {
    }

    /** Creates the stand-ins and rewrites {@code env}; returns configured id → stand-in id. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> standIn(CloudFrontClient cloudFront, Map<String, String> env) {
        Object parsed = Json.parseObject("{\"d\":" + env.get("PROTECTED_DISTRIBUTIONS") + "}").get("d");
        Map<String, String> mapping = new LinkedHashMap<>();
        if (!(parsed instanceof List<?> list)) {
            return mapping; // the function's own configuration check reports it
        }
        List<String> arns = new ArrayList<>();
        List<Map<String, Object>> rewritten = new ArrayList<>();
        for (Object item : list) {
            Map<String, Object> d = new LinkedHashMap<>((Map<String, Object>) item);
            String id = String.valueOf(d.get("distributionId"));
            String standIn = cloudFront.createDistribution(b -> b.distributionConfig(config(d))).distribution().id();
            mapping.put(id, standIn);
            d.put("distributionId", standIn);
            arns.add("arn:aws:cloudfront::123456789012:distribution/" + standIn);
            rewritten.add(d);
        }
        env.put("PROTECTED_DISTRIBUTIONS", Json.write(rewritten));
        env.put("DISTRIBUTION_ARNS", String.join(",", arns));
        return mapping;
    }

    private static DistributionConfig config(Map<String, Object> d) {
        String primary = String.valueOf(d.get("primaryOriginId"));
        String standby = String.valueOf(d.get("standbyOriginId"));
        List<Origin> origins = List.of(origin(primary), origin(standby));
        String target = primary;
        List<String> patterns = new ArrayList<>();
        DistributionConfig.Builder config = DistributionConfig.builder().callerReference("edge-autopilot-" + UUID.randomUUID())
                .comment("Edge Autopilot stand-in for " + d.get("distributionId")).enabled(true)
                .origins(o -> o.quantity(origins.size()).items(origins));
        if (d.get("originGroupId") instanceof String group) {
            target = group;
            config.originGroups(g -> g.quantity(1).items(OriginGroup.builder().id(group)
                    .failoverCriteria(f -> f.statusCodes(s -> s.quantity(2).items(502, 503)))
                    .members(m -> m.quantity(2).items(x -> x.originId(primary), x -> x.originId(standby))).build()));
        } else if (d.get("behaviours") instanceof List<?> configured) {
            configured.stream().map(String::valueOf).filter(p -> !p.equals("default") && !p.equals("*")).forEach(patterns::add);
        } else {
            patterns.addAll(List.of("/api/*", "/static/*"));
        }
        String defaultTarget = target;
        config.defaultCacheBehavior(b -> b.targetOriginId(defaultTarget).viewerProtocolPolicy("redirect-to-https")
                .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"));
        if (!patterns.isEmpty()) {
            List<CacheBehavior> behaviours = patterns.stream().map(p -> CacheBehavior.builder().pathPattern(p).targetOriginId(defaultTarget)
                    .viewerProtocolPolicy("redirect-to-https").cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6").build()).toList();
            config.cacheBehaviors(c -> c.quantity(behaviours.size()).items(behaviours));
        }
        return config.build();
    }

    private static Origin origin(String id) {
        return Origin.builder().id(id).domainName(id + ".example.com")
                .customOriginConfig(c -> c.httpPort(80).httpsPort(443).originProtocolPolicy("https-only")).build();
    }
}
