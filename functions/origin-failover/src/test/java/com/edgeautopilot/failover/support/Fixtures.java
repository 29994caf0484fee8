package com.edgeautopilot.failover.support;

import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.config.Scope;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginGroup;

import java.time.Duration;
import java.util.List;

/** Distributions and configs the failover tests share. */
public final class Fixtures {

    public static final String PRIMARY_ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-primary-origin-unhealthy";
    public static final String STANDBY_ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-standby-origin-unhealthy";
    public static final String CACHE_POLICY = "658327ea-f89d-4fab-a63d-7e88639e58f6";

    private Fixtures() {
    }

    public static ProtectedDistribution protectedDistribution(String id, Scope scope, Duration dwell) {
        return new ProtectedDistribution("PROTECTED_DISTRIBUTIONS[0]", id, List.of(PRIMARY_ALARM), List.of(STANDBY_ALARM), "primary", "standby",
                scope, dwell);
    }

    /** The PROTECTED_DISTRIBUTIONS setting for one distribution with all behaviours and automatic failback. */
    public static String settingFor(String distributionId, long dwellSeconds, boolean withStandbyAlarm) {
        return "[{\"distributionId\":\"" + distributionId + "\",\"primaryAlarms\":[\"" + PRIMARY_ALARM + "\"],"
                + (withStandbyAlarm ? "\"standbyAlarms\":[\"" + STANDBY_ALARM + "\"]," : "")
                + "\"primaryOriginId\":\"primary\",\"standbyOriginId\":\"standby\",\"behaviours\":\"all\",\"failback\":\"auto\","
                + "\"failbackDwellSeconds\":" + dwellSeconds + "}]";
    }

    private static Origin origin(String id, String domain) {
        return Origin.builder().id(id).domainName(domain).originPath("")
                .customHeaders(h -> h.quantity(0))
                .customOriginConfig(c -> c.httpPort(80).httpsPort(443).originProtocolPolicy("https-only")
                        .originSslProtocols(p -> p.quantity(1).itemsWithStrings("TLSv1.2")).originReadTimeout(30).originKeepaliveTimeout(5))
                .connectionAttempts(3).connectionTimeout(10).build();
    }

    private static CacheBehavior behaviour(String pattern, String origin) {
        return CacheBehavior.builder().pathPattern(pattern).targetOriginId(origin).viewerProtocolPolicy("redirect-to-https")
                .cachePolicyId(CACHE_POLICY).compress(true).build();
    }

    /** What tests create in moto: a primary and a standby origin, the default behaviour and two more on the primary, one on a third origin. */
    public static DistributionConfig simpleConfig(String callerReference) {
        return DistributionConfig.builder().callerReference(callerReference).comment("origin failover test").enabled(true)
                .origins(o -> o.quantity(3).items(origin("primary", "origin-primary.example.com"), origin("standby", "origin-standby.example.net"),
                        origin("assets", "assets.example.org")))
                .defaultCacheBehavior(c -> c.targetOriginId("primary").viewerProtocolPolicy("redirect-to-https").cachePolicyId(CACHE_POLICY))
                .cacheBehaviors(b -> b.quantity(3).items(behaviour("/api/*", "primary"), behaviour("/static/*", "assets"),
                        behaviour("/checkout/*", "primary")))
                .build();
    }

    /** A config with every optional field this test suite can set, for the round-trip test. */
    public static DistributionConfig everyOptionalField() {
        DistributionConfig simple = simpleConfig("full-config");
        return simple.toBuilder()
                .aliases(a -> a.quantity(2).items("www.example.com", "example.com"))
                .defaultRootObject("index.html")
                .originGroups(g -> g.quantity(1).items(OriginGroup.builder().id("group")
                        .failoverCriteria(f -> f.statusCodes(s -> s.quantity(3).items(500, 502, 503)))
                        .members(m -> m.quantity(2).items(x -> x.originId("primary"), x -> x.originId("standby"))).build()))
                .defaultCacheBehavior(simple.defaultCacheBehavior().toBuilder()
                        .allowedMethods(m -> m.quantity(7).itemsWithStrings("GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE")
                                .cachedMethods(c -> c.quantity(2).itemsWithStrings("GET", "HEAD")))
                        .originRequestPolicyId("216adef6-5c7f-47e4-b989-5492eafa07d3")
                        .responseHeadersPolicyId("67f7725c-6f97-4210-82d7-5512b31e9d03")
                        .functionAssociations(f -> f.quantity(1).items(x -> x.eventType("viewer-request")
                                .functionARN("arn:aws:cloudfront::123456789012:function/edge-geo-router")))
                        .lambdaFunctionAssociations(l -> l.quantity(0))
                        .trustedKeyGroups(t -> t.enabled(false).quantity(0))
                        .fieldLevelEncryptionId("")
                        .smoothStreaming(false).compress(true).realtimeLogConfigArn("arn:aws:cloudfront::123456789012:realtime-log-config/rt").build())
                .customErrorResponses(c -> c.quantity(1).items(e -> e.errorCode(404).responsePagePath("/404.html").responseCode("404").errorCachingMinTTL(10L)))
                .logging(l -> l.enabled(true).includeCookies(false).bucket("logs.s3.amazonaws.com").prefix("cf/"))
                .priceClass("PriceClass_100")
                .viewerCertificate(v -> v.acmCertificateArn("arn:aws:acm:us-east-1:123456789012:certificate/abc").sslSupportMethod("sni-only")
                        .minimumProtocolVersion("TLSv1.2_2021"))
                .restrictions(r -> r.geoRestriction(g -> g.restrictionType("blacklist").quantity(1).items("KP")))
                .webACLId("arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/abc")
                .httpVersion("http2and3").isIPV6Enabled(true).staging(false)
                .continuousDeploymentPolicyId("")
                .build();
    }
}
