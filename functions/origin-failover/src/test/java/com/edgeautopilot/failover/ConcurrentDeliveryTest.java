package com.edgeautopilot.failover;

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
import com.edgeautopilot.failover.support.FakeStandbyHealth;
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

/**
 * Two deliveries of one transition at the same moment (SNS and EventBridge both configured): the second waits for the
 * first's lease instead of failing, then finds the transition handled. A lease that is never released fails the
 * invocation (Lambda retries it) without touching CloudFront.
 */
class ConcurrentDeliveryTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("FailoverTable").freshTablesForEachTest();

    private final ControllableClock clock = new ControllableClock(Instant.parse("2026-11-21T10:05:13Z"));
    private final StrictCloudFront cloudFront = new StrictCloudFront();
    private final List<Notice> notices = new ArrayList<>();
    private final List<Long> waits = new ArrayList<>();

    private FailoverHandler handler(DynamoFailoverStore store, FailoverConfig config, Runnable onWait) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Failover failover = Failover.of(config, store, cloudFront, new FakeStandbyHealth(), notices::add, millis -> {
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
