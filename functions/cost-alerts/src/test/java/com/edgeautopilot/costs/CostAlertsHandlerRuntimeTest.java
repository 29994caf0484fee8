package com.edgeautopilot.costs;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.costs.handler.CostAlertsHandler;
import com.edgeautopilot.costs.support.DigestInbox;
import com.edgeautopilot.costs.support.TestFunction;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.Invocation;
import com.edgeautopilot.testbed.LambdaRuntimeHarness;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServerExtension;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployed handler run the way Lambda runs it: the runtime interface client in a child JVM, the production wiring
 * from the environment, sample events from {@code events/}, DynamoDB Local and moto.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CostAlertsHandlerRuntimeTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CostAlertsTable", "CoalescerTable");
    @RegisterExtension
    static final MotoServerExtension MOTO = MotoServerExtension.resettingBeforeEachTest();

    private static final String HANDLER = CostAlertsHandler.class.getName() + "::handleRequest";

    @Test
    void samplesThroughTheRuntimeThenADigestTick() {
        LocalAws aws = LocalAws.configure(DB.server(), MOTO.server());
        String topic = aws.sns().createTopic(b -> b.name("runtime-digests")).topicArn();
        DigestInbox inbox = DigestInbox.subscribe(aws.sns(), aws.sqs(), topic, "runtime-inbox");
        Map<String, String> env = new LinkedHashMap<>(aws.lambdaEnvironment());
        env.putAll(TestFunction.environment(DB, topic));
        env.put("GROUP_WAIT_SECONDS", "0");
        LambdaRuntimeHarness harness = LambdaRuntimeHarness.create().snapStart(true); // init, priming hooks, restore, invoke

        for (String sample : List.of("budgets/sns-forecasted.json", "cost-anomaly/sns-anomaly.json", "cost-anomaly/sns-anomaly-duplicate.json",
                "cost-anomaly/eventbridge-anomaly-detected.json", "billing-alarm/eventbridge-alarm.json", "invalidation-usage/sns-usage-over-free-tier.json")) {
            Invocation invocation = harness.invoke(HANDLER, RepoPaths.event(sample), env);
            invocation.assertSucceeded();
            assertTrue(invocation.logs().contains("primed before the snapshot"), sample + ": priming ran: " + invocation.logs());
            assertEquals(0, ((Number) invocation.responseObject().get("failed")).intValue(), sample + ": " + invocation.logs());
        }
        Invocation tick = harness.invoke(HANDLER, RepoPaths.event("schedule/cost-digest.json"), env);
        tick.assertSucceeded();

        List<DigestInbox.Received> digests = inbox.drain();
        assertEquals(1, digests.size(), "budget, anomaly (three deliveries), billing alarm and usage of CloudFront: one digest");
        Map<String, Object> digest = digests.get(0).message();
        assertEquals("Amazon CloudFront", digest.get("service"));
        assertEquals(List.of("BUDGET", "INVALIDATION_USAGE", "ANOMALY").size(), ((List<?>) digest.get("firing")).size(),
                "the billing alarm is folded under the open anomaly");
        assertTrue(digests.get(0).subject().startsWith("[CRITICAL] Cost alert: Amazon CloudFront @ 123456789012"), digests.get(0).subject());
        assertEquals(Map.of("month", "2026-11", "pathsUsed", 1043, "freePaths", 1000, "paidPaths", 43), digest.get("usage"));
    }
}
