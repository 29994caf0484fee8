package com.edgeautopilot.costs.event;

import com.edgeautopilot.common.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cost Anomaly Detection alerts. Over SNS the message is JSON with {@code dimensionalValue}; over EventBridge
 * ({@code source: aws.ce}, {@code detail-type: Anomaly Detected}) the {@code detail} has the same fields but names it
 * {@code dimensionValue}. The fingerprint is the {@code anomalyId}: every delivery of one anomaly is one alert.
 */
final class AnomalyParser {

    private final double criticalImpactUsd;

    AnomalyParser(double criticalImpactUsd) {
        this.criticalImpactUsd = criticalImpactUsd;
    }

    static boolean looksLikeAnomaly(Map<String, Object> json) {
        return json.get("anomalyId") instanceof String && json.get("impact") instanceof Map<?, ?>;
    }

    Alert parse(Map<String, Object> anomaly) {
        String id = Json.string(anomaly, "anomalyId");
        String dimension = Json.string(anomaly, "dimensionalValue");
        if (dimension == null) {
            dimension = Json.string(anomaly, "dimensionValue");
        }
        double impact = number(Json.path(anomaly, "impact", "totalImpact"));
        double expected = number(Json.path(anomaly, "impact", "totalExpectedSpend"));
        double actual = number(Json.path(anomaly, "impact", "totalActualSpend"));
        double percent = number(Json.path(anomaly, "impact", "totalImpactPercentage"));
        List<String> causes = new ArrayList<>();
        java.util.Set<String> causeServices = new java.util.TreeSet<>();
        List<Object> rootCauses = Json.list(anomaly, "rootCauses");
        if (rootCauses != null) {
            for (Object cause : rootCauses) {
                if (cause instanceof Map<?, ?> raw) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> c = (Map<String, Object>) raw;
                    if (Json.string(c, "service") != null) {
                        causeServices.add(Json.string(c, "service"));
                    }
                    causes.add(describeCause(c));
                }
            }
        }
        String service = serviceOf(Json.string(anomaly, "monitorType"), dimension, causeServices);
        String account = Json.string(anomaly, "accountId");
        String period = day(Json.string(anomaly, "anomalyStartDate")) + ".." + day(Json.string(anomaly, "anomalyEndDate"));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("anomalyId", id);
        facts.put("expectedSpend", money(expected));
        facts.put("actualSpend", money(actual));
        facts.put("impactPercent", String.format(Locale.ROOT, "%.0f%%", percent));
        if (Json.string(anomaly, "monitorName") != null) {
            facts.put("monitor", Json.string(anomaly, "monitorName"));
        }
        String title = "Cost anomaly in " + (dimension == null ? service : dimension) + ": +" + money(impact) + " ("
                + String.format(Locale.ROOT, "%.0f%%", percent) + " over expected " + money(expected) + ", " + period + ")";
        Alert.Severity severity = impact >= criticalImpactUsd ? Alert.Severity.CRITICAL : Alert.Severity.WARNING;
        return new Alert(Alert.Source.ANOMALY, "anomaly:" + id, service, account, impact, expected, period, severity,
                Json.string(anomaly, "anomalyDetailsLink"), true, title, causes, facts);
    }

    /**
     * The service an anomaly is grouped under, from what does not change between deliveries of one anomaly (AWS may
     * re-rank its root causes): a DIMENSIONAL (per-service) monitor's dimension is the service; for other monitors
     * (linked account, cost category, tag) the one service all its root causes name, else all services.
     */
    static String serviceOf(String monitorType, String dimension, java.util.Set<String> causeServices) {
        if ("DIMENSIONAL".equals(monitorType) && dimension != null) {
            return dimension;
        }
        if (causeServices.size() == 1) {
            return causeServices.iterator().next();
        }
        return monitorType == null && dimension != null ? dimension : Alert.ALL_SERVICES;
    }

    private static String describeCause(Map<String, Object> cause) {
        StringBuilder text = new StringBuilder();
        for (String key : List.of("service", "region", "usageType", "linkedAccount")) {
            String value = Json.string(cause, key);
            if (value != null) {
                text.append(text.isEmpty() ? "" : " / ").append(value);
            }
        }
        Object contribution = Json.path(cause, "impact", "contribution");
        if (contribution instanceof Number n) {
            text.append(" (").append(money(n.doubleValue())).append(")");
        }
        return text.toString();
    }

    private static String day(String timestamp) {
        return timestamp == null ? "?" : timestamp.length() >= 10 ? timestamp.substring(0, 10) : timestamp;
    }

    static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return value == null ? 0 : Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String money(double usd) {
        return String.format(Locale.ROOT, "$%,.2f", usd);
    }
}
