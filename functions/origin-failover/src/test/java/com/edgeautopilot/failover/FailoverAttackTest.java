package com.edgeautopilot.failover;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.failover.control.OperatorConsole;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.policy.AlarmHealth;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.failover.support.StrictCloudFront;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.edgeautopilot.failover.support.AlarmDeliveries.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on the issue 21 model (live config trusted, one stored record of what was moved, one lease place). Each test
 * failed on the code as merged for issue 21 (see /work/notes/attack-21.md). Issue 21: the function decides from the distribution's live config and what it recorded it moved, so a retry, a
 * crash, an operator's edit or a misconfiguration cannot make it lie or strand traffic. Each sequence is one of the
 * issue's proven defects (DynamoDB Local for the state, {@link StrictCloudFront} for CloudFront, notices in a list).
 * Clocks in 2099: the lease items carry a TTL, and DynamoDB Local deletes items whose TTL is past by the real clock.
 */
class FailoverAttackTest extends LiveDistributionRig {





    /**
     * Hold, the primary goes down (ignored: held), release. CloudWatch sends no new transition while the alarm stays in
     * ALARM, so the automation resumed by the release must act on the state it has: the follow-up tick fails over.
     */
    @Test
    void releasingAHoldWhileThePrimaryIsDownFailsOverOnTheNextTick() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        send(handler, "{\"action\":\"hold\",\"actor\":\"alice\"}");
        send(handler, alarm(ALARM_AT));
        assertEquals(ON_PRIMARY, live(), "held: the alarm is recorded, nothing switched");
        clock.advance(Duration.ofMinutes(5));
        send(handler, "{\"action\":\"release\",\"actor\":\"alice\"}");
        ticksUntil(handler, clock.instant().plus(Duration.ofMinutes(3)));
        assertEquals(ON_STANDBY, live(), "released while the primary is down (alarm still in ALARM): automation must fail over");
        assertEquals(List.of("hold", "release", "failover"), noticeEvents());
    }

    /**
     * The operator deletes /checkout/* (moved by the failover) during the outage. The failback moves back what still
     * exists; the state must not keep the deleted behaviour "on the standby", or the next outage finds the function
     * "already on the standby" and ignores it while every behaviour targets the down primary.
     */
    @Test
    void aBehaviourDeletedDuringTheOutageDoesNotBlindTheNextFailover() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        send(handler, alarm(ALARM_AT));
        assertEquals(ON_STANDBY, live());
        var current = cloudFront.readConfig(E1);
        List<CacheBehavior> kept = current.config().cacheBehaviors().items().stream().filter(b -> !b.pathPattern().equals("/checkout/*")).toList();
        cloudFront.update(E1, current.config().toBuilder().cacheBehaviors(c -> c.quantity(kept.size()).items(kept)).build(), current.etag());
        clock.set(OK_AT.plusSeconds(2));
        send(handler, ok(OK_AT));
        ticksUntil(handler, OK_AT.plusSeconds(300)); // the last tick is the failback's (+302 s); the next would be at +362 s
        assertEquals(List.of("default=primary", "/api/*=primary", "/static/*=assets"), live(), "failed back");
        Instant again = OK_AT.plusSeconds(310);
        clock.set(again.plusSeconds(2));
        send(handler, alarm(again));
        ticksUntil(handler, again.plusSeconds(180));
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets"), live(), "the second outage must fail over");
        assertEquals(List.of("failover", "failback", "failover"), noticeEvents());
        OperatorConsole.Answer status = (OperatorConsole.Answer) send(handler, "{\"action\":\"status\"}");
        assertEquals("STANDBY", status.position(), status.toString());
    }

    /**
     * The operator removes the standby origin between the function's read and its UpdateDistribution (412, re-read:
     * the config no longer fits). Nothing was switched while the primary is down: that must be said (critical notice,
     * audit), not dropped silently as "the recorded switch did not happen".
     */
    @Test
    void aConfigThatStopsFittingMidSwitchIsRefusedAloud() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        cloudFront.changeConcurrentlyBeforeNextUpdate(c -> c.toBuilder().origins(o -> o.quantity(2).items(c.origins().items().stream()
                .filter(x -> !x.id().equals("standby")).toList())).build());
        send(handler, alarm(ALARM_AT));
        assertEquals(ON_PRIMARY, live());
        assertEquals(List.of("refused-config"), noticeEvents(), "the primary is down and nothing was switched: say so");
        assertTrue(audit().stream().anyMatch(e -> "refused-config".equals(e.event())), audit().toString());
    }

    /**
     * Same window, but the operator points every behaviour of the scope at a third origin by hand: nothing targets the
     * primary any more, nothing was switched. The NOT SWITCHED notice must go out as when the read had shown it.
     */
    @Test
    void behavioursMovedAwayByHandMidSwitchAreReportedNotSwitched() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        cloudFront.changeConcurrentlyBeforeNextUpdate(c -> c.toBuilder()
                .defaultCacheBehavior(c.defaultCacheBehavior().toBuilder().targetOriginId("assets").build())
                .cacheBehaviors(b -> b.quantity(3).items(c.cacheBehaviors().items().stream().map(x -> x.toBuilder().targetOriginId("assets").build()).toList()))
                .build());
        send(handler, alarm(ALARM_AT));
        assertEquals(List.of("default=assets", "/api/*=assets", "/static/*=assets", "/checkout/*=assets"), live());
        assertEquals(List.of("not-switched"), noticeEvents(), "nothing was switched: say so once");
    }

    /**
     * One SNS batch, a valid ALARM and a malformed message: the valid one must be acted on (a retried batch fails the
     * same way until it is dead-lettered, so failing first would never fail over); the malformed one is named in the
     * invocation's error so it reaches the retry / dead-letter path.
     */
    @Test
    void aMalformedMessageDoesNotStopItsValidNeighbour() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        Map<String, Object> valid = Json.parseObject(alarm(ALARM_AT));
        Map<String, Object> batch = Map.of("Records", List.of(Map.of("EventSource", "aws:sns", "Sns", Map.of("Message", "{\"AlarmName\":\"no ARN\"}")),
                ((List<?>) valid.get("Records")).get(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> handler.handle(EventShapes.classify(batch), "inv-batch"));
        assertTrue(e.getMessage().contains("missing or invalid alarm ARN"), e.getMessage());
        assertEquals(ON_STANDBY, live(), "the valid ALARM beside it was handled");
        assertEquals(List.of("failover"), noticeEvents());
    }

    /**
     * The switch is recorded, the process dies before its UpdateDistribution; before Lambda's retry the on-call engineer
     * moves /api/* to the standby by hand. The retry must not take the operator's edit for its own switch and stop there
     * (default and /checkout/* left on the down primary): the recorded switch did not happen, /api/* was moved by hand
     * (and is moved back by hand), and the retry fails over what still targets the primary.
     */
    @Test
    void aBehaviourMovedByHandBeforeTheRetryOfAnUnsentSwitchDoesNotStrandTheRest() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        crashBeforeNextUpdates = 1;
        assertFalse(deliver(handler, alarm(ALARM_AT)), "died before UpdateDistribution");
        assertEquals(ON_PRIMARY, live());
        var current = cloudFront.readConfig(E1);
        List<CacheBehavior> byHand = current.config().cacheBehaviors().items().stream()
                .map(b -> b.pathPattern().equals("/api/*") ? b.toBuilder().targetOriginId("standby").build() : b).toList();
        cloudFront.update(E1, current.config().toBuilder().cacheBehaviors(c -> c.quantity(byHand.size()).items(byHand)).build(), current.etag());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(deliver(handler, alarm(ALARM_AT)), "Lambda's retry");
        assertEquals(ON_STANDBY, live(), "the primary is down: nothing of the scope may stay on it");
        assertEquals(List.of("failover"), noticeEvents());
        clock.set(OK_AT.plusSeconds(2));
        send(handler, ok(OK_AT));
        ticksUntil(handler, OK_AT.plusSeconds(400));
        assertEquals(List.of("default=primary", "/api/*=standby", "/static/*=assets", "/checkout/*=primary"), live(),
                "the failback moves back exactly what the function moved; /api/* was moved by hand");
        assertEquals(List.of("failover", "failback"), noticeEvents());
    }

    /**
     * The OK of the primary's alarm never arrives (its delivery failed Lambda's retries and was dead-lettered). The
     * stored reading still says ALARM, but CloudWatch says OK since {@code OK_AT}: the tick must decide from the live
     * alarm and fail back after the dwell, not keep traffic on the standby forever on a stored guess.
     */
    @Test
    void aLostOkDeliveryDoesNotKeepTrafficOnTheStandbyForever() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        send(handler, alarm(ALARM_AT));
        assertEquals(ON_STANDBY, live());
        health.answerForPrimary(AlarmHealth.unhealthy("alarm edge-autopilot-primary-origin-unhealthy is in ALARM"));
        clock.set(OK_AT.minusSeconds(60));
        ticksUntil(handler, OK_AT);
        health.answerForPrimary(AlarmHealth.healthySince("alarms [edge-autopilot-primary-origin-unhealthy] are OK", OK_AT));
        ticksUntil(handler, OK_AT.plusSeconds(240));
        assertEquals(ON_STANDBY, live(), "OK in CloudWatch only since " + OK_AT + ": the dwell (300 s) is not over");
        ticksUntil(handler, OK_AT.plusSeconds(400));
        assertEquals(ON_PRIMARY, live(), "the primary has been OK in CloudWatch for the dwell; the OK delivery was lost");
        assertEquals(List.of("failover", "failback"), noticeEvents());
    }

    /**
     * Real threads: the same ALARM transition through SNS, EventBridge and the alarm action, and two follow-up ticks
     * (which now act on a primary recorded down), all at once on DynamoDB Local. One UpdateDistribution, one notice.
     */
    @RepeatedTest(5)
    void theSameTransitionInThreeShapesRacingTwoTicksSwitchesOnce() throws Exception {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        realWaits = true;
        String at = ALARM_TIME.format(ALARM_AT);
        List<String> deliveries = List.of(alarm(ALARM_AT), event("eventbridge-alarm.json", at), event("lambda-action-alarm.json", at), TICK, TICK);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(deliveries.size());
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> done = new ArrayList<>();
        for (String delivery : deliveries) {
            done.add(pool.submit(() -> {
                start.await();
                for (int attempt = 0; attempt < 5; attempt++) { // Lambda's retries of a failed (busy) invocation
                    if (deliver(handler, delivery)) {
                        return true;
                    }
                }
                return false;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<Boolean> f : done) {
            assertTrue(f.get(2, java.util.concurrent.TimeUnit.MINUTES), "every delivery is handled within Lambda's retries");
        }
        pool.shutdown();
        assertEquals(ON_STANDBY, live());
        assertEquals(1, cloudFront.updates(), cloudFront.calls().toString());
        assertEquals(List.of("failover"), noticeEvents());
        assertEquals(1, audit().stream().filter(e -> "switched".equals(e.event())).count(), audit().toString());
    }
}
