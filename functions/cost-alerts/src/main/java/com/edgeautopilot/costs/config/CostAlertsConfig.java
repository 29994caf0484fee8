package com.edgeautopilot.costs.config;

import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.costs.advisor.PriceTable;
import com.edgeautopilot.costs.grouping.Grouping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cost-alerts function's configuration, read once at init from the environment template.yaml sets. Every problem
 * fails init with a {@link ConfigException} naming the setting.
 *
 * @param tableName           COST_ALERTS_TABLE
 * @param digestTopicArn      DIGEST_TOPIC_ARN: where digests and price-class reports go
 * @param grouping            GROUP_BY: labels among account, service, source, severity (default account,service)
 * @param groupWait           GROUP_WAIT_SECONDS (300)
 * @param groupInterval       GROUP_INTERVAL_SECONDS (1800)
 * @param repeatInterval      REPEAT_INTERVAL_SECONDS (86400), not shorter than GROUP_INTERVAL_SECONDS
 * @param alertOpenFor        ALERT_OPEN_HOURS (72): a firing alert without a resolution that nothing refreshes closes quietly after this
 * @param retention           ALERT_RETENTION_DAYS (35): TTL of every item after its last write; longer than ALERT_OPEN_HOURS and
 *                            REPEAT_INTERVAL_SECONDS, so an open alert and a repeating group are written again before they expire
 * @param criticalImpactUsd   ANOMALY_CRITICAL_IMPACT_USD (100)
 * @param budgetServices      BUDGET_SERVICES: JSON {"budget name": "service"}; names containing "cloudfront" need no entry
 * @param digestClaimInProgress DIGEST_LEASE_SECONDS (300): how long a digest claimed by a run that died keeps the next runs from
 *                            sending it; longer than FUNCTION_TIMEOUT_SECONDS
 * @param distributionIds     DISTRIBUTION_IDS: distributions whose price class the advisor reads (may be empty)
 * @param prices              PRICE_TABLE: JSON overrides of the advisor's per-region prices
 * @param coalescerTable      COALESCER_TABLE: where the daily reconciliation writes account-wide paths (null: nowhere)
 */
public record CostAlertsConfig(String tableName, String digestTopicArn, Grouping grouping, Duration groupWait, Duration groupInterval,
                               Duration repeatInterval, Duration alertOpenFor, Duration retention, double criticalImpactUsd,
                               Map<String, String> budgetServices, Duration digestClaimInProgress, List<String> distributionIds, PriceTable prices,
                               String coalescerTable) {

    public static CostAlertsConfig from(Settings settings) {
        Duration groupInterval = settings.seconds("GROUP_INTERVAL_SECONDS", 1800, 1, 7 * 86_400);
        Duration repeat = settings.seconds("REPEAT_INTERVAL_SECONDS", 86_400, 1, 30 * 86_400);
        if (repeat.compareTo(groupInterval) < 0) {
            throw new ConfigException("REPEAT_INTERVAL_SECONDS", "(" + repeat.toSeconds() + ") must not be shorter than GROUP_INTERVAL_SECONDS ("
                    + groupInterval.toSeconds() + ")");
        }
        Duration lease = settings.seconds("DIGEST_LEASE_SECONDS", 300, 10, 3600);
        long timeout = settings.longValue("FUNCTION_TIMEOUT_SECONDS", 120, 1, 900);
        if (lease.toSeconds() <= timeout) {
            throw new ConfigException("DIGEST_LEASE_SECONDS", "(" + lease.toSeconds() + ") must exceed FUNCTION_TIMEOUT_SECONDS (" + timeout
                    + "): a digest run must end before its unfinished claim expires");
        }
        Duration openFor = Duration.ofHours(settings.longValue("ALERT_OPEN_HOURS", 72, 1, 24 * 62));
        Duration retention = Duration.ofDays(settings.longValue("ALERT_RETENTION_DAYS", 35, 1, 400));
        if (retention.compareTo(openFor) <= 0) {
            throw new ConfigException("ALERT_RETENTION_DAYS", "(" + retention.toDays() + " days) must be longer than ALERT_OPEN_HOURS ("
                    + openFor.toHours() + " h): an open alert must not expire before it closes");
        }
        if (retention.compareTo(repeat) <= 0) {
            throw new ConfigException("ALERT_RETENTION_DAYS", "(" + retention.toDays() + " days) must be longer than REPEAT_INTERVAL_SECONDS ("
                    + repeat.toSeconds() + "): a group still firing is written at each repeat, before it expires");
        }
        return new CostAlertsConfig(
                settings.required("COST_ALERTS_TABLE"),
                settings.required("DIGEST_TOPIC_ARN"),
                Grouping.parse("GROUP_BY", settings.optional("GROUP_BY", "account,service")),
                settings.seconds("GROUP_WAIT_SECONDS", 300, 0, 86_400),
                groupInterval,
                repeat,
                openFor,
                retention,
                settings.doubleValue("ANOMALY_CRITICAL_IMPACT_USD", 100, 0, 1e9),
                budgetServices(settings.optional("BUDGET_SERVICES", "{}")),
                lease,
                ids(settings.optional("DISTRIBUTION_IDS", "")),
                PriceTable.withOverrides("PRICE_TABLE", settings.optional("PRICE_TABLE", null)),
                settings.optional("COALESCER_TABLE", null));
    }

    private static Map<String, String> budgetServices(String json) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            Json.parseObject(json).forEach((name, service) -> map.put(name, String.valueOf(service)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("BUDGET_SERVICES", "must be a JSON object of budget names to services: " + e.getMessage());
        }
        return map;
    }

    private static List<String> ids(String csv) {
        List<String> ids = new ArrayList<>();
        for (String id : csv.split(",")) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        return ids;
    }
}
