package com.edgeautopilot.costs.lifecycle;

import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.grouping.AlertChange;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.grouping.Inhibition;
import com.edgeautopilot.costs.store.GroupState;
import com.edgeautopilot.costs.store.StoredAlert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lifecycle's rules as plain decisions (no store): what a delivery changes, what closes, how a run and an intake merge. */
class AlertLifecycleRulesTest {

    static final long H = 3_600_000;
    final AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofHours(72));

    static Alert alert(Alert.Source source, String fingerprint, boolean firing) {
        return new Alert(source, fingerprint, "Amazon CloudFront", "123456789012", 10.0, null, null, Alert.Severity.WARNING, null, firing,
                fingerprint, null, null);
    }

    static StoredAlert told(Alert a, long at) {
        return new StoredAlert("g", a, false, AlertChange.NEW, null, 1, at, at, a.amount(), at + 1, at + 72 * H, 3); // shown in a digest just after
    }

    @Test
    void aResolutionIsToldOnlyForAnAlertThatWasTold() {
        Alert alarm = alert(Alert.Source.BILLING_ALARM, "billing:cf", true);
        StoredAlert untold = lifecycle.deliver("g", Optional.empty(), alarm, null, 0).next().orElseThrow();
        AlertLifecycle.Delivery withdrawn = lifecycle.deliver("g", Optional.of(untold), alarm.resolvedCopy(), null, H);
        assertEquals(AlertChange.UNCHANGED, withdrawn.change());
        assertFalse(withdrawn.next().orElseThrow().pending(), "nothing to tell");
        assertFalse(withdrawn.next().orElseThrow().alert().firing(), "kept resolved, so older copies stay older");
        AlertLifecycle.Delivery resolved = lifecycle.deliver("g", Optional.of(told(alarm, 0)), alarm.resolvedCopy(), null, H);
        assertEquals(AlertChange.RESOLVED, resolved.change());
        assertTrue(resolved.next().orElseThrow().pending());
    }

    @Test
    void onlyAlertsWithoutAResolutionCloseQuietly() {
        long later = 100 * H;
        assertFalse(AlertLifecycle.closesQuietly(told(alert(Alert.Source.BILLING_ALARM, "billing:cf", true), 0), later), "an alarm closes by OK only");
        for (Alert.Source source : List.of(Alert.Source.BUDGET, Alert.Source.ANOMALY, Alert.Source.INVALIDATION_USAGE, Alert.Source.UNRECOGNISED)) {
            assertTrue(AlertLifecycle.closesQuietly(told(alert(source, "x", true), 0), later), source.name());
            assertFalse(AlertLifecycle.closesQuietly(told(alert(source, "x", true), 0), 71 * H), source + " within its open window");
        }
    }

    @Test
    void anUnrecognisedSignalOnceToldIsNotOpen() {
        StoredAlert unrecognised = told(alert(Alert.Source.UNRECOGNISED, "unrecognised:abc", true), 0);
        assertFalse(AlertLifecycle.open(unrecognised, 0));
        assertFalse(AlertLifecycle.worthSending(DigestSchedule.Kind.REPEAT, AlertLifecycle.shown(List.of(unrecognised), 0)));
        assertTrue(AlertLifecycle.worthSending(DigestSchedule.Kind.REPEAT, AlertLifecycle.shown(List.of(told(alert(Alert.Source.BUDGET, "b", true), 0)), 0)));
    }

    @Test
    void aRunsResultMergedOverAnIntakeKeepsTheIntakesNews() {
        GroupState read = new GroupState("g", Map.of(), new DigestSchedule.Timers(10, 10, 0, false, true), Set.of(), 5, 0, 4);
        Alert anomaly = alert(Alert.Source.ANOMALY, "anomaly:new", true);
        GroupState current = AlertLifecycle.afterIntake(new GroupState("g", Map.of(), read.timers(), Set.of(), 5, 0, 5), anomaly, 20);
        GroupState after = AlertLifecycle.afterDigest(read, List.of(told(alert(Alert.Source.BILLING_ALARM, "billing:cf", true), 20)), 1, false, 20);
        assertFalse(after.timers().hasNotable(), "what the run alone would write: nothing new");

        GroupState merged = AlertLifecycle.merge(read, current, after, 20);

        assertTrue(merged.timers().hasNotable(), "the intake's alert is still news");
        assertEquals(1, merged.sentCount());
        assertEquals(20, merged.timers().lastSentAt());
        assertEquals(5, merged.version(), "written at the version now stored");
        assertTrue(merged.openAnomalies().contains(Inhibition.OpenAnomaly.of(anomaly)));
        DigestSchedule schedule = new DigestSchedule(Duration.ofMillis(100), Duration.ofMillis(600), Duration.ofMillis(1800));
        assertEquals(DigestSchedule.Kind.UPDATE, assertInstanceOf(DigestSchedule.Due.class, schedule.decide(merged.timers(), 620)).kind());
    }

    /** A budget alert is open (repeats) until the period it is about ends, at UTC midnight of the day, month, quarter or year after. */
    @Test
    void aBudgetAlertStopsRepeatingWhenItsPeriodEnds() {
        record Case(String period, String lastOpen, String firstClosed) {
        }
        for (Case c : List.of(new Case("2099-03-10", "2099-03-10T23:59:59.999Z", "2099-03-11T00:00:00Z"),
                new Case("2099-12", "2099-12-31T23:59:59.999Z", "2100-01-01T00:00:00Z"),
                new Case("2099-02", "2099-02-28T23:59:59.999Z", "2099-03-01T00:00:00Z"),
                new Case("2099-Q4", "2099-12-31T23:59:59.999Z", "2100-01-01T00:00:00Z"),
                new Case("2099-Q1", "2099-03-31T23:59:59.999Z", "2099-04-01T00:00:00Z"),
                new Case("2099", "2099-12-31T23:59:59.999Z", "2100-01-01T00:00:00Z"))) {
            Alert budget = new Alert(Alert.Source.BUDGET, "budget:b:" + c.period(), "Amazon CloudFront", "123456789012", 10.0, 5.0, c.period(),
                    Alert.Severity.WARNING, null, true, "b", null, null);
            StoredAlert toldBudget = told(budget, 0);
            assertTrue(AlertLifecycle.open(toldBudget, java.time.Instant.parse(c.lastOpen()).toEpochMilli()), c.period() + " open until its end");
            assertFalse(AlertLifecycle.open(toldBudget, java.time.Instant.parse(c.firstClosed()).toEpochMilli()), c.period() + " not repeated after it");
            StoredAlert untold = new StoredAlert("g", budget, true, AlertChange.NEW, null, 1, 0, 0, null, 0, 72 * H, 1);
            assertTrue(AlertLifecycle.open(untold, java.time.Instant.parse(c.firstClosed()).toEpochMilli()), c.period() + " news is told even after its period");
        }
        Alert undated = new Alert(Alert.Source.BUDGET, "budget:b:monthly", "Amazon CloudFront", "123456789012", 10.0, 5.0, "monthly",
                Alert.Severity.WARNING, null, true, "b", null, null);
        assertTrue(AlertLifecycle.open(told(undated, 0), java.time.Instant.parse("2100-01-01T00:00:00Z").toEpochMilli()), "no date: the open window decides");
    }
}
