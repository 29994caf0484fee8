package com.edgeautopilot.costs.handler;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.costs.support.CostSignals;
import com.edgeautopilot.costs.support.TestFunction;
import com.edgeautopilot.testbed.CloudFormationYaml;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EMF line the function writes for an unrecognised signal is the metric the template's alarm watches. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class AlarmContractTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CostAlertsTable", "CoalescerTable");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void anUnrecognisedSignalRaisesTheMetricTheAlarmWatches() {
        LocalAws aws = LocalAws.configure(DB.server(), null);
        CostAlerts costAlerts = CostAlertsWiring.wire(TestFunction.config(TestFunction.environment(DB, "arn:aws:sns:us-east-1:123456789012:unused")),
                aws.clients(), Clock.systemUTC(), TestFunction.quietLog());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> records = (List<Map<String, Object>>) (List<?>) Json.list(CostSignals.sns("nothing anyone knows", "m-1", "odd"), "Records");
            costAlerts.snsBatch(records, "invocation");
        } finally {
            System.setOut(original);
        }
        Map<String, Object> emf = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"_aws\""))
                .map(Json::parseObject).filter(l -> l.containsKey("SignalsUnrecognised")).findFirst().orElseThrow();

        Map<String, Object> alarm = map(map(map(CloudFormationYaml.parse(RepoPaths.read(RepoPaths.template())).get("Resources"))
                .get("CostSignalsUnrecognisedAlarm")).get("Properties"));
        Map<String, Object> directive = map(((List<?>) map(emf.get("_aws")).get("CloudWatchMetrics")).get(0));
        assertEquals(alarm.get("Namespace"), directive.get("Namespace"));
        assertEquals(List.of(List.of("Function")), directive.get("Dimensions"));
        Map<String, Object> dimension = map(((List<?>) alarm.get("Dimensions")).get(0));
        assertEquals(dimension.get("Value"), emf.get(dimension.get("Name")), "Function=cost-alerts");
        assertEquals(1.0, ((Number) emf.get(alarm.get("MetricName"))).doubleValue());
        assertTrue(((Number) alarm.get("Threshold")).doubleValue() < 1, "one unrecognised signal breaches it");
    }
}
