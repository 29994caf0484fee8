package com.edgeautopilot.failover;

import com.edgeautopilot.failover.control.OperatorConsole;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.policy.AlarmHealth;
import com.edgeautopilot.failover.store.AuditEntry;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.failover.support.StoreThatFails;
import com.edgeautopilot.failover.support.StrictCloudFront;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.edgeautopilot.failover.support.AlarmDeliveries.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: the function decides from the distribution's live config and what it recorded it moved, so a retry, a
 * crash, an operator's edit or a misconfiguration cannot make it lie or strand traffic. Each sequence is one of the
 * issue's proven defects (DynamoDB Local for the state, {@link StrictCloudFront} for CloudFront, notices in a list).
 * Clocks in 2099: the lease items carry a TTL, and DynamoDB Local deletes items whose TTL is past by the real clock.
 */
class LiveDistributionTest extends LiveDistributionRig {



    /** Defect 1: the retry after a throttled notice must not count /static/* (on the standby before the outage) as moved. */
    @Test
    void aRetryAfterAThrottledNoticeFailsBackOnlyWhatTheFailoverMoved() {
        cloudFront.create(E1, withStaticOn("standby"));
        FailoverHandler handler = handler();
        failNextNotices = 1;
        assertFalse(deliver(handler, alarm(ALARM_AT)), "the notice was throttled: the invocation fails, Lambda retries");
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=standby", "/checkout/*=standby"), live());
        clock.advance(Duration.ofMinutes(2));
        assertTrue(deliver(handler, alarm(ALARM_AT)), "Lambda's retry");
        clock.set(OK_AT.plusSeconds(2));
        send(handler, ok(OK_AT));
        ticksUntil(handler, OK_AT.plusSeconds(400));
        assertEquals(List.of("default=primary", "/api/*=primary", "/static/*=standby", "/checkout/*=primary"), live(),
                "the failback moves back exactly what the failover moved");
        assertEquals(List.of("failover", "failback"), noticeEvents());
    }

    /** Defect 2: a scope whose behaviours do not target the primary moves nothing: no FAILOVER notice, not on the standby. */
    @Test
    void aScopeThatTargetsNoPrimaryBehaviourIsNotReportedAsAFailover() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler(Fixtures.settingFor(E1, 300, true).replace("\"behaviours\":\"all\"", "\"behaviours\":[\"/static/*\"]"),
                StoreThatFails.Plan.none());
        send(handler, alarm(ALARM_AT));
        assertEquals(0, cloudFront.updates());
        assertFalse(noticeEvents().contains("failover"), "nothing was switched, no FAILOVER notice: " + notices);
        assertEquals(1, notices.size(), "one notice that nothing could be moved: " + notices);
        assertEquals("critical", notices.get(0).severity());
        OperatorConsole.Answer status = (OperatorConsole.Answer) send(handler, "{\"action\":\"status\"}");
        assertEquals("PRIMARY", status.position(), "the state must not claim the standby: " + status);
        assertTrue(audit().stream().noneMatch(e -> "switched".equals(e.event())), audit().toString());
    }

    /** Defect 3: the switch succeeded, the invocation failed, the OK arrived before the retry: traffic must not stay on the standby. */
    @Test
    void anOkThatOvertakesTheRetryOfAnInterruptedSwitchStillFailsBack() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        failNextNotices = 1;
        assertFalse(deliver(handler, alarm(ALARM_AT)));
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby"), live());
        clock.set(OK_AT.plusSeconds(2));
        assertTrue(deliver(handler, ok(OK_AT)));
        clock.advance(Duration.ofMinutes(1));
        assertTrue(deliver(handler, alarm(ALARM_AT)), "Lambda's retry of the ALARM, now older than the OK");
        ticksUntil(handler, OK_AT.plusSeconds(400));
        assertEquals(List.of("default=primary", "/api/*=primary", "/static/*=assets", "/checkout/*=primary"), live(), "back on the primary");
        assertEquals(List.of("failover", "failback"), noticeEvents(), "the failover was announced once, then the failback");
    }

    /** Defect 4: the state write failed after audit and notice; an unrelated edit changes the ETag; the retry repeats nothing. */
    @Test
    void aRetryAfterALostStateWriteAndAnUnrelatedEditRepeatsNoNoticeOrAudit() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        StoreThatFails.Plan plan = StoreThatFails.Plan.failFinalSaves(1);
        FailoverHandler handler = handler(Fixtures.settingFor(E1, 300, true), plan);
        assertFalse(deliver(handler, alarm(ALARM_AT)), "the state write failed");
        assertEquals(List.of("failover"), noticeEvents());
        var current = cloudFront.readConfig(E1);
        cloudFront.update(E1, current.config().toBuilder().comment("edited by someone").build(), current.etag());
        clock.advance(Duration.ofMinutes(2));
        assertTrue(deliver(handler, alarm(ALARM_AT)), "Lambda's retry");
        assertEquals(List.of("failover"), noticeEvents(), "one notice for one switch");
        assertEquals(1, audit().stream().filter(e -> "switched".equals(e.event())).count(), audit().toString());
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby"), live());
    }

    /** Defect 5: INSUFFICIENT_DATA during the dwell is not OK: no failback until the primary has been OK for the dwell. */
    @Test
    void insufficientDataDuringTheDwellIsNotOk() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        send(handler, alarm(ALARM_AT));
        clock.set(OK_AT.plusSeconds(2));
        send(handler, ok(OK_AT));
        Instant unknownAt = OK_AT.plusSeconds(60);
        clock.set(unknownAt.plusSeconds(1));
        send(handler, insufficient(unknownAt));
        ticksUntil(handler, unknownAt.plusSeconds(600));
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby"), live(),
                "the primary was not OK for the dwell (INSUFFICIENT_DATA since " + unknownAt + ")");
        assertEquals(List.of("failover"), noticeEvents());
    }

    /** Defect 6: a string "true" for dryRun is refused, not taken as a real switch. */
    @Test
    void anOperatorPayloadWithAStringDryRunIsRefused() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> send(handler, "{\"action\":\"failover\",\"dryRun\":\"true\",\"actor\":\"alice\"}"));
        assertTrue(e.getMessage().contains("dryRun") && e.getMessage().contains("true or false"), e.getMessage());
        assertEquals(0, cloudFront.updates());
        assertThrows(IllegalArgumentException.class, () -> send(handler, "{\"action\":\"failover\",\"actor\":42}"));
        assertThrows(IllegalArgumentException.class, () -> send(handler, "{\"action\":\"failover\",\"distributionId\":7}"));
        assertEquals(0, cloudFront.updates());
    }

    /** Defect 7: the same refusal every tick, its reason carrying a fresh request id, is notified once. */
    @Test
    void aRepeatedRefusalIsNotifiedOnce() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        health.answer(AlarmHealth.unknown("DescribeAlarms in us-east-1 failed: Throttling (Request ID: first)"));
        send(handler, alarm(ALARM_AT));
        for (int tick = 0; tick < 5; tick++) {
            health.answer(AlarmHealth.unknown("DescribeAlarms in us-east-1 failed: Throttling (Request ID: " + tick + ")"));
            clock.advance(Duration.ofMinutes(1));
            send(handler, TICK);
        }
        assertEquals(List.of("refused"), noticeEvents());
    }

    /** Also: a manual failover that was refused does not hold automation. */
    @Test
    void aRefusedManualFailoverDoesNotHoldAutomation() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler(Fixtures.settingFor(E1, 300, true).replace("\"behaviours\":\"all\"", "\"behaviours\":[\"/no-such/*\"]"),
                StoreThatFails.Plan.none());
        OperatorConsole.Answer answer = (OperatorConsole.Answer) send(handler, "{\"action\":\"failover\",\"actor\":\"alice\"}");
        assertEquals("REFUSED_CONFIG", answer.outcome().decision());
        assertFalse(answer.held(), "nothing was switched, so nothing to protect from automation: " + answer);
    }

    /** Also: a dry run writes only dry-run audit entries, even when it is refused. */
    @Test
    void aRefusedDryRunWritesOnlyDryRunAudit() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        health.answer(AlarmHealth.unhealthy("alarm standby is in ALARM"));
        send(handler, "{\"action\":\"failover\",\"dryRun\":true,\"actor\":\"alice\"}");
        assertFalse(audit().isEmpty());
        assertTrue(audit().stream().allMatch(AuditEntry::dryRun), audit().toString());
    }

    /** Also: the primary's alarms are read from CloudWatch before a failback; one not OK there (never seen here) holds the failback. */
    @Test
    void aPrimaryAlarmNotOkInCloudWatchHoldsTheFailback() {
        cloudFront.create(E1, Fixtures.simpleConfig("live"));
        FailoverHandler handler = handler();
        send(handler, alarm(ALARM_AT));
        clock.set(OK_AT.plusSeconds(2));
        send(handler, ok(OK_AT));
        health.answerForPrimary(AlarmHealth.unhealthy("alarm edge-autopilot-primary-origin-5xx is in ALARM"));
        ticksUntil(handler, OK_AT.plusSeconds(600));
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby"), live());
        health.answerForPrimary(AlarmHealth.healthySince("alarms OK", OK_AT.plusSeconds(600)));
        ticksUntil(handler, OK_AT.plusSeconds(840)); // the last tick at +842 s, before +900 s
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby"), live(),
                "OK in CloudWatch only since " + OK_AT.plusSeconds(600) + ": the dwell counts from there");
        ticksUntil(handler, OK_AT.plusSeconds(960));
        assertEquals(List.of("default=primary", "/api/*=primary", "/static/*=assets", "/checkout/*=primary"), live());
        assertEquals(List.of("failover", "failback"), noticeEvents());
    }

    /** An operator's failover after the automatic one moves nothing more, says so, and holds; a failback moves back exactly what moved. */
    @Test
    void anOperatorFailoverAfterTheAutomaticOneIsAlreadyThereAndHolds() {
        cloudFront.create(E1, withStaticOn("standby"));
        FailoverHandler handler = handler();
        send(handler, alarm(ALARM_AT));
        OperatorConsole.Answer over = (OperatorConsole.Answer) send(handler, "{\"action\":\"failover\",\"actor\":\"alice\"}");
        assertEquals("ALREADY_THERE", over.outcome().decision(), over.toString());
        assertTrue(over.held());
        assertEquals(List.of("failover"), noticeEvents(), "no NOT SWITCHED notice for a distribution this function already moved");
        OperatorConsole.Answer back = (OperatorConsole.Answer) send(handler, "{\"action\":\"failback\",\"actor\":\"alice\"}");
        assertEquals("FAIL_BACK", back.outcome().decision(), back.toString());
        assertEquals(List.of("default=primary", "/api/*=primary", "/static/*=standby", "/checkout/*=primary"), back.liveTargets());
        OperatorConsole.Answer again = (OperatorConsole.Answer) send(handler, "{\"action\":\"failback\",\"actor\":\"alice\"}");
        assertEquals("ALREADY_THERE", again.outcome().decision());
        assertTrue(again.outcome().reason().contains("moved nothing to the standby"), again.outcome().reason());
        assertEquals(List.of("default=primary", "/api/*=primary", "/static/*=standby", "/checkout/*=primary"), again.liveTargets(),
                "/static/* was put on the standby by hand: the function never moves it");
    }
}
