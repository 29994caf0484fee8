package com.edgeautopilot.cli.replay;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.cli.CliRun;
import com.edgeautopilot.testbed.DynamoDbLocal;
import com.edgeautopilot.testbed.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.edgeautopilot.cli.replay.ReplayCommandTest.event;
import static com.edgeautopilot.cli.replay.ReplayCommandTest.invocations;
import static com.edgeautopilot.cli.replay.ReplayCommandTest.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cost signals and the digest tick replayed through the cost-alerts function (never the coalescer), on the test bed. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CostAlertsReplayTest {

    @BeforeAll
    static void standIns() {
        DynamoDbLocal.shared();
        MotoServer.shared();
    }

    @Test
    void costSignalsThenTheDigestTickPublishOneDigest() {
        CliRun run = CliRun.run("replay", "--env", "GROUP_WAIT_SECONDS=0",
                event("budgets/sns-forecasted.json"), event("cost-anomaly/eventbridge-anomaly-detected.json"),
                event("billing-alarm/sns-alarm.json"), event("invalidation-usage/sns-usage-over-free-tier.json"),
                event("schedule/cost-digest.json"));
        assertEquals(0, run.exit(), run::toString);
        List<ReplayCommandTest.Invocation> invocations = invocations(run);
        assertEquals(5, invocations.size(), run::toString);
        List<String> shapes = invocations.stream().map(i -> i.result().get("function") + ": " + i.result().get("shape")).toList();
        assertEquals(List.of(
                "cost-alerts: Budgets notification via SNS",
                "cost-alerts: cost anomaly via EventBridge",
                "cost-alerts: billing alarm via SNS",
                "cost-alerts: invalidation usage signal via SNS",
                "cost-alerts: scheduled cost-digest"), shapes);
        ReplayCommandTest.Invocation digest = invocations.get(4);
        assertEquals(1, digest.calls("Sns", "Publish").size(), digest.calls().toString());
        Map<String, Object> outcome = map(((List<?>) map(digest.result().get("response")).get("digests")).get(0));
        assertEquals("sent", outcome.get("action"));
        assertTrue(invocations.get(0).calls("DynamoDb", "PutItem").size() == 1, invocations.get(0).calls().toString());
    }

    @Test
    void theCoalescerKeepsItsOwnFlushTick() {
        CliRun run = CliRun.run("replay", event("schedule/coalescer-flush.json"));
        assertEquals(0, run.exit(), run::toString);
        assertEquals("invalidation-coalescer", invocations(run).get(0).result().get("function"));
    }
}
