package com.edgeautopilot.costs.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One cost signal, whatever shape it arrived in: a Budgets notification, a Cost Anomaly Detection alert, a billing
 * alarm transition, the coalescer's invalidation-usage signal, or something unrecognised kept with its raw text.
 *
 * @param source      where it came from
 * @param fingerprint identity across deliveries: a repeated delivery (or a grown anomaly) updates the same alert
 * @param service     the AWS service it concerns ("Amazon CloudFront"), or {@link #ALL_SERVICES}
 * @param account     the AWS account id (or "unknown")
 * @param amount      the amount that crossed (USD, or the usage budget's unit), null when unknown
 * @param threshold   what it crossed, null when unknown
 * @param period      the period it is about ("2026-11", "2026-11-19..2026-11-21", "daily")
 * @param severity    how urgent
 * @param link        where to look (console), may be null
 * @param firing      false for a resolution (a billing alarm back to OK)
 * @param title       one line: what crossed which threshold
 * @param rootCauses  top root causes (anomalies), most important first
 * @param facts       extra figures for the digest (paths used, free paths, budgeted amount, raw text...)
 */
public record Alert(Source source, String fingerprint, String service, String account, Double amount, Double threshold,
                    String period, Severity severity, String link, boolean firing, String title, List<String> rootCauses,
                    Map<String, String> facts) {

    public static final String ALL_SERVICES = "All services";
    public static final String CLOUDFRONT = "Amazon CloudFront";

    public enum Source { BUDGET, ANOMALY, BILLING_ALARM, INVALIDATION_USAGE, UNRECOGNISED }

    public enum Severity { INFO, WARNING, CRITICAL }

    public Alert {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fingerprint, "fingerprint");
        service = service == null || service.isBlank() ? ALL_SERVICES : service;
        account = account == null || account.isBlank() ? "unknown" : account;
        severity = severity == null ? Severity.WARNING : severity;
        rootCauses = rootCauses == null ? List.of() : List.copyOf(rootCauses);
        facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    public Alert resolvedCopy() {
        return new Alert(source, fingerprint, service, account, amount, threshold, period, severity, link, false, title, rootCauses, facts);
    }

    /** A plain map (for the store and the digest JSON). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("source", source.name());
        map.put("fingerprint", fingerprint);
        map.put("service", service);
        map.put("account", account);
        if (amount != null) {
            map.put("amount", amount);
        }
        if (threshold != null) {
            map.put("threshold", threshold);
        }
        if (period != null) {
            map.put("period", period);
        }
        map.put("severity", severity.name());
        if (link != null) {
            map.put("link", link);
        }
        map.put("firing", firing);
        map.put("title", title);
        map.put("rootCauses", rootCauses);
        map.put("facts", facts);
        return map;
    }

    @SuppressWarnings("unchecked")
    public static Alert fromMap(Map<String, Object> map) {
        List<String> causes = new ArrayList<>();
        if (map.get("rootCauses") instanceof List<?> list) {
            list.forEach(c -> causes.add(String.valueOf(c)));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        if (map.get("facts") instanceof Map<?, ?> f) {
            ((Map<String, Object>) f).forEach((k, v) -> facts.put(k, String.valueOf(v)));
        }
        return new Alert(Source.valueOf((String) map.get("source")), (String) map.get("fingerprint"), (String) map.get("service"),
                (String) map.get("account"), number(map.get("amount")), number(map.get("threshold")), (String) map.get("period"),
                Severity.valueOf((String) map.get("severity")), (String) map.get("link"), Boolean.TRUE.equals(map.get("firing")),
                (String) map.get("title"), causes, facts);
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }
}
