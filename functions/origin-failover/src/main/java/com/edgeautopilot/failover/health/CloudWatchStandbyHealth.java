package com.edgeautopilot.failover.health;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.cloudwatch.CloudWatchClients;
import com.edgeautopilot.failover.policy.StandbyHealth;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link StandbyHealthCheck} over CloudWatch {@code DescribeAlarms}, one client per alarm region (Route 53 health-check
 * alarms live in us-east-1 whatever the function's region). Metric alarms only: DescribeAlarms returns composite alarms
 * only to a role allowed {@code cloudwatch:DescribeAlarms} on {@code *}, and this function's role is scoped to the
 * configured alarm ARNs. A failed call or a missing alarm is UNKNOWN, which refuses the failover.
 */
public final class CloudWatchStandbyHealth implements StandbyHealthCheck {

    private final Function<String, CloudWatchClient> clientForRegion;
    private final Map<String, CloudWatchClient> clients = new ConcurrentHashMap<>();

    public CloudWatchStandbyHealth(Function<String, CloudWatchClient> clientForRegion) {
        this.clientForRegion = clientForRegion;
    }

    /**
     * Clients configured the production way ({@link CloudWatchClients}), in each alarm's region; those of the
     * configured alarms' regions are built now (at init, before the SnapStart snapshot), not during an incident.
     */
    public static CloudWatchStandbyHealth from(AwsClients aws, Collection<String> alarmArns) {
        CloudWatchStandbyHealth health = new CloudWatchStandbyHealth(region -> CloudWatchClients.in(aws, region));
        alarmArns.stream().map(arn -> arn.split(":", 7)[3]).distinct().forEach(region -> health.clients.computeIfAbsent(region, health.clientForRegion));
        return health;
    }

    @Override
    public StandbyHealth check(List<String> standbyAlarmArns) {
        if (standbyAlarmArns.isEmpty()) {
            return StandbyHealth.healthy("has no alarm configured (assumed healthy)");
        }
        Map<String, List<String>> namesByRegion = new LinkedHashMap<>();
        for (String arn : standbyAlarmArns) {
            String[] parts = arn.split(":", 7);
            namesByRegion.computeIfAbsent(parts[3], r -> new ArrayList<>()).add(parts[6]);
        }
        List<String> healthy = new ArrayList<>();
        for (Map.Entry<String, List<String>> region : namesByRegion.entrySet()) {
            DescribeAlarmsResponse response;
            try {
                CloudWatchClient client = clients.computeIfAbsent(region.getKey(), clientForRegion);
                response = client.describeAlarms(b -> b.alarmNames(region.getValue()).alarmTypes(AlarmType.METRIC_ALARM));
            } catch (SdkException e) {
                return StandbyHealth.unknown("DescribeAlarms in " + region.getKey() + " failed: " + e.getMessage());
            }
            for (String name : region.getValue()) {
                MetricAlarm alarm = response.metricAlarms().stream().filter(a -> a.alarmName().equals(name)).findFirst().orElse(null);
                if (alarm == null) {
                    return StandbyHealth.unknown("alarm " + name + " not found in " + region.getKey());
                }
                switch (alarm.stateValue()) {
                    case ALARM -> {
                        return StandbyHealth.unhealthy("alarm " + name + " is in ALARM: " + alarm.stateReason());
                    }
                    case OK -> healthy.add(name);
                    default -> {
                        return StandbyHealth.unknown("alarm " + name + " is " + alarm.stateValueAsString());
                    }
                }
            }
        }
        return StandbyHealth.healthy("alarms " + healthy + " are OK");
    }
}
