package com.edgeautopilot.failover.config;

import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The function's configuration, read once at init from the environment template.yaml sets; every error names the
 * setting (and, inside {@code PROTECTED_DISTRIBUTIONS}, the entry and field) that is wrong.
 *
 * @param distributions    the protected distributions
 * @param maxSwitches      flap limit: at most this many switches of one distribution ...
 * @param flapPeriod       ... within this period; the next one holds the distribution instead
 * @param dryRunDefault    when true, every switch only computes and publishes its diff
 * @param topicArn         notifications; null = no notifications (a no-op notifier)
 * @param lease            per-distribution lease, longer than the function timeout
 * @param auditRetention   audit items expire (DynamoDB TTL) after this long
 */
public record FailoverConfig(List<ProtectedDistribution> distributions, int maxSwitches, Duration flapPeriod, boolean dryRunDefault,
                             String tableName, String topicArn, Duration lease, Duration functionTimeout, Duration auditRetention) {

    public static final String PROTECTED_DISTRIBUTIONS = "PROTECTED_DISTRIBUTIONS";
    public static final String DISTRIBUTION_ARNS = "DISTRIBUTION_ARNS";
    public static final String ALARM_ARNS = "ALARM_ARNS";
    public static final String TABLE = "FAILOVER_TABLE";
    public static final String TOPIC = "NOTIFICATION_TOPIC_ARN";
    public static final String FLAP_MAX_SWITCHES = "FLAP_MAX_SWITCHES";
    public static final String FLAP_PERIOD_SECONDS = "FLAP_PERIOD_SECONDS";
    public static final String DRY_RUN = "DRY_RUN";
    public static final String LEASE_SECONDS = "LEASE_SECONDS";
    public static final String FUNCTION_TIMEOUT_SECONDS = "FUNCTION_TIMEOUT_SECONDS";
    public static final String AUDIT_RETENTION_DAYS = "AUDIT_RETENTION_DAYS";

    public static FailoverConfig from(Settings settings) {
        List<ProtectedDistribution> distributions = distributions(settings.required(PROTECTED_DISTRIBUTIONS));
        checkCovered(distributions.stream().map(ProtectedDistribution::distributionId).toList(), settings.optional(DISTRIBUTION_ARNS, null),
                DISTRIBUTION_ARNS, "distribution/");
        checkCovered(distributions.stream().flatMap(d -> java.util.stream.Stream.concat(d.primaryAlarms().stream(), d.standbyAlarms().stream())).toList(),
                settings.optional(ALARM_ARNS, null), ALARM_ARNS, "");
        checkOneAccount(distributions, settings.optional(DISTRIBUTION_ARNS, null));
        Duration timeout = settings.seconds(FUNCTION_TIMEOUT_SECONDS, 120, 1, 900);
        Duration lease = settings.seconds(LEASE_SECONDS, timeout.toSeconds() + 60, 1, 3600);
        if (lease.compareTo(timeout) <= 0) {
            throw new ConfigException(LEASE_SECONDS, "must exceed " + FUNCTION_TIMEOUT_SECONDS + " (" + timeout.toSeconds()
                    + "s): a lease that ends before the invocation could let two invocations switch one distribution at once");
        }
        String topic = settings.optional(TOPIC, null);
        if (topic != null && !topic.startsWith("arn:")) {
            throw new ConfigException(TOPIC, "must be an SNS topic ARN, got '" + topic + "'");
        }
        return new FailoverConfig(distributions, settings.intValue(FLAP_MAX_SWITCHES, 4, 1, 100),
                settings.seconds(FLAP_PERIOD_SECONDS, 3600, 60, 7 * 86400), settings.booleanValue(DRY_RUN, false),
                settings.required(TABLE), topic, lease, timeout, Duration.ofDays(settings.intValue(AUDIT_RETENTION_DAYS, 90, 1, 3650)));
    }

    /** Every alarm ARN any distribution watches. */
    public Set<String> alarmArns() {
        Set<String> arns = new LinkedHashSet<>();
        distributions.forEach(d -> {
            arns.addAll(d.primaryAlarms());
            arns.addAll(d.standbyAlarms());
        });
        return arns;
    }

    public ProtectedDistribution distribution(String distributionId) {
        return distributions.stream().filter(d -> d.distributionId().equals(distributionId)).findFirst().orElse(null);
    }

    private static List<ProtectedDistribution> distributions(String json) {
        Object parsed;
        try {
            parsed = Json.parseObject("{\"d\":" + json + "}").get("d");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(PROTECTED_DISTRIBUTIONS, "is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(PROTECTED_DISTRIBUTIONS, "must be a non-empty JSON array of distributions");
        }
        List<ProtectedDistribution> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String setting = PROTECTED_DISTRIBUTIONS + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                throw new ConfigException(setting, "must be a JSON object");
            }
            @SuppressWarnings("unchecked")
            ProtectedDistribution d = distribution(setting, (Map<String, Object>) raw);
            if (!ids.add(d.distributionId())) {
                throw new ConfigException(setting + ".distributionId", "repeats " + d.distributionId());
            }
            out.add(d);
        }
        return List.copyOf(out);
    }

    private static ProtectedDistribution distribution(String setting, Map<String, Object> d) {
        String id = text(d, setting, "distributionId");
        List<String> primary = alarms(d, setting, "primaryAlarms", true);
        List<String> standby = alarms(d, setting, "standbyAlarms", false);
        String primaryOrigin = text(d, setting, "primaryOriginId");
        String standbyOrigin = text(d, setting, "standbyOriginId");
        if (primaryOrigin.equals(standbyOrigin)) {
            throw new ConfigException(setting + ".standbyOriginId", "must differ from primaryOriginId");
        }
        Scope scope;
        if (d.get("originGroupId") != null) {
            if (d.get("behaviours") != null) {
                throw new ConfigException(setting + ".behaviours", "cannot be combined with originGroupId (a group is reordered, behaviours keep targeting it)");
            }
            scope = new Scope.OriginGroup(text(d, setting, "originGroupId"));
        } else {
            Object behaviours = d.getOrDefault("behaviours", "all");
            if ("all".equals(behaviours)) {
                scope = new Scope.AllBehaviours();
            } else if (behaviours instanceof List<?> patterns && !patterns.isEmpty() && patterns.stream().allMatch(p -> p instanceof String s && !s.isBlank())) {
                scope = new Scope.PathPatterns(patterns.stream().map(String::valueOf).toList());
            } else {
                throw new ConfigException(setting + ".behaviours", "must be \"all\" or a non-empty list of path patterns (\"default\" for the default behaviour)");
            }
        }
        Object failback = d.getOrDefault("failback", "auto");
        Duration dwell;
        if ("manual".equals(failback)) {
            dwell = null;
        } else if ("auto".equals(failback)) {
            dwell = Duration.ofSeconds(number(d, setting, "failbackDwellSeconds", 300, 0, 86400));
        } else {
            throw new ConfigException(setting + ".failback", "must be \"auto\" or \"manual\", got '" + failback + "'");
        }
        return new ProtectedDistribution(setting, id, primary, standby, primaryOrigin, standbyOrigin, scope, dwell);
    }

    private static String text(Map<String, Object> d, String setting, String field) {
        Object value = d.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ConfigException(setting + "." + field, "is required (a non-empty string)");
        }
        return s.trim();
    }

    private static long number(Map<String, Object> d, String setting, String field, long defaultValue, long min, long max) {
        Object value = d.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Number n) || n.longValue() < min || n.longValue() > max) {
            throw new ConfigException(setting + "." + field, "must be a number between " + min + " and " + max + ", got " + value);
        }
        return n.longValue();
    }

    private static List<String> alarms(Map<String, Object> d, String setting, String field, boolean required) {
        Object value = d.get(field);
        if (value == null && !required) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || (required && list.isEmpty())) {
            throw new ConfigException(setting + "." + field, "must be a " + (required ? "non-empty " : "") + "list of CloudWatch alarm ARNs");
        }
        List<String> arns = new ArrayList<>();
        for (Object arn : list) {
            if (!(arn instanceof String s) || !s.matches("arn:[a-z-]+:cloudwatch:[a-z0-9-]+:\\d{12}:alarm:.+")) {
                throw new ConfigException(setting + "." + field, "must hold alarm ARNs (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME), got '" + arn + "'");
            }
            arns.add(s);
        }
        return List.copyOf(arns);
    }

    /**
     * Every alarm must be of the account the distributions are (the function's, named by {@code DISTRIBUTION_ARNS}):
     * DescribeAlarms answers for the caller's account only, so an alarm ARN of another account would be answered by a
     * same-named alarm of this one, or not at all.
     */
    private static void checkOneAccount(List<ProtectedDistribution> distributions, String distributionArns) {
        if (distributionArns == null) {
            return;
        }
        String account = Arrays.stream(distributionArns.split(",")).map(String::trim).filter(a -> a.startsWith("arn:"))
                .map(a -> a.split(":", 6)).filter(p -> p.length == 6 && !p[4].isEmpty()).map(p -> p[4]).findFirst().orElse(null);
        if (account == null) {
            return;
        }
        for (ProtectedDistribution d : distributions) {
            for (String field : List.of("primaryAlarms", "standbyAlarms")) {
                for (String arn : field.equals("primaryAlarms") ? d.primaryAlarms() : d.standbyAlarms()) {
                    String alarmAccount = arn.split(":", 7)[4];
                    if (!alarmAccount.equals(account)) {
                        throw new ConfigException(d.setting() + "." + field, "names alarm " + arn + " of account " + alarmAccount
                                + ", but the distributions (and this function) are in account " + account
                                + ": DescribeAlarms reads this account's alarms only");
                    }
                }
            }
        }
    }

    /** When the template's list (which IAM and the alarm rule are built from) is set, every configured item must be in it. */
    private static void checkCovered(List<String> configured, String list, String setting, String arnMarker) {
        if (list == null) {
            return;
        }
        List<String> allowed = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String item : configured) {
            boolean covered = allowed.stream().anyMatch(a -> arnMarker.isEmpty() ? a.equals(item) : a.endsWith(":" + arnMarker + item) || a.equals(item));
            if (!covered) {
                throw new ConfigException(setting, "does not list " + item + " (named in " + PROTECTED_DISTRIBUTIONS
                        + "): the function's IAM permissions and alarm subscriptions are built from " + setting);
            }
        }
    }
}
