package com.edgeautopilot.failover.health;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.cloudwatch.CloudWatchClients;
import com.edgeautopilot.failover.policy.AlarmHealth;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link AlarmHealthCheck} over CloudWatch {@code DescribeAlarms}, one client per alarm region (Route 53 health-check
 * alarms live in us-east-1 whatever the function's region). Metric alarms only: DescribeAlarms returns composite alarms
 * only to a role allowed {@code cloudwatch:DescribeAlarms} on {@code *}, and this function's role is scoped to the
 * configured alarm ARNs. A failed call or a missing alarm is UNKNOWN, which refuses the failover.
 */
public final class CloudWatchAlarmHealth implements AlarmHealthCheck {

    private final Function<String, CloudWatchClient> clientForRegion;
    private final Map<String, CloudWatchClient> clients = new ConcurrentHashMap<>();

    public CloudWatchAlarmHealth(Function<String, CloudWatchClient> clientForRegion) {
        this.clientForRegion = clientForRegion;
    }

    /**
     * Clients configured the production way ({@link CloudWatchClients}), in each alarm's region; those of the
     * configured alarms' regions are built now (at init, before the SnapStart snapshot), not during an incident.
     */
    public static CloudWatchAlarmHealth from(AwsClients aws, Collection<String> alarmArns) {
        CloudWatchAlarmHealth health = new CloudWatchAlarmHealth(region -> CloudWatchClients.in(aws, region));
        alarmArns.stream().map(arn -> arn.split(":", 7)[3]).distinct().forEach(region -> health.clients.computeIfAbsent(region, health.clientForRegion));
        return health;
    }

    @Override
    public AlarmHealth check(List<String> alarmArns) {
        if (alarmArns.isEmpty()) {
            return AlarmHealth.healthy("has no alarm configured (assumed healthy)");
        }
        Map<String, List<String>> namesByRegion = new LinkedHashMap<>();
        Map<String, String> arnByRegionAndName = new LinkedHashMap<>();
        for (String arn : alarmArns) {
            String[] parts = arn.split(":", 7);
            namesByRegion.computeIfAbsent(parts[3], r -> new ArrayList<>()).add(parts[6]);
            arnByRegionAndName.put(parts[3] + ":" + parts[6], arn);
        }
        List<String> healthy = new ArrayList<>();
        Instant since = null;
        for (Map.Entry<String, List<String>> region : namesByRegion.entrySet()) {
            DescribeAlarmsResponse response;
            try {
                CloudWatchClient client = clients.computeIfAbsent(region.getKey(), clientForRegion);
                response = client.describeAlarms(b -> b.alarmNames(region.getValue()).alarmTypes(AlarmType.METRIC_ALARM));
            } catch (SdkException e) {
                return AlarmHealth.unknown("DescribeAlarms in " + region.getKey() + " failed: " + e.getMessage());
            }
            for (String name : region.getValue()) {
                // by the whole ARN, account included: DescribeAlarms answers for this account only, and a same-named alarm
                // of this account is not the one configured (of another account)
                String arn = arnByRegionAndName.get(region.getKey() + ":" + name);
                MetricAlarm alarm = response.metricAlarms().stream().filter(a -> arn.equals(a.alarmArn())).findFirst().orElse(null);
                if (alarm == null) {
                    return AlarmHealth.unknown("alarm " + arn + " not found (DescribeAlarms in " + region.getKey()
                            + " answers for this function's account only)");
                }
                switch (alarm.stateValue()) {
                    case ALARM -> {
                        return AlarmHealth.unhealthy("alarm " + name + " is in ALARM: " + alarm.stateReason());
                    }
                    case OK -> {
                        healthy.add(name);
                        Instant changed = alarm.stateUpdatedTimestamp();
                        since = changed == null ? since : since == null || changed.isAfter(since) ? changed : since;
                    }
                    default -> {
                        return AlarmHealth.unknown("alarm " + name + " is " + alarm.stateValueAsString());
                    }
                }
            }
        }
        return AlarmHealth.healthySince("alarms " + healthy + " are OK", since);
    }
}
