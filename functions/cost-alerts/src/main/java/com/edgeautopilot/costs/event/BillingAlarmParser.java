package com.edgeautopilot.costs.event;

import com.edgeautopilot.common.Json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudWatch billing alarms ({@code AWS/Billing} {@code EstimatedCharges}, us-east-1, month to date, dimension
 * {@code Currency} and optionally {@code ServiceName}) as an SNS message (JSON: {@code AlarmArn}, {@code NewStateValue},
 * {@code Trigger{Namespace, MetricName, Dimensions[{name,value}], Threshold}}) or as an EventBridge
 * {@code CloudWatch Alarm State Change} ({@code detail.state.value}, {@code detail.configuration.metrics}). ALARM fires,
 * OK resolves; the fingerprint is the alarm's ARN, so both shapes of one alarm are one alert.
 */
final class BillingAlarmParser {

    private static final Pattern FIRST_DATAPOINT = Pattern.compile("\\[([0-9]+(?:\\.[0-9]+)?)");
    /** Billing metric {@code ServiceName} values to the service names Cost Explorer and anomalies use. */
    private static final Map<String, String> SERVICE_NAMES = Map.of(
            "AmazonCloudFront", Alert.CLOUDFRONT,
            "AmazonS3", "Amazon Simple Storage Service",
            "AWSLambda", "AWS Lambda",
            "AmazonDynamoDB", "Amazon DynamoDB",
            "AmazonSNS", "Amazon Simple Notification Service",
            "AmazonRoute53", "Amazon Route 53",
            "AWSDataTransfer", "AWS Data Transfer",
            "AmazonEC2", "Amazon Elastic Compute Cloud - Compute");

    static boolean looksLikeSnsAlarm(Map<String, Object> json) {
        return json.get("AlarmName") instanceof String && json.get("NewStateValue") instanceof String;
    }

    static boolean isBilling(String namespace) {
        return "AWS/Billing".equals(namespace);
    }

    static String namespaceOfSns(Map<String, Object> json) {
        return Json.string(json, "Trigger", "Namespace");
    }

    ParsedSignal parseSns(Map<String, Object> json) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        List<Object> list = Json.list(json, "Trigger", "Dimensions");
        if (list != null) {
            for (Object d : list) {
                if (d instanceof Map<?, ?> dim) {
                    dimensions.put(String.valueOf(dim.get("name")), String.valueOf(dim.get("value")));
                }
            }
        }
        String arn = Json.string(json, "AlarmArn");
        return alert(Json.string(json, "AlarmName"), arn, Json.string(json, "AWSAccountId"), Json.string(json, "NewStateValue"),
                AnomalyParser.number(Json.path(json, "Trigger", "Threshold")), datapoint(Json.string(json, "NewStateReason")),
                dimensions, Json.string(json, "StateChangeTime"));
    }

    @SuppressWarnings("unchecked")
    ParsedSignal parseEventBridge(Map<String, Object> event) {
        Map<String, Object> detail = Json.object(event, "detail");
        Map<String, String> dimensions = new LinkedHashMap<>();
        Double threshold = null;
        Double value = null;
        List<Object> metrics = Json.list(detail, "configuration", "metrics");
        if (metrics != null && !metrics.isEmpty() && metrics.get(0) instanceof Map<?, ?> first) {
            Map<String, Object> dims = Json.object((Map<String, Object>) first, "metricStat", "metric", "dimensions");
            if (dims != null) {
                dims.forEach((k, v) -> dimensions.put(k, String.valueOf(v)));
            }
        }
        String reasonData = Json.string(detail, "state", "reasonData");
        if (reasonData != null) {
            try {
                Map<String, Object> data = Json.parseObject(reasonData);
                threshold = data.get("threshold") instanceof Number n ? n.doubleValue() : null;
                List<Object> recent = Json.list(data, "recentDatapoints");
                value = recent != null && !recent.isEmpty() && recent.get(0) instanceof Number n ? n.doubleValue() : null;
            } catch (IllegalArgumentException notJson) {
                value = null;
            }
        }
        if (value == null) {
            value = datapoint(Json.string(detail, "state", "reason"));
        }
        List<Object> resources = Json.list(event, "resources");
        String arn = resources != null && !resources.isEmpty() ? String.valueOf(resources.get(0)) : null;
        return alert(Json.string(detail, "alarmName"), arn, Json.string(event, "account"), Json.string(detail, "state", "value"),
                threshold, value, dimensions, Json.string(detail, "state", "timestamp"));
    }

    private static ParsedSignal alert(String name, String arn, String account, String state, Double threshold, Double value,
                                      Map<String, String> dimensions, String changedAt) {
        if (!"ALARM".equals(state) && !"OK".equals(state)) {
            return new ParsedSignal.Ignored("billing alarm " + name + " entered " + state + ", which is neither a breach nor a resolution");
        }
        if (account == null && arn != null && arn.split(":").length > 4) {
            account = arn.split(":")[4];
        }
        String serviceName = dimensions.get("ServiceName");
        String service = serviceName == null ? Alert.ALL_SERVICES : SERVICE_NAMES.getOrDefault(serviceName, serviceName);
        boolean firing = "ALARM".equals(state);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("alarmName", name);
        facts.put("currency", dimensions.getOrDefault("Currency", "USD"));
        if (changedAt != null) {
            facts.put("stateChangedAt", changedAt);
        }
        String estimated = value == null ? "" : " " + AnomalyParser.money(value);
        String title = firing
                ? "Billing alarm " + name + ": estimated charges" + estimated + (threshold == null ? "" : " > " + AnomalyParser.money(threshold)) + " (month to date)"
                : "Billing alarm " + name + " back to OK" + estimated;
        String link = "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/" + name;
        return new ParsedSignal.Recognised(new Alert(Alert.Source.BILLING_ALARM, "billing:" + (arn == null ? name : arn), service, account,
                value, threshold, "month-to-date", Alert.Severity.WARNING, link, firing, title, List.of(), facts));
    }

    private static Double datapoint(String reason) {
        if (reason == null) {
            return null;
        }
        Matcher m = FIRST_DATAPOINT.matcher(reason);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }
}
