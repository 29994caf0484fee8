package com.edgeautopilot.costs.grouping;

import com.edgeautopilot.costs.event.Alert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure decisions: Alertmanager timers, what counts as a change, inhibition, grouping. */
class DecisionsTest {

    static final long MIN = 60_000;
    final DigestSchedule schedule = new DigestSchedule(Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30));

    static Alert alert(Alert.Source source, String fingerprint, String service, Double amount, boolean firing) {
        return new Alert(source, fingerprint, service, "111111111111", amount, null, null, Alert.Severity.WARNING, null, firing, fingerprint, null, null);
    }

    @Test
    void firstDigestWaitsGroupWaitAfterTheFirstAlert() {
        DigestSchedule.Timers t = new DigestSchedule.Timers(10 * MIN, 11 * MIN, 0, false, true);
        assertEquals(12 * MIN, assertInstanceOf(DigestSchedule.NotDue.class, schedule.decide(t, 12 * MIN - 1)).nextCheckAt());
        assertEquals(DigestSchedule.Kind.FIRST, assertInstanceOf(DigestSchedule.Due.class, schedule.decide(t, 12 * MIN)).kind());
    }

    @Test
    void newChangesWaitGroupIntervalAfterTheLastDigest() {
        DigestSchedule.Timers t = new DigestSchedule.Timers(15 * MIN, 15 * MIN, 12 * MIN, true, true);
        assertInstanceOf(DigestSchedule.NotDue.class, schedule.decide(t, 21 * MIN));
        assertEquals(DigestSchedule.Kind.UPDATE, assertInstanceOf(DigestSchedule.Due.class, schedule.decide(t, 22 * MIN)).kind());
    }

    @Test
    void stillFiringRepeatsAfterRepeatInterval() {
        DigestSchedule.Timers t = new DigestSchedule.Timers(10 * MIN, 10 * MIN, 12 * MIN, true, true);
        assertInstanceOf(DigestSchedule.NotDue.class, schedule.decide(t, 41 * MIN));
        assertEquals(DigestSchedule.Kind.REPEAT, assertInstanceOf(DigestSchedule.Due.class, schedule.decide(t, 42 * MIN)).kind());
        DigestSchedule.Timers quiet = new DigestSchedule.Timers(10 * MIN, 10 * MIN, 12 * MIN, false, false);
        assertEquals(0, assertInstanceOf(DigestSchedule.NotDue.class, schedule.decide(quiet, 500 * MIN)).nextCheckAt());
    }

    @Test
    void anAlertAfterEverythingResolvedStartsANewEpisodeWithGroupWait() {
        DigestSchedule.Timers t = new DigestSchedule.Timers(100 * MIN, 100 * MIN, 20 * MIN, false, true);
        assertInstanceOf(DigestSchedule.NotDue.class, schedule.decide(t, 101 * MIN));
        assertEquals(DigestSchedule.Kind.FIRST, assertInstanceOf(DigestSchedule.Due.class, schedule.decide(t, 102 * MIN)).kind());
    }

    @Test
    void changes() {
        Alert a50 = alert(Alert.Source.ANOMALY, "anomaly:1", "Amazon CloudFront", 50.0, true);
        Alert a80 = alert(Alert.Source.ANOMALY, "anomaly:1", "Amazon CloudFront", 80.0, true);
        assertEquals(AlertChange.NEW, AlertChange.of(null, a50));
        assertEquals(AlertChange.UNCHANGED, AlertChange.of(a50, a50));
        assertEquals(AlertChange.GREW, AlertChange.of(a50, a80));
        assertEquals(AlertChange.UNCHANGED, AlertChange.of(a80, a50), "a smaller impact is not news");
        assertEquals(AlertChange.RESOLVED, AlertChange.of(a80, a80.resolvedCopy()));
        assertEquals(AlertChange.REFIRED, AlertChange.of(a80.resolvedCopy(), a80));
        assertEquals(AlertChange.UNKNOWN_RESOLUTION, AlertChange.of(null, a80.resolvedCopy()));
        assertTrue(AlertChange.GREW.notable() && !AlertChange.UNCHANGED.notable());
    }

    @Test
    void aBillingAlarmIsInhibitedByAnOpenAnomalyOfTheSameAccountAndService() {
        Alert anomaly = alert(Alert.Source.ANOMALY, "anomaly:1", "Amazon CloudFront", 50.0, true);
        List<Inhibition.OpenAnomaly> open = List.of(Inhibition.OpenAnomaly.of(anomaly));
        Alert cloudFrontAlarm = alert(Alert.Source.BILLING_ALARM, "billing:cf", "Amazon CloudFront", 160.0, true);
        Alert s3Alarm = alert(Alert.Source.BILLING_ALARM, "billing:s3", "Amazon Simple Storage Service", 10.0, true);
        Alert budget = alert(Alert.Source.BUDGET, "budget:x", "Amazon CloudFront", 10.0, true);
        assertEquals(Optional.of("anomaly:1"), Inhibition.inhibitor(cloudFrontAlarm, open));
        assertEquals(Optional.empty(), Inhibition.inhibitor(s3Alarm, open));
        assertEquals(Optional.empty(), Inhibition.inhibitor(budget, open), "budgets are never inhibited");
        assertEquals(Optional.empty(), Inhibition.inhibitor(cloudFrontAlarm.resolvedCopy(), open), "a resolution is always told");
        assertEquals(Inhibition.OpenAnomaly.of(anomaly), Inhibition.OpenAnomaly.decode(Inhibition.OpenAnomaly.of(anomaly).encoded()));
    }

    @Test
    void groupingByConfiguredLabels() {
        Alert budget = alert(Alert.Source.BUDGET, "budget:x", "Amazon CloudFront", 10.0, true);
        assertEquals("111111111111|Amazon CloudFront", Grouping.byAccountAndService().keyOf(budget));
        assertEquals(Map.of("service", "Amazon CloudFront", "source", "BUDGET"), Grouping.parse("GROUP_BY", "service, source").labelsOf(budget));
        assertEquals("GROUP_BY", org.junit.jupiter.api.Assertions.assertThrows(com.edgeautopilot.common.ConfigException.class,
                () -> Grouping.parse("GROUP_BY", "account,region")).setting());
    }
}
