package com.edgeautopilot.failover;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.failover.cdn.ConfigEdit;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.control.Failover;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.notify.Notice;
import com.edgeautopilot.failover.policy.AlarmHealth;
import com.edgeautopilot.failover.store.DynamoFailoverStore;
import com.edgeautopilot.failover.support.FakeAlarmHealth;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.failover.support.StrictCloudFront;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A primary whose health check flaps: 100 alternating ALARM/OK transitions in ten minutes of simulated time, with the
 * state in DynamoDB Local and CloudFront played by the strict double. At most the flap limit's switches happen, then
 * the distribution is held and one "flapping, manual action needed" notice goes out.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class FlappingTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("FailoverTable").freshTablesForEachTest();

    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private final ControllableClock clock = new ControllableClock(START);
    private final StrictCloudFront cloudFront = new StrictCloudFront();
    private final FakeAlarmHealth standby = new FakeAlarmHealth();
    private final List<Notice> notices = Collections.synchronizedList(new ArrayList<>());

    private FailoverHandler handler(long dwellSeconds, int maxSwitches) {
        FailoverConfig config = FailoverConfig.from(Settings.of(Map.of("PROTECTED_DISTRIBUTIONS", Fixtures.settingFor("E1", dwellSeconds, true),
                "FAILOVER_TABLE", DB.tableName("FailoverTable"), "FLAP_MAX_SWITCHES", Integer.toString(maxSwitches))));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Failover failover = Failover.of(config, new DynamoFailoverStore(DB.client(), config.tableName(), config.lease(), config.auditRetention()),
                cloudFront, standby, notices::add, millis -> { }, clock, () -> new Metrics("EdgeAutopilot", quiet, clock));
        return new FailoverHandler(failover, Log.to(quiet));
    }

    /** An SNS delivery of the primary alarm changing to {@code state} at {@code at}. */
    private static Map<String, Object> snsTransition(String state, Instant at) {
        String message = Json.write(Map.of("AlarmName", "edge-autopilot-primary-origin-unhealthy", "AlarmArn", Fixtures.PRIMARY_ALARM,
                "NewStateValue", state, "OldStateValue", state.equals("OK") ? "ALARM" : "OK",
                "StateChangeTime", at.toString().replace("Z", "+0000"), "Region", "US East (N. Virginia)"));
        return Map.of("Records", List.of(Map.of("EventSource", "aws:sns", "Sns", Map.of("Message", message))));
    }

    private void flap(FailoverHandler handler) {
        for (int i = 0; i < 100; i++) {
            Instant at = START.plusSeconds(6L * i);
            clock.set(at.plusMillis(500));
            handler.handle(EventShapes.classify(snsTransition(i % 2 == 0 ? "ALARM" : "OK", at)), "flap-" + i);
            if (i % 10 == 9) {
                cloudFront.deployAll();
                handler.handle(EventShapes.classify(Map.of("tick", "failover-follow-up")), "tick-" + i);
            }
        }
    }

    @Test
    void oneHundredAlternatingTransitionsInTenMinutesSwitchAtMostTheLimitAndNotifyFlappingOnce() {
        cloudFront.create("E1", Fixtures.simpleConfig("flap"));
        flap(handler(0, 4));

        assertEquals(START.plusSeconds(594).plusMillis(500), clock.instant(), "ten simulated minutes");
        assertEquals(4, cloudFront.updates(), "the flap limit: 4 switches per hour");
        List<String> events = notices.stream().map(Notice::event).toList();
        assertEquals(List.of("failover", "failback", "failover", "failback", "flapping"), events);
        Notice flapping = notices.get(4);
        assertTrue(flapping.subject().contains("manual action needed"), flapping.subject());
        assertTrue(flapping.body().contains("\"action\":\"release\""), flapping.body());
        assertEquals(List.of("default=primary", "/api/*=primary", "/static/*=assets", "/checkout/*=primary"),
                ConfigEdit.targets(cloudFront.config("E1")), "held on the origin it was on");
    }

    @Test
    void withADwellLongerThanTheFlapsOkNeverLastsLongEnoughToFailBack() {
        cloudFront.create("E1", Fixtures.simpleConfig("flap"));
        flap(handler(60, 4));
        assertEquals(1, cloudFront.updates());
        assertEquals(List.of("failover"), notices.stream().map(Notice::event).toList());
    }

    @Test
    void aStandbyInAlarmIsNeverChosenHoweverOftenThePrimaryFails() {
        cloudFront.create("E1", Fixtures.simpleConfig("flap"));
        standby.answer(AlarmHealth.unhealthy("alarm edge-autopilot-standby-origin-unhealthy is in ALARM"));
        flap(handler(0, 4));
        assertEquals(0, cloudFront.updates());
        assertTrue(notices.stream().allMatch(n -> n.event().equals("refused")), notices.toString());
        assertEquals(50, notices.size(), "one refusal notice per ALARM transition");
    }

    @Test
    void releaseResumesAutomationAfterAFlappingHold() {
        cloudFront.create("E1", Fixtures.simpleConfig("flap"));
        FailoverHandler handler = handler(0, 4);
        flap(handler);
        clock.advance(Duration.ofMinutes(1));
        handler.handle(EventShapes.classify(Map.of("action", "release", "actor", "carol")), "release");
        Instant later = clock.instant().plusSeconds(5);
        handler.handle(EventShapes.classify(snsTransition("ALARM", later)), "after-release");
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby"), ConfigEdit.targets(cloudFront.config("E1")));
    }
}
