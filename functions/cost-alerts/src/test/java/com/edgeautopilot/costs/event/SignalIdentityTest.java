package com.edgeautopilot.costs.event;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.costs.grouping.AlertChange;
import com.edgeautopilot.costs.grouping.Grouping;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What identifies an alert across deliveries (its fingerprint) and which group it belongs to: issue 22, defects 2, 3, 10. */
class SignalIdentityTest {

    private final CostSignalParser parser = new CostSignalParser(Map.of(), 100);

    private Alert recognised(String message) {
        ParsedSignal parsed = parser.snsRecord(CostSignalParserTest.snsRecord(message, "AWS Budgets"));
        return assertInstanceOf(ParsedSignal.Recognised.class, parsed, String.valueOf(parsed)).alert();
    }

    private static String daily(String date, String amount) {
        String sample = Json.string(CostSignalParserTest.firstRecord("budgets/sns-actual-daily.json"), "Sns", "Message");
        return sample.replace("November 21, 2026", date).replace("$6.42", amount);
    }

    /** Defect 2: a daily budget's alert of a new day is a new alert, with that day's amount, not yesterday's again. */
    @Test
    void aDailyBudgetsAlertOfANewDayIsANewAlert() {
        Alert monday = recognised(daily("November 21, 2026", "$6.42"));
        Alert tuesday = recognised(daily("November 22, 2026", "$5.80"));
        Alert mondayAgain = recognised(daily("November 21, 2026", "$6.42"));
        assertNotEquals(monday.fingerprint(), tuesday.fingerprint(), "a new day, a new alert");
        assertEquals(monday.fingerprint(), mondayAgain.fingerprint(), "a repeated delivery is the same alert");
        assertEquals(AlertChange.NEW, AlertChange.of(null, tuesday));
        assertEquals(5.80, tuesday.amount());
        assertEquals("2026-11-21", tuesday.period(), "Budgets sends a daily alert the day after: 'Yesterday, the ACTUAL Cost ...'");
    }

    /** Defect 2: a monthly budget's alert is one per month; the period comes from the notification's text, not the budget's name. */
    @Test
    void aMonthlyBudgetIsOneAlertPerMonthWhateverItsName() {
        String sample = Json.string(CostSignalParserTest.firstRecord("budgets/sns-actual.json"), "Sns", "Message");
        Alert november = recognised(sample);
        Alert december = recognised(sample.replace("November 21, 2026", "December 2, 2026"));
        Alert laterInNovember = recognised(sample.replace("November 21, 2026", "November 28, 2026").replace("$84.12", "$95.00"));
        assertEquals("2026-11", november.period());
        assertNotEquals(november.fingerprint(), december.fingerprint());
        assertEquals(november.fingerprint(), laterInNovember.fingerprint(), "the same month's budget alert grows in place");
        Alert dailyNamedMonthly = recognised(daily("November 21, 2026", "$6.42").replace("cloudfront-daily", "cloudfront-monthly"));
        assertEquals("2026-11-20", dailyNamedMonthly.period(), "the text says 'per day' (and 'Yesterday'): the name does not decide");
    }

    /** Defect 3: one anomalyId is one alert in one group, whatever order AWS ranks its root causes in. */
    @Test
    void anAnomalyStaysInItsGroupWhenItsRootCausesAreReRanked() {
        Map<String, Object> anomaly = Json.parseObject(Json.string(CostSignalParserTest.firstRecord("cost-anomaly/sns-anomaly.json"), "Sns", "Message"));
        anomaly.put("monitorType", "CUSTOM");
        anomaly.put("dimensionalValue", "123456789012");
        List<Object> causes = new ArrayList<>();
        causes.add(Map.of("service", "Amazon CloudFront", "region", "eu-west-1", "usageType", "EU-DataTransfer-Out-Bytes"));
        causes.add(Map.of("service", "Amazon Simple Storage Service", "region", "eu-west-1", "usageType", "EU-Requests-Tier1"));
        anomaly.put("rootCauses", causes);
        Alert first = recognised(Json.write(anomaly));
        Collections.reverse(causes);
        anomaly.put("rootCauses", causes);
        Alert reRanked = recognised(Json.write(anomaly));
        Grouping grouping = Grouping.byAccountAndService();
        assertEquals(first.fingerprint(), reRanked.fingerprint());
        assertEquals(grouping.keyOf(first), grouping.keyOf(reRanked), "one anomaly, one group");
    }

    /** Defect 10: a utilisation or coverage budget alerts when it falls BELOW its threshold: the title says so. */
    @Test
    void aUtilisationBudgetBelowItsThresholdIsTitledBelow() {
        String text = "AWS Budget Notification November 21, 2026\nAWS Account 123456789012\n\nDear AWS Customer,\n\n"
                + "You requested that we alert you when the ACTUAL RI Utilization associated with your ri-utilization budget is less than 80.00% "
                + "for the current month. The ACTUAL RI Utilization associated with this budget is 62.50%.\n\n"
                + "Budget Name: ri-utilization\nBudget Type: RI Utilization\nBudgeted Amount: 80.00%\nAlert Type: ACTUAL\n"
                + "Alert Threshold: < 80.00%\nACTUAL Amount: 62.50%\n";
        Alert alert = recognised(text);
        assertTrue(alert.title().contains("62.50% < 80.00%"), alert.title());
        assertTrue(!alert.title().contains(">"), alert.title());
        assertEquals(Alert.Severity.WARNING, alert.severity(), "under the utilisation target is not 'over budget'");
    }
}
