package com.edgeautopilot.failover.health;

import com.edgeautopilot.failover.policy.AlarmHealth;
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
class CloudWatchAlarmHealthTest {

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
                        .filter(alarms::containsKey).map(n -> MetricAlarm.builder().alarmName(n).alarmArn("arn:aws:cloudwatch:" + region + ":123456789012:alarm:" + n)
                                .stateValue(alarms.get(n)).stateReason("Threshold Crossed")
                                .stateUpdatedTimestamp(java.time.Instant.parse("2099-11-21T10:00:00Z")).build()).toList() : List.of();
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
        assertEquals(AlarmHealth.Status.HEALTHY, new CloudWatchAlarmHealth(r -> region(r, Map.of(), true)).check(List.of()).status());
        assertTrue(calls.isEmpty());
    }

    @Test
    void okIsHealthyAlarmIsUnhealthyEachReadInTheAlarmsOwnRegion() {
        CloudWatchAlarmHealth health = new CloudWatchAlarmHealth(r -> region(r, Map.of("standby", StateValue.OK, "standby-5xx", StateValue.ALARM), false));
        assertEquals(AlarmHealth.Status.HEALTHY, health.check(List.of(EAST + "standby")).status());
        AlarmHealth down = health.check(List.of(EAST + "standby", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:standby-5xx"));
        assertEquals(AlarmHealth.Status.UNHEALTHY, down.status());
        assertTrue(down.reason().contains("standby-5xx"), down.reason());
        assertEquals(List.of("us-east-1 [standby] [MetricAlarm]", "us-east-1 [standby] [MetricAlarm]", "eu-west-1 [standby-5xx] [MetricAlarm]"), calls);
    }

    @Test
    void missingInsufficientOrUnreadableIsUnknown() {
        CloudWatchAlarmHealth health = new CloudWatchAlarmHealth(r -> region(r, Map.of("standby", StateValue.INSUFFICIENT_DATA), false));
        assertEquals(AlarmHealth.Status.UNKNOWN, health.check(List.of(EAST + "standby")).status());
        assertEquals(AlarmHealth.Status.UNKNOWN, health.check(List.of(EAST + "deleted-alarm")).status());
        AlarmHealth unreadable = new CloudWatchAlarmHealth(r -> region(r, Map.of(), true)).check(List.of(EAST + "standby"));
        assertEquals(AlarmHealth.Status.UNKNOWN, unreadable.status());
        assertTrue(unreadable.reason().contains("DescribeAlarms in us-east-1 failed"), unreadable.reason());
    }

    /** Issue 21 defect 8: an alarm ARN of another account is not answered by this account's alarm of the same name. */
    @Test
    void anAlarmOfAnotherAccountIsNotAnsweredByASameNamedAlarmOfThisOne() {
        CloudWatchAlarmHealth health = new CloudWatchAlarmHealth(r -> region(r, Map.of("standby", StateValue.OK), false));
        AlarmHealth other = health.check(List.of("arn:aws:cloudwatch:us-east-1:999999999999:alarm:standby"));
        assertEquals(AlarmHealth.Status.UNKNOWN, other.status(), other.reason());
        assertTrue(other.reason().contains("999999999999"), other.reason());
        AlarmHealth own = health.check(List.of(EAST + "standby"));
        assertEquals(AlarmHealth.Status.HEALTHY, own.status());
        assertEquals(java.time.Instant.parse("2099-11-21T10:00:00Z"), own.since(), "OK since the alarm's last state change");
    }
}
