package com.edgeautopilot.costs.event;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.dynamo.DynamoItems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one parser of the cost-alerts function: every SNS record and EventBridge event it receives becomes a
 * {@link ParsedSignal}, normalised to one {@link Alert} model. Nothing is dropped: a message of no known format, or a
 * record too broken to read, becomes an "unrecognised cost signal" alert with its raw text (truncated to
 * {@link #RAW_TEXT_LIMIT} characters).
 */
public final class CostSignalParser {

    public static final int RAW_TEXT_LIMIT = 1500;
    /** CloudFront's price per invalidation path beyond the free ones (USD). */
    static final double PRICE_PER_PATH_USD = 0.005;

    private final BudgetNotificationParser budgets;
    private final AnomalyParser anomalies;
    private final BillingAlarmParser alarms = new BillingAlarmParser();

    /**
     * @param budgetServices    budget name to the service it covers (so a CloudFront budget groups with CloudFront anomalies)
     * @param criticalImpactUsd an anomaly with at least this total impact is CRITICAL
     */
    public CostSignalParser(Map<String, String> budgetServices, double criticalImpactUsd) {
        this.budgets = new BudgetNotificationParser(budgetServices);
        this.anomalies = new AnomalyParser(criticalImpactUsd);
    }

    /** One {@code Records[]} entry of an SNS delivery to Lambda. */
    public ParsedSignal snsRecord(Map<String, Object> record) {
        Map<String, Object> sns = Json.object(record, "Sns");
        String message = sns == null ? null : Json.string(sns, "Message");
        if (message == null) {
            return unrecognised("malformed SNS record: no Sns.Message", null, Json.write(record), null);
        }
        String topic = Json.string(sns, "TopicArn");
        String subject = Json.string(sns, "Subject");
        try {
            return snsMessage(subject, message, topic);
        } catch (RuntimeException unreadable) {
            return unrecognised("unreadable " + kindOf(message) + ": " + unreadable.getMessage(), subject, message, accountOf(topic));
        }
    }

    private ParsedSignal snsMessage(String subject, String message, String topic) {
        if (BudgetNotificationParser.looksLikeBudget(message)) {
            return new ParsedSignal.Recognised(budgets.parse(message));
        }
        Map<String, Object> json;
        try {
            json = Json.parseObject(message);
        } catch (IllegalArgumentException notJson) {
            return unrecognised("plain text of no known format", subject, message, accountOf(topic));
        }
        if (AnomalyParser.looksLikeAnomaly(json)) {
            return new ParsedSignal.Recognised(anomalies.parse(json));
        }
        if (BillingAlarmParser.looksLikeSnsAlarm(json)) {
            String namespace = BillingAlarmParser.namespaceOfSns(json);
            return BillingAlarmParser.isBilling(namespace) ? alarms.parseSns(json)
                    : unrecognised("an alarm on " + namespace + ", not a billing alarm", subject, message, accountOf(topic));
        }
        if ("invalidation-usage".equals(json.get("kind"))) {
            return new ParsedSignal.Recognised(usage(json, topic));
        }
        return unrecognised("JSON of no known format (keys " + json.keySet() + ")", subject, message, accountOf(topic));
    }

    /** An EventBridge event: {@code aws.ce} {@code Anomaly Detected}, or a billing alarm's {@code CloudWatch Alarm State Change}. */
    public ParsedSignal eventBridge(Map<String, Object> event) {
        String source = Json.string(event, "source");
        String detailType = Json.string(event, "detail-type");
        Map<String, Object> detail = Json.object(event, "detail");
        String account = Json.string(event, "account");
        if ("aws.ce".equals(source) && "Anomaly Detected".equals(detailType) && detail != null && AnomalyParser.looksLikeAnomaly(detail)) {
            return new ParsedSignal.Recognised(anomalies.parse(detail));
        }
        if ("aws.cloudwatch".equals(source) && "CloudWatch Alarm State Change".equals(detailType) && detail != null) {
            List<Object> metrics = Json.list(detail, "configuration", "metrics");
            Object first = metrics == null || metrics.isEmpty() ? null : metrics.get(0);
            @SuppressWarnings("unchecked")
            String namespace = first instanceof Map<?, ?> m ? Json.string((Map<String, Object>) m, "metricStat", "metric", "namespace") : null;
            if (BillingAlarmParser.isBilling(namespace)) {
                return alarms.parseEventBridge(event);
            }
        }
        return unrecognised("EventBridge " + source + " / " + detailType + " is not a cost signal", detailType, Json.write(event), account);
    }

    private static Alert usage(Map<String, Object> json, String topic) {
        String month = Json.string(json, "month");
        long used = (long) AnomalyParser.number(json.get("pathsUsed"));
        long free = (long) AnomalyParser.number(json.get("freePaths"));
        double fraction = AnomalyParser.number(json.get("threshold"));
        long paid = Math.max(0, used - free);
        double cost = paid * PRICE_PER_PATH_USD;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("month", month);
        facts.put("pathsUsed", Long.toString(used));
        facts.put("freePaths", Long.toString(free));
        facts.put("paidPaths", Long.toString(paid));
        facts.put("scope", String.valueOf(json.getOrDefault("accountScope", "stack")));
        String title = String.format(Locale.ROOT, "CloudFront invalidation paths %s: %,d used of %,d free (%,d paid, %s)",
                month, used, free, paid, AnomalyParser.money(cost));
        Alert.Severity severity = used >= free ? Alert.Severity.WARNING : Alert.Severity.INFO;
        return new Alert(Alert.Source.INVALIDATION_USAGE, "invalidation-usage:" + topic + ":" + month, Alert.CLOUDFRONT, accountOf(topic),
                cost, fraction * free, month, severity, "https://console.aws.amazon.com/cloudfront/v4/home#/distributions", true,
                title, List.of(), facts);
    }

    private static ParsedSignal unrecognised(String reason, String subject, String raw, String account) {
        String text = raw == null ? "" : raw;
        String truncated = text.length() > RAW_TEXT_LIMIT ? text.substring(0, RAW_TEXT_LIMIT) + "… (" + text.length() + " characters)" : text;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("reason", reason);
        facts.put("raw", truncated);
        String title = "Unrecognised cost signal" + (subject == null || subject.isBlank() ? "" : ": " + clip(subject, 120));
        Alert alert = new Alert(Alert.Source.UNRECOGNISED, "unrecognised:" + DynamoItems.sha256(text), "unknown", account, null, null, null,
                Alert.Severity.WARNING, null, true, title, List.of(), facts);
        return new ParsedSignal.Unrecognised(alert, reason);
    }

    private static String kindOf(String message) {
        return message.trim().startsWith("{") ? "JSON message" : "text message";
    }

    /** The account from an ARN ({@code arn:aws:sns:REGION:ACCOUNT:NAME}). */
    static String accountOf(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":");
        return parts.length > 4 ? parts[4] : null;
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
