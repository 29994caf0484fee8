package com.edgeautopilot.coalescer;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.handler.CoalescerHandler;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.Invocation;
import com.edgeautopilot.testbed.LambdaRuntimeHarness;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServer;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.InvalidationSummary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployed handler run the way Lambda runs it: the runtime interface client in a child JVM, the production wiring
 * from the environment template.yaml gives the function, sample events from {@code events/}, DynamoDB Local and moto.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CoalescerHandlerRuntimeTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable");

    private static final String HANDLER = CoalescerHandler.class.getName() + "::handleRequest";

    @Test
    void sqsBatchFromEventsFolderReportsExactlyTheBadRecordsAndFlushesOnSchedule() {
        LocalAws aws = LocalAws.configure(DB.server(), MotoServer.shared());
        String distributionId = aws.cloudFront().createDistribution(b -> b.distributionConfig(DistributionConfig.builder()
                .callerReference("runtime-test-" + System.nanoTime()).comment("runtime test").enabled(true)
                .origins(o -> o.quantity(1).items(origin -> origin.id("site").domainName("example-site-bucket.s3.amazonaws.com")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))))
                .defaultCacheBehavior(c -> c.targetOriginId("site").viewerProtocolPolicy("redirect-to-https")
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))
                .build())).distribution().id();

        Map<String, String> env = new LinkedHashMap<>(aws.lambdaEnvironment());
        env.put("COALESCER_TABLE", DB.tableName("CoalescerTable"));
        env.put("DISTRIBUTION_IDS", distributionId);
        env.put("SITE_ROUTES", "[{\"bucket\":\"example-site-bucket\",\"distributionId\":\"" + distributionId
                + "\",\"defaultRootObject\":\"index.html\",\"directoryIndex\":\"index.html\"}]");
        env.put("QUIET_PERIOD_SECONDS", "0");
        env.put("MAX_DELAY_SECONDS", "0");
        // SnapStart as Lambda runs it: init, the priming hooks (beforeCheckpoint), restore, then the invocations
        LambdaRuntimeHarness harness = LambdaRuntimeHarness.create().snapStart(true);

        Invocation batch = harness.invoke(HANDLER, RepoPaths.event("sqs/mixed-batch.json"), env);
        batch.assertSucceeded();
        // the non-JSON body and the JSON body that is not an S3 event; the test event and the duplicate are fine
        assertEquals(Map.of("batchItemFailures", List.of(
                        Map.of("itemIdentifier", "776b75ab-6758-40c8-8a23-9e00039360f4"),
                        Map.of("itemIdentifier", "ffcb7243-2c2b-4462-84e6-ed5194bbc56a"))),
                batch.responseObject(), batch.logs());

        assertTrue(batch.logs().contains("primed before the snapshot"), "the priming hook ran before the first invocation: " + batch.logs());
        Invocation tick = harness.invoke(HANDLER, RepoPaths.event("schedule/coalescer-flush.json"), env);
        tick.assertSucceeded();
        List<InvalidationSummary> invalidations = aws.cloudFront()
                .listInvalidations(b -> b.distributionId(distributionId)).invalidationList().items();
        assertFalse(invalidations.isEmpty(), "the scheduled flush created an invalidation: " + tick.response() + "\n" + tick.logs());
    }
}
