package com.edgeautopilot.failover.policy;

import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.config.Scope;
import com.edgeautopilot.failover.event.AlarmState;
import com.edgeautopilot.failover.event.AlarmTransition;
import com.edgeautopilot.failover.policy.Decision.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.edgeautopilot.failover.support.Fixtures.PRIMARY_ALARM;
import static com.edgeautopilot.failover.support.Fixtures.protectedDistribution;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailoverPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:05:12.345Z");
    private static final ProtectedDistribution AUTO = protectedDistribution("E1", new Scope.AllBehaviours(), Duration.ofMinutes(5));
    private static final ProtectedDistribution MANUAL = protectedDistribution("E1", new Scope.AllBehaviours(), null);
    private static final AlarmHealth HEALTHY = AlarmHealth.healthy("alarms OK");
    private final FailoverPolicy policy = new FailoverPolicy(4, Duration.ofHours(1));

    private static AlarmTransition primary(AlarmState state, Instant at) {
        return new AlarmTransition(PRIMARY_ALARM, "primary", "us-east-1", state, state == AlarmState.OK ? AlarmState.ALARM : AlarmState.OK, at, "", "sns");
    }

    private static DistributionState primaryDown() {
        return DistributionState.initial().withAlarm(primary(AlarmState.ALARM, T0), AUTO.primaryAlarms());
    }

    @Test
    void primaryDownWithAHealthyStandbyFailsOver() {
        assertTrue(policy.needsStandbyHealth(primaryDown(), AUTO));
        assertEquals(Kind.FAIL_OVER, policy.decide(primaryDown(), AUTO, HEALTHY, T0).kind());
    }

    @Test
    void aStandbyInAlarmOrOfUnknownHealthIsNeverChosen() {
        Decision unhealthy = policy.decide(primaryDown(), AUTO, AlarmHealth.unhealthy("standby-down is in ALARM"), T0);
        assertEquals(Kind.REFUSE_STANDBY_UNHEALTHY, unhealthy.kind());
        assertTrue(unhealthy.reason().contains("standby-down is in ALARM"));
        assertEquals(Kind.REFUSE_STANDBY_UNKNOWN, policy.decide(primaryDown(), AUTO, AlarmHealth.unknown("DescribeAlarms failed"), T0).kind());
        assertEquals(Kind.REFUSE_STANDBY_UNKNOWN, policy.decide(primaryDown(), AUTO, AlarmHealth.NOT_CHECKED, T0).kind());
    }

    @Test
    void failbackWaitsForTheDwellTimeThenGoes() {
        DistributionState onStandby = primaryDown().switchedTo(Position.STANDBY, T0, List.of("default"), null, Duration.ofHours(1));
        Instant okAt = T0.plusSeconds(600);
        DistributionState recovered = onStandby.withAlarm(primary(AlarmState.OK, okAt), AUTO.primaryAlarms());
        assertEquals(okAt.toEpochMilli(), recovered.primaryOkSince());
        assertFalse(policy.needsStandbyHealth(recovered, AUTO));
        assertEquals(Kind.WAIT, policy.decide(recovered, AUTO, AlarmHealth.NOT_CHECKED, okAt.plusSeconds(299)).kind());
        assertEquals(Kind.FAIL_BACK, policy.decide(recovered, AUTO, AlarmHealth.NOT_CHECKED, okAt.plusSeconds(300)).kind());
        assertEquals(Kind.IGNORE, policy.decide(recovered, MANUAL, AlarmHealth.NOT_CHECKED, okAt.plusSeconds(3000)).kind(), "manual failback");
        DistributionState downAgain = recovered.withAlarm(primary(AlarmState.ALARM, okAt.plusSeconds(100)), AUTO.primaryAlarms());
        assertNull(downAgain.primaryOkSince());
        assertEquals(Kind.IGNORE, policy.decide(downAgain, AUTO, AlarmHealth.NOT_CHECKED, okAt.plusSeconds(400)).kind());
    }

    @Test
    void overTheFlapLimitItHoldsInsteadOfSwitching() {
        DistributionState state = primaryDown();
        for (int i = 0; i < 4; i++) {
            state = state.switchedTo(i % 2 == 0 ? Position.STANDBY : Position.PRIMARY, T0.plusSeconds(60L * i), List.of("default"), null, Duration.ofHours(1));
        }
        assertEquals(Position.PRIMARY, state.position());
        Decision decision = policy.decide(state, AUTO, HEALTHY, T0.plusSeconds(300));
        assertEquals(Kind.HOLD_FLAPPING, decision.kind());
        assertTrue(decision.reason().contains("4 switches"), decision.reason());
        assertEquals(Kind.FAIL_OVER, policy.decide(state, AUTO, HEALTHY, T0.plusSeconds(3600 + 181)).kind(), "old switches age out");
    }

    @Test
    void heldDistributionsAreLeftAlone() {
        DistributionState held = primaryDown().holding("held by alice", true);
        assertFalse(policy.needsStandbyHealth(held, AUTO));
        Decision decision = policy.decide(held, AUTO, HEALTHY, T0);
        assertEquals(Kind.IGNORE, decision.kind());
        assertTrue(decision.reason().contains("held by alice"));
    }

    @Test
    void lateDeliveriesAreStale() {
        DistributionState state = primaryDown();
        assertTrue(state.isStale(primary(AlarmState.OK, T0.minusSeconds(1))));
        assertTrue(state.isStale(primary(AlarmState.ALARM, T0)), "the same transition again");
        assertFalse(state.isStale(primary(AlarmState.OK, T0.plusMillis(1))));
    }

    /** Issue 21: a failback is confirmed against the primary's alarms as CloudWatch has them now. */
    @Test
    void aFailbackWaitsWhileThePrimaryIsNotOkNowOrNotOkForTheDwell() {
        Decision failback = new Decision(Kind.FAIL_BACK, "primary OK for the dwell as seen");
        Instant now = T0.plusSeconds(3600);
        assertEquals(Kind.FAIL_BACK, policy.confirmFailback(failback, AUTO, AlarmHealth.healthy("OK"), now).kind());
        assertEquals(Kind.FAIL_BACK, policy.confirmFailback(failback, AUTO, AlarmHealth.healthySince("OK", now.minusSeconds(300)), now).kind());
        Decision unseen = policy.confirmFailback(failback, AUTO, AlarmHealth.unhealthy("alarm primary-5xx is in ALARM"), now);
        assertEquals(Kind.WAIT, unseen.kind());
        assertTrue(unseen.reason().contains("primary-5xx"), unseen.reason());
        assertEquals(Kind.WAIT, policy.confirmFailback(failback, AUTO, AlarmHealth.unknown("alarm is INSUFFICIENT_DATA"), now).kind());
        assertEquals(Kind.WAIT, policy.confirmFailback(failback, AUTO, AlarmHealth.healthySince("OK", now.minusSeconds(299)), now).kind());
        Decision other = new Decision(Kind.IGNORE, "nothing to do");
        assertEquals(other, policy.confirmFailback(other, AUTO, AlarmHealth.unhealthy("x"), now), "only a failback is confirmed");
    }

    /** Issue 21 defect 5: INSUFFICIENT_DATA of a primary alarm ends its "OK since"; the next OK starts it again. */
    @Test
    void insufficientDataEndsThePrimarysOkSince() {
        DistributionState onStandby = primaryDown().switchedTo(Position.STANDBY, T0, List.of("default"), null, Duration.ofHours(1));
        Instant okAt = T0.plusSeconds(600);
        DistributionState recovered = onStandby.withAlarm(primary(AlarmState.OK, okAt), AUTO.primaryAlarms());
        DistributionState unknown = recovered.withAlarm(new AlarmTransition(PRIMARY_ALARM, "primary", "us-east-1", AlarmState.INSUFFICIENT_DATA,
                AlarmState.OK, okAt.plusSeconds(60), "", "sns"), AUTO.primaryAlarms());
        assertNull(unknown.primaryOkSince());
        assertEquals(Kind.WAIT, policy.decide(unknown, AUTO, AlarmHealth.NOT_CHECKED, okAt.plusSeconds(900)).kind());
        DistributionState okAgain = unknown.withAlarm(primary(AlarmState.OK, okAt.plusSeconds(120)), AUTO.primaryAlarms());
        assertEquals(okAt.plusSeconds(120).toEpochMilli(), okAgain.primaryOkSince());
    }

    /** A dead-lettered OK: on the standby with the primary still recorded down, CloudWatch's reading decides the failback. */
    @Test
    void onTheStandbyWithoutTheOkDeliveredTheLiveAlarmDecidesTheFailback() {
        DistributionState stuck = primaryDown().switchedTo(Position.STANDBY, T0, List.of("default"), null, Duration.ofHours(1));
        Decision fromDeliveries = policy.decide(stuck, AUTO, AlarmHealth.NOT_CHECKED, T0.plusSeconds(3600));
        assertEquals(Kind.IGNORE, fromDeliveries.kind(), "the deliveries alone say the primary is down");
        assertTrue(policy.needsLivePrimary(stuck, AUTO));
        assertFalse(policy.needsLivePrimary(stuck, MANUAL), "manual failback: the operator decides");
        assertFalse(policy.needsLivePrimary(stuck.holding("held by alice", true), AUTO));
        Instant okAt = T0.plusSeconds(600);
        AlarmHealth okNow = AlarmHealth.healthySince("alarms OK", okAt);
        assertEquals(Kind.WAIT, policy.failbackFromLive(fromDeliveries, stuck, AUTO, okNow, okAt.plusSeconds(299)).kind());
        assertEquals(Kind.FAIL_BACK, policy.failbackFromLive(fromDeliveries, stuck, AUTO, okNow, okAt.plusSeconds(300)).kind());
        assertEquals(Kind.IGNORE, policy.failbackFromLive(fromDeliveries, stuck, AUTO, AlarmHealth.unhealthy("in ALARM"), okAt.plusSeconds(900)).kind());
        assertEquals(Kind.IGNORE, policy.failbackFromLive(fromDeliveries, stuck, AUTO, HEALTHY, okAt.plusSeconds(900)).kind(),
                "OK without a time: no dwell can be counted");
        DistributionState read = stuck.primaryOkAsRead(AUTO.primaryAlarms(), okAt);
        assertFalse(read.primaryDown(AUTO.primaryAlarms()));
        assertEquals(okAt.toEpochMilli(), read.primaryOkSince());
    }
}
