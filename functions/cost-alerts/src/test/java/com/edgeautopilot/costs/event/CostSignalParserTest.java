package com.edgeautopilot.costs.event;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every input of the function, from the samples in events/, normalised to one alert model. */
class CostSignalParserTest {

    private final CostSignalParser parser = new CostSignalParser(Map.of("site-monthly", "Amazon CloudFront"), 100);

    static Map<String, Object> firstRecord(String sample) {
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) Json.list(Json.parseObject(RepoPaths.event(sample)), "Records").get(0);
        return record;
    }

    static Map<String, Object> snsRecord(String message, String subject) {
        Map<String, Object> sns = new java.util.HashMap<>();
        sns.put("MessageId", "m-1");
        sns.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:edge-autopilot-cost-signals");
        sns.put("Subject", subject);
        sns.put("Message", message);
        return Map.of("EventSource", "aws:sns", "Sns", sns);
    }

    private Alert recognised(ParsedSignal parsed) {
        return assertInstanceOf(ParsedSignal.Recognised.class, parsed, String.valueOf(parsed)).alert();
    }

    @Test
    void budgetActualMonthlyCost() {
        Alert alert = recognised(parser.snsRecord(firstRecord("budgets/sns-actual.json")));
        assertEquals(Alert.Source.BUDGET, alert.source());
        assertEquals("Amazon CloudFront", alert.service(), "a budget named cloudfront-* covers CloudFront");
        assertEquals("123456789012", alert.account());
        assertEquals(84.12, alert.amount());
        assertEquals(80.00, alert.threshold());
        assertEquals("2026-11", alert.period(), "the month of the notification (November 21, 2026)");
        assertEquals(Alert.Severity.WARNING, alert.severity(), "$84.12 is under the $100 budget");
        assertTrue(alert.firing());
        assertEquals("ACTUAL", alert.facts().get("alertType"));
        assertEquals("$100.00", alert.facts().get("budgetedAmount"));
        assertTrue(alert.title().contains("ACTUAL cost $84.12 > $80.00"), alert.title());
        assertTrue(alert.link().contains("budgets"));
    }

    @Test
    void budgetForecastedMonthlyCost() {
        Alert alert = recognised(parser.snsRecord(firstRecord("budgets/sns-forecasted.json")));
        assertEquals(112.40, alert.amount());
        assertEquals(100.00, alert.threshold());
        assertEquals("2026-11", alert.period(), "the month of the notification (November 21, 2026)");
        assertEquals("FORECASTED", alert.facts().get("alertType"));
        assertEquals(Alert.Severity.WARNING, alert.severity(), "a forecast is a warning even over budget");
        Alert actual = recognised(parser.snsRecord(firstRecord("budgets/sns-actual.json")));
        assertFalse(alert.fingerprint().equals(actual.fingerprint()), "ACTUAL and FORECASTED notifications are separate alerts");
    }

    @Test
    void budgetForecastedMonthlyUsageKeepsItsUnit() {
        Alert alert = recognised(parser.snsRecord(firstRecord("budgets/sns-forecasted-usage-monthly.json")));
        assertEquals(2310.55, alert.amount());
        assertEquals(2000.00, alert.threshold());
        assertEquals("Usage", alert.facts().get("budgetType"));
        assertEquals("2,000.00 GB", alert.facts().get("budgetedAmount"));
        assertTrue(alert.title().contains("FORECASTED usage 2,310.55 GB > 2,000.00 GB"), alert.title());
        assertEquals("Amazon CloudFront", alert.service());
    }

    @Test
    void budgetActualDaily() {
        Alert alert = recognised(parser.snsRecord(firstRecord("budgets/sns-actual-daily.json")));
        assertEquals("2026-11-20", alert.period(), "sent November 21 about yesterday");
        assertEquals(6.42, alert.amount());
        assertEquals(5.00, alert.threshold());
        assertEquals(Alert.Severity.CRITICAL, alert.severity(), "actual spend $6.42 is over the $6.00 budget");
    }

    @Test
    void budgetWithAnUnreadableAmountKeepsTheRawLine() {
        String text = "AWS Budget Notification November 21, 2026\nAWS Account 123456789012\n\nBudget Name: site-monthly\nBudget Type: Cost\n"
                + "Budgeted Amount: $100.00\nAlert Type: ACTUAL\nAlert Threshold: > $80.00\nACTUAL Amount: about eighty-four dollars\n";
        Alert alert = recognised(parser.snsRecord(snsRecord(text, "AWS Budgets: site-monthly has exceeded your alert threshold")));
        assertNull(alert.amount());
        assertEquals("about eighty-four dollars", alert.facts().get("raw:actual amount"));
        assertEquals(80.00, alert.threshold());
        assertEquals("Amazon CloudFront", alert.service(), "BUDGET_SERVICES maps site-monthly");
        assertTrue(alert.title().contains("(amount unreadable)"), alert.title());
    }

    @Test
    void anomalyViaSnsAndViaEventBridgeIsOneAlert() {
        Alert viaSns = recognised(parser.snsRecord(firstRecord("cost-anomaly/sns-anomaly.json")));
        Alert duplicate = recognised(parser.snsRecord(firstRecord("cost-anomaly/sns-anomaly-duplicate.json")));
        Alert viaEventBridge = recognised(parser.eventBridge(Json.parseObject(RepoPaths.event("cost-anomaly/eventbridge-anomaly-detected.json"))));
        for (Alert alert : List.of(viaSns, duplicate, viaEventBridge)) {
            assertEquals(Alert.Source.ANOMALY, alert.source());
            assertEquals("anomaly:7c2f4e1a-93b5-4d8e-a6f0-1b2c3d4e5f60", alert.fingerprint());
            assertEquals("Amazon CloudFront", alert.service(), "dimensionalValue (SNS) and dimensionValue (EventBridge)");
            assertEquals("123456789012", alert.account());
            assertEquals(122.71, alert.amount());
            assertEquals(92.15, alert.threshold(), "the expected spend it exceeded");
            assertEquals("2026-11-19..2026-11-21", alert.period());
            assertEquals(Alert.Severity.CRITICAL, alert.severity(), "impact $122.71 >= $100");
            assertTrue(alert.link().endsWith("/anomalies/7c2f4e1a-93b5-4d8e-a6f0-1b2c3d4e5f60"));
            assertTrue(alert.rootCauses().get(0).startsWith("Amazon CloudFront / eu-west-1 / EU-DataTransfer-Out-Bytes"), alert.rootCauses().toString());
        }
        assertTrue(viaEventBridge.rootCauses().get(0).endsWith("($122.71)"), "EventBridge adds the contribution");
        assertEquals("133%", viaSns.facts().get("impactPercent"));
    }

    @Test
    void billingAlarmViaSnsFiresAndOkResolves() {
        Alert alarm = recognised(parser.snsRecord(firstRecord("billing-alarm/sns-alarm.json")));
        Alert ok = recognised(parser.snsRecord(firstRecord("billing-alarm/sns-ok.json")));
        assertEquals(Alert.Source.BILLING_ALARM, alarm.source());
        assertEquals("Amazon CloudFront", alarm.service(), "ServiceName=AmazonCloudFront");
        assertEquals(163.27, alarm.amount());
        assertEquals(150.0, alarm.threshold());
        assertTrue(alarm.firing());
        assertFalse(ok.firing());
        assertEquals(alarm.fingerprint(), ok.fingerprint(), "the OK resolves the same alert");
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-cloudfront-estimated-charges", alarm.fingerprint().substring("billing:".length()));
    }

    @Test
    void billingAlarmViaEventBridgeIsTheSameAlert() {
        Alert viaEventBridge = recognised(parser.eventBridge(Json.parseObject(RepoPaths.event("billing-alarm/eventbridge-alarm.json"))));
        Alert viaSns = recognised(parser.snsRecord(firstRecord("billing-alarm/sns-alarm.json")));
        assertEquals(viaSns.fingerprint(), viaEventBridge.fingerprint());
        assertEquals(163.27, viaEventBridge.amount());
        assertEquals(150.0, viaEventBridge.threshold());
        assertEquals("Amazon CloudFront", viaEventBridge.service());
        assertTrue(viaEventBridge.firing());
    }

    @Test
    void usageSignalsOfTheCoalescer() {
        Alert under = recognised(parser.snsRecord(firstRecord("invalidation-usage/sns-usage-threshold.json")));
        Alert over = recognised(parser.snsRecord(firstRecord("invalidation-usage/sns-usage-over-free-tier.json")));
        assertEquals(Alert.Source.INVALIDATION_USAGE, over.source());
        assertEquals(under.fingerprint(), over.fingerprint(), "one alert per month, updated as usage grows");
        assertEquals("1043", over.facts().get("pathsUsed"));
        assertEquals("43", over.facts().get("paidPaths"));
        assertEquals(0.215, over.amount(), 1e-9, "43 paid paths at $0.005");
        assertEquals(Alert.Severity.WARNING, over.severity());
        assertEquals(Alert.Severity.INFO, under.severity());
        assertEquals("Amazon CloudFront", over.service());
        assertEquals("123456789012", over.account(), "from the topic ARN");
    }

    @Test
    void unknownTextIsAnUnrecognisedAlertWithTheRawTextTruncated() {
        String text = "Your bill is ready. " + "x".repeat(5000);
        ParsedSignal parsed = parser.snsRecord(snsRecord(text, "Your AWS bill"));
        ParsedSignal.Unrecognised unrecognised = assertInstanceOf(ParsedSignal.Unrecognised.class, parsed);
        Alert alert = unrecognised.alert();
        assertEquals(Alert.Source.UNRECOGNISED, alert.source());
        assertEquals("Unrecognised cost signal: Your AWS bill", alert.title());
        assertTrue(alert.facts().get("raw").startsWith("Your bill is ready. xxx"));
        assertTrue(alert.facts().get("raw").length() < CostSignalParser.RAW_TEXT_LIMIT + 40, "truncated");
        assertTrue(alert.facts().get("raw").endsWith("(5020 characters)"));
        assertEquals("123456789012", alert.account());
        ParsedSignal again = parser.snsRecord(snsRecord(text, "Your AWS bill"));
        assertEquals(alert.fingerprint(), ((ParsedSignal.Unrecognised) again).alert().fingerprint(), "the same text is one alert");
    }

    @Test
    void unknownJsonAndNonBillingAlarmsAreUnrecognised() {
        assertInstanceOf(ParsedSignal.Unrecognised.class, parser.snsRecord(snsRecord("{\"hello\":1}", null)));
        ParsedSignal originAlarm = parser.snsRecord(firstRecord("cloudwatch-alarm/sns-alarm.json"));
        assertTrue(((ParsedSignal.Unrecognised) originAlarm).reason().contains("AWS/Route53"), originAlarm.toString());
        assertInstanceOf(ParsedSignal.Unrecognised.class, parser.eventBridge(Json.parseObject(RepoPaths.event("cloudwatch-alarm/eventbridge-alarm.json"))));
    }

    @Test
    void aMalformedRecordIsKeptAsUnrecognisedNotDropped() {
        ParsedSignal parsed = parser.snsRecord(Map.of("EventSource", "aws:sns", "Sns", Map.of("MessageId", "m-2")));
        ParsedSignal.Unrecognised unrecognised = assertInstanceOf(ParsedSignal.Unrecognised.class, parsed);
        assertTrue(unrecognised.reason().startsWith("malformed SNS record"));
        assertTrue(unrecognised.alert().facts().get("raw").contains("m-2"));
    }

    @Test
    void anAlarmInInsufficientDataIsIgnored() {
        String message = firstRecordMessage("billing-alarm/sns-alarm.json").replace("\"NewStateValue\":\"ALARM\"", "\"NewStateValue\":\"INSUFFICIENT_DATA\"");
        assertInstanceOf(ParsedSignal.Ignored.class, parser.snsRecord(snsRecord(message, "INSUFFICIENT_DATA")));
    }

    private static String firstRecordMessage(String sample) {
        return Json.string(firstRecord(sample), "Sns", "Message");
    }

    @Test
    void alertsSurviveTheStoreRoundTrip() {
        Alert alert = recognised(parser.eventBridge(Json.parseObject(RepoPaths.event("cost-anomaly/eventbridge-anomaly-detected.json"))));
        assertEquals(alert, Alert.fromMap(Json.parseObject(Json.write(alert.toMap()))));
    }
}
