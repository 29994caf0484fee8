package com.edgeautopilot.failover.health;

import com.edgeautopilot.failover.policy.StandbyHealth;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CloudWatch adapter against a DescribeAlarms double (moto 5.2 answers SDK 2.42's RPCv2 CBOR protocol with 404):
 * as documented, the call returns only the named alarms that exist in the client's region, filtered by alarm type.
 */
class CloudWatchStandbyHealthTest {

    private static final String EAST = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:";
    private final List<String> calls = new ArrayList<>();

    private CloudWatchClient region(String region, Map<String, StateValue> alarms, boolean fail) {
        return new CloudWatchClient() {
            @Override
            public DescribeAlarmsResponse describeAlarms(DescribeAlarmsRequest request) {
                calls.add(region + " " + request.alarmNames() + " " + request.alarmTypes());
                if (fail) {
                    throw SdkClientException.create("Unable to execute HTTP request: connect timed out");
                }
                List<MetricAlarm> found = request.alarmTypes().contains(AlarmType.METRIC_ALARM) ? request.alarmNames().stream()
                        .filter(alarms::containsKey).map(n -> MetricAlarm.builder().alarmName(n).stateValue(alarms.get(n))
                                .stateReason("Threshold Crossed").build()).toList() : List.of();
                return DescribeAlarmsResponse.builder().metricAlarms(found).build();
            }

            @Override
            public String serviceName() {
                return "monitoring";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void noStandbyAlarmMeansHealthyWithoutACall() {
        assertEquals(StandbyHealth.Status.HEALTHY, new CloudWatchStandbyHealth(r -> region(r, Map.of(), true)).check(List.of()).status());
        assertTrue(calls.isEmpty());
    }

    @Test
    void okIsHealthyAlarmIsUnhealthyEachReadInTheAlarmsOwnRegion() {
        CloudWatchStandbyHealth health = new CloudWatchStandbyHealth(r -> region(r, Map.of("standby", StateValue.OK, "standby-5xx", StateValue.ALARM), false));
        assertEquals(StandbyHealth.Status.HEALTHY, health.check(List.of(EAST + "standby")).status());
        StandbyHealth down = health.check(List.of(EAST + "standby", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:standby-5xx"));
        assertEquals(StandbyHealth.Status.UNHEALTHY, down.status());
        assertTrue(down.reason().contains("standby-5xx"), down.reason());
        assertEquals(List.of("us-east-1 [standby] [MetricAlarm]", "us-east-1 [standby] [MetricAlarm]", "eu-west-1 [standby-5xx] [MetricAlarm]"), calls);
    }

    @Test
    void missingInsufficientOrUnreadableIsUnknown() {
        CloudWatchStandbyHealth health = new CloudWatchStandbyHealth(r -> region(r, Map.of("standby", StateValue.INSUFFICIENT_DATA), false));
        assertEquals(StandbyHealth.Status.UNKNOWN, health.check(List.of(EAST + "standby")).status());
        assertEquals(StandbyHealth.Status.UNKNOWN, health.check(List.of(EAST + "deleted-alarm")).status());
        StandbyHealth unreadable = new CloudWatchStandbyHealth(r -> region(r, Map.of(), true)).check(List.of(EAST + "standby"));
        assertEquals(StandbyHealth.Status.UNKNOWN, unreadable.status());
        assertTrue(unreadable.reason().contains("DescribeAlarms in us-east-1 failed"), unreadable.reason());
    }
}
