package com.edgeautopilot.coalescer.config;

import com.edgeautopilot.coalescer.event.S3EventParser;
import com.edgeautopilot.coalescer.plan.CostModel;
import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The coalescer's configuration, read once at init from the environment template.yaml sets.
 * Every problem fails init with a {@link ConfigException} naming the setting.
 *
 * @param tableName          COALESCER_TABLE
 * @param routes             SITE_ROUTES (JSON), checked against DISTRIBUTION_IDS
 * @param quietPeriod        QUIET_PERIOD_SECONDS: flush once no change arrived for this long
 * @param maxDelay           MAX_DELAY_SECONDS: flush when the oldest pending change is this old
 * @param maxPendingChanges  MAX_PENDING_CHANGES: flush as soon as this many keys are pending
 * @param freePathsPerMonth  FREE_PATHS_PER_MONTH: the account's free invalidation paths per month
 * @param costModel          COLLATERAL_COST_USD_PER_OBJECT, ASSUMED_OBJECTS_PER_WILDCARD
 * @param usageTopicArn      USAGE_TOPIC_ARN: where usage signals go (null: none published)
 * @param usageThresholds    USAGE_ALERT_THRESHOLDS: fractions of the free paths that trigger a signal
 * @param shards             PENDING_SHARDS: partitions the pending keys of one distribution are spread over
 * @param lease              FLUSH_LEASE_SECONDS: how long a flusher owns a distribution; longer than
 *                           FUNCTION_TIMEOUT_SECONDS (the function's Timeout, set by the template) when that is given
 * @param dedupeWindow       DEDUPE_WINDOW_SECONDS: how long a flushed key remembers its sequencer (late duplicates are free)
 * @param eventBridgeKeys    EVENTBRIDGE_KEY_ENCODING: raw, form or both (see {@link S3EventParser})
 * @param inventoryMaxObjects INVENTORY_MAX_OBJECTS: list the bucket (under the route's origin path) at flush time to count
 *                           what a wildcard would evict, when it holds at most this many objects; 0 turns listing off
 */
public record CoalescerConfig(
        String tableName,
        RouteTable routes,
        Duration quietPeriod,
        Duration maxDelay,
        int maxPendingChanges,
        long freePathsPerMonth,
        CostModel costModel,
        String usageTopicArn,
        List<Double> usageThresholds,
        int shards,
        Duration lease,
        Duration dedupeWindow,
        S3EventParser.EventBridgeKeys eventBridgeKeys,
        int inventoryMaxObjects) {

    public static CoalescerConfig from(Settings settings) {
        String table = settings.required("COALESCER_TABLE");
        Set<String> distributionIds = new LinkedHashSet<>();
        for (String id : settings.required("DISTRIBUTION_IDS").split(",")) {
            if (!id.isBlank()) {
                distributionIds.add(id.trim());
            }
        }
        RouteTable routes = RouteTable.parse("SITE_ROUTES", settings.required("SITE_ROUTES"), distributionIds);
        CostModel defaults = CostModel.defaults();
        CostModel cost = new CostModel(
                defaults.pricePerPathUsd(),
                settings.doubleValue("COLLATERAL_COST_USD_PER_OBJECT", defaults.collateralCostUsdPerObject(), 0, 1),
                settings.longValue("ASSUMED_OBJECTS_PER_WILDCARD", defaults.assumedObjectsPerUnknownWildcard(), 0, 1_000_000_000L),
                defaults.maxPathsPerRequest());
        Duration quiet = settings.seconds("QUIET_PERIOD_SECONDS", 60, 0, 3600);
        Duration maxDelay = settings.seconds("MAX_DELAY_SECONDS", 300, 0, 86_400);
        if (maxDelay.compareTo(quiet) < 0) {
            throw new ConfigException("MAX_DELAY_SECONDS", "(" + maxDelay.toSeconds() + ") must not be shorter than QUIET_PERIOD_SECONDS (" + quiet.toSeconds() + ")");
        }
        Duration lease = settings.seconds("FLUSH_LEASE_SECONDS", 180, 10, 3600);
        String timeout = settings.optional("FUNCTION_TIMEOUT_SECONDS", null);
        if (timeout != null) {
            long timeoutSeconds = settings.longValue("FUNCTION_TIMEOUT_SECONDS", 0, 1, 900);
            if (lease.toSeconds() <= timeoutSeconds) {
                throw new ConfigException("FLUSH_LEASE_SECONDS", "(" + lease.toSeconds() + ") must be longer than the function timeout "
                        + "FUNCTION_TIMEOUT_SECONDS (" + timeoutSeconds + "): a flush still running when its lease expires "
                        + "races the next flusher");
            }
        }
        return new CoalescerConfig(
                table,
                routes,
                quiet,
                maxDelay,
                settings.intValue("MAX_PENDING_CHANGES", 2000, 1, 1_000_000),
                settings.longValue("FREE_PATHS_PER_MONTH", 1000, 0, 1_000_000_000L),
                cost,
                settings.optional("USAGE_TOPIC_ARN", null),
                thresholds(settings.optional("USAGE_ALERT_THRESHOLDS", "0.8,1.0")),
                settings.intValue("PENDING_SHARDS", 8, 1, 256),
                lease,
                settings.seconds("DEDUPE_WINDOW_SECONDS", 86_400, 0, 30L * 86_400),
                eventBridgeKeys(settings.optional("EVENTBRIDGE_KEY_ENCODING", "both")),
                settings.intValue("INVENTORY_MAX_OBJECTS", 100_000, 0, 10_000_000));
    }

    private static S3EventParser.EventBridgeKeys eventBridgeKeys(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "raw" -> S3EventParser.EventBridgeKeys.RAW;
            case "form" -> S3EventParser.EventBridgeKeys.FORM_ENCODED;
            case "both" -> S3EventParser.EventBridgeKeys.BOTH;
            default -> throw new ConfigException("EVENTBRIDGE_KEY_ENCODING", "must be raw, form or both, got '" + value + "'");
        };
    }

    private static List<Double> thresholds(String value) {
        List<Double> result = new ArrayList<>();
        for (String part : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            double fraction;
            try {
                fraction = Double.parseDouble(part);
            } catch (NumberFormatException e) {
                throw new ConfigException("USAGE_ALERT_THRESHOLDS", "must be comma-separated fractions like 0.8,1.0, got '" + value + "'");
            }
            if (!(fraction > 0 && fraction <= 10)) {
                throw new ConfigException("USAGE_ALERT_THRESHOLDS", "values must be in (0, 10], got " + part);
            }
            result.add(fraction);
        }
        result.sort(Double::compare);
        return List.copyOf(result);
    }
}
