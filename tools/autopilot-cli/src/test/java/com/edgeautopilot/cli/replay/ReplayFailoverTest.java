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
import static com.edgeautopilot.cli.replay.ReplayCommandTest.list;
import static com.edgeautopilot.cli.replay.ReplayCommandTest.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alarm events replayed through origin failover, with moto playing the configured distribution and its two origins. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class ReplayFailoverTest {

    @BeforeAll
    static void standIns() {
        DynamoDbLocal.shared();
        MotoServer.shared();
    }

    private static String decision(ReplayCommandTest.Invocation invocation) {
        return String.valueOf(map(list(map(invocation.result().get("response")).get("outcomes")).get(0)).get("decision"));
    }

    @Test
    void alarmSwitchesTheSecondShapeIsADuplicateAndTheTickFailsBackAfterTheDwell() {
        CliRun run = CliRun.run("replay", event("cloudwatch-alarm/sns-alarm.json"), event("cloudwatch-alarm/eventbridge-alarm.json"),
                event("cloudwatch-alarm/sns-ok.json"), event("schedule/failover-follow-up.json"));
        assertEquals(0, run.exit(), run::toString);
        List<ReplayCommandTest.Invocation> invocations = invocations(run);
        assertEquals(4, invocations.size(), run::toString);
        assertEquals("origin-failover", invocations.get(0).result().get("function"));
        assertEquals("CloudWatch alarm via SNS", invocations.get(0).result().get("shape"));

        assertEquals("FAIL_OVER", decision(invocations.get(0)));
        assertEquals(1, invocations.get(0).calls("CloudFront", "UpdateDistribution").size(), run::toString);
        assertEquals(1, invocations.get(0).calls("Sns", "Publish").size(), run::toString);
        assertEquals("DUPLICATE", decision(invocations.get(1)));
        assertTrue(invocations.get(1).calls("CloudFront", "UpdateDistribution").isEmpty());
        assertEquals("WAIT", decision(invocations.get(2)));

        List<Object> tick = list(map(invocations.get(3).result().get("response")).get("outcomes"));
        assertTrue(tick.stream().anyMatch(o -> "FAIL_BACK".equals(map(o).get("decision"))), tick.toString());
        assertEquals(1, invocations.get(3).calls("CloudFront", "UpdateDistribution").size());
        assertTrue(run.err().contains("distribution E2QWRUHAPOMQZL is played by"), run.err());
    }

    @Test
    void aStandbyInAlarmIsRefused() {
        CliRun run = CliRun.run("replay", "--quiet", "--env", "LOCAL_STANDBY_STATE=ALARM", event("cloudwatch-alarm/lambda-action-alarm.json"),
                event("cloudwatch-alarm/eventbridge-unknown-alarm.json"));
        assertEquals(0, run.exit(), run::toString);
        List<ReplayCommandTest.Invocation> invocations = invocations(run);
        assertEquals("REFUSE_STANDBY_UNHEALTHY", decision(invocations.get(0)));
        assertTrue(invocations.get(0).calls("CloudFront", "UpdateDistribution").isEmpty());
        assertEquals(List.of(), map(invocations.get(1).result().get("response")).get("outcomes"));
        assertEquals(1, list(map(invocations.get(1).result().get("response")).get("ignored")).size());
    }

    @Test
    void theCoalescersScheduleStillGoesToTheCoalescer() {
        CliRun run = CliRun.run("replay", "--quiet", event("schedule/coalescer-flush.json"));
        assertEquals(0, run.exit(), run::toString);
        assertEquals("invalidation-coalescer", invocations(run).get(0).result().get("function"));
        Map<String, Object> status = map(invocations(CliRun.run("replay", "--quiet", event("schedule/failover-follow-up.json"))).get(0).result());
        assertEquals("origin-failover", status.get("function"));
    }
}
