package com.edgeautopilot.coalescer;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.cdn.CloudFrontInvalidationGateway;
import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.coalescer.usage.SnsUsageSignals;
import com.edgeautopilot.coalescer.usage.UsageSignals;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServer;
import com.edgeautopilot.testbed.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production gateways against moto's server over the real wire protocols (CloudFront REST/XML, SNS query).
 * moto accepts what CloudFront would accept here; the strict rules are covered by {@code StrictCloudFront}.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CloudFrontOnMotoTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = MotoServerExtension.resettingBeforeEachTest();

    private static String createDistribution(CloudFrontClient cloudFront) {
        return cloudFront.createDistribution(b -> b.distributionConfig(DistributionConfig.builder()
                .callerReference("test-" + System.nanoTime())
                .comment("edge autopilot test")
                .enabled(true)
                .origins(o -> o.quantity(1).items(origin -> origin.id("site").domainName("example-site-bucket.s3.amazonaws.com")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))))
                .defaultCacheBehavior(c -> c.targetOriginId("site").viewerProtocolPolicy("redirect-to-https")
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))
                .build())).distribution().id();
    }

    @Test
    void createsAndReadsInvalidationsThroughTheSdk() {
        LocalAws aws = LocalAws.configure(null, MotoServer.shared());
        String distributionId = createDistribution(aws.cloudFront());
        InvalidationGateway gateway = new CloudFrontInvalidationGateway(aws.cloudFront());
        List<String> paths = List.of("/docs/*", "/index.html", "/caf%C3%A9/a%20b.html");
        InvalidationGateway.Accepted accepted = gateway.submit(distributionId, "ea-test-0", paths);
        Invalidation stored = aws.cloudFront().getInvalidation(b -> b.distributionId(distributionId).id(accepted.invalidationId())).invalidation();
        assertEquals("ea-test-0", stored.invalidationBatch().callerReference());
        assertEquals(paths, stored.invalidationBatch().paths().items());
        assertEquals(List.of(), gateway.inProgress(distributionId), "moto completes invalidations at once");
    }

    @Test
    void publishesUsageSignalsWithFilterableAttributes() {
        LocalAws aws = LocalAws.configure(null, MotoServer.shared());
        String topic = aws.sns().createTopic(b -> b.name("usage")).topicArn();
        SqsClient sqs = aws.sqs();
        String queueUrl = sqs.createQueue(b -> b.queueName("usage-inbox")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        aws.sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));

        new SnsUsageSignals(aws.sns(), topic).publish(new UsageSignals.UsageSignal("2026-11", 812, 1000, 0.8));

        String body = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(2)).messages().get(0).body();
        assertTrue(body.contains("invalidation-usage"), body);
        assertTrue(body.contains("812"), body);
        assertTrue(body.contains("\"MessageAttributes\""), body);
        assertTrue(body.contains("\"threshold\""), body);
    }
}
