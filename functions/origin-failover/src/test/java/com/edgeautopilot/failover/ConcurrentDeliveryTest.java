package com.edgeautopilot.failover;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.control.Failover;
import com.edgeautopilot.failover.control.FailoverController;
import com.edgeautopilot.failover.control.Outcome;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.notify.Notice;
import com.edgeautopilot.failover.store.DynamoFailoverStore;
import com.edgeautopilot.failover.support.FakeAlarmHealth;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.failover.support.StrictCloudFront;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two deliveries of one transition at the same moment (SNS and EventBridge both configured): the second waits for the
 * first's lease instead of failing, then finds the transition handled. A lease that is never released fails the
 * invocation (Lambda retries it) without touching CloudFront.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class ConcurrentDeliveryTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("FailoverTable").freshTablesForEachTest();

    // After the real date: DynamoDB Local deletes items whose TTL is past by the real clock, and the lease and the
    // in-progress transition claim expire minutes after this clock. With a clock before the real date (it was
    // 2026-11-21, a second after the sample alarm) they were deleted mid-test in about half the runs, so the second
    // delivery found no claim and reported STALE instead of DUPLICATE. The transitions' own times stay the samples'.
    private final ControllableClock clock = new ControllableClock(Instant.parse("2099-11-21T10:05:13Z"));
    private final StrictCloudFront cloudFront = new StrictCloudFront();
    private final List<Notice> notices = new ArrayList<>();
    private final List<Long> waits = new ArrayList<>();

    private FailoverHandler handler(DynamoFailoverStore store, FailoverConfig config, Runnable onWait) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Failover failover = Failover.of(config, store, cloudFront, new FakeAlarmHealth(), notices::add, millis -> {
            waits.add(millis);
            onWait.run();
        }, clock, () -> new Metrics("EdgeAutopilot", quiet, clock));
        return new FailoverHandler(failover, Log.to(quiet));
    }

    private FailoverConfig config() {
        return FailoverConfig.from(Settings.of(Map.of("PROTECTED_DISTRIBUTIONS", Fixtures.settingFor("E1", 300, true),
                "FAILOVER_TABLE", DB.tableName("FailoverTable"))));
    }

    @Test
    void theSecondShapeWaitsForTheFirstsLeaseAndFindsTheTransitionHandled() {
        cloudFront.create("E1", Fixtures.simpleConfig("concurrent"));
        FailoverConfig config = config();
        DynamoFailoverStore store = new DynamoFailoverStore(DB.client(), config.tableName(), config.lease(), config.auditRetention());
        FailoverHandler first = handler(store, config, () -> { });
        // the second invocation arrives while the first holds the lease; the first finishes during the second's first wait
        store.lock("E1", "first-invocation", clock.instant());
        FailoverHandler second = handler(store, config, () -> {
            if (waits.size() == 1) {
                store.unlock("E1", "first-invocation");
                first.handle(EventShapes.classify(Json.parseObject(RepoPaths.event("cloudwatch-alarm/sns-alarm.json"))), "first-invocation");
            }
        });

        FailoverHandler.Response response = (FailoverHandler.Response) second.handle(
                EventShapes.classify(Json.parseObject(RepoPaths.event("cloudwatch-alarm/eventbridge-alarm.json"))), "second-invocation");

        Outcome outcome = response.outcomes().get(0);
        assertEquals("DUPLICATE", outcome.decision(), response.toString());
        assertEquals(1, cloudFront.updates());
        assertEquals(1, notices.size());
        assertEquals(List.of(250L), waits);
    }

    @Test
    void aTickThatFailsForOneDistributionStillFollowsUpTheOthersAndThenFails() {
        String firstAlarm = Fixtures.PRIMARY_ALARM + "-first";
        String secondAlarm = Fixtures.PRIMARY_ALARM + "-second";
        FailoverConfig config = FailoverConfig.from(Settings.of(Map.of("PROTECTED_DISTRIBUTIONS", "["
                        + "{\"distributionId\":\"E1\",\"primaryAlarms\":[\"" + firstAlarm + "\"],\"primaryOriginId\":\"primary\",\"standbyOriginId\":\"standby\"},"
                        + "{\"distributionId\":\"E2\",\"primaryAlarms\":[\"" + secondAlarm + "\"],\"primaryOriginId\":\"primary\",\"standbyOriginId\":\"standby\"}]",
                "FAILOVER_TABLE", DB.tableName("FailoverTable"))));
        cloudFront.create("E1", Fixtures.simpleConfig("first"));
        cloudFront.create("E2", Fixtures.simpleConfig("second"));
        DynamoFailoverStore store = new DynamoFailoverStore(DB.client(), config.tableName(), config.lease(), config.auditRetention());
        FailoverHandler handler = handler(store, config, () -> { });
        handler.handle(EventShapes.classify(sns(firstAlarm)), "alarm-first");
        handler.handle(EventShapes.classify(sns(secondAlarm)), "alarm-second");
        cloudFront.deployAll();
        cloudFront.throttleNext(1); // E1's GetDistribution, first in the tick

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> handler.handle(EventShapes.classify(Map.of("tick", "failover-follow-up")), "tick"));

        assertTrue(e.getMessage().contains("E1: Throttling"), e.getMessage());
        assertTrue(e.getMessage().contains("distributionId=E2, decision=DEPLOYED"), "E2 was still followed up: " + e.getMessage());
        assertTrue(store.lock("E1", "after", clock.instant()).isPresent(), "E1's lease was released");
    }

    private static Map<String, Object> sns(String alarmArn) {
        return Map.of("Records", List.of(Map.of("EventSource", "aws:sns", "Sns", Map.of("Message", Json.write(Map.of(
                "AlarmArn", alarmArn, "NewStateValue", "ALARM", "OldStateValue", "OK", "StateChangeTime", "2026-11-21T10:05:12.345+0000"))))));
    }

    @Test
    void aLeaseThatIsNeverReleasedFailsTheInvocationWithoutAnyChange() {
        cloudFront.create("E1", Fixtures.simpleConfig("concurrent"));
        FailoverConfig config = config();
        DynamoFailoverStore store = new DynamoFailoverStore(DB.client(), config.tableName(), config.lease(), config.auditRetention());
        store.lock("E1", "stuck-invocation", clock.instant());
        FailoverHandler handler = handler(store, config, () -> { });
        assertThrows(FailoverController.DistributionBusy.class, () -> handler.handle(
                EventShapes.classify(Json.parseObject(RepoPaths.event("cloudwatch-alarm/sns-alarm.json"))), "blocked"));
        assertEquals(8, waits.size());
        assertEquals(0, cloudFront.updates());
        assertEquals(List.of(), notices);
    }
}
