package com.edgeautopilot.costs.handler;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.events.EventShape;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.costs.config.CostAlertsConfig;
import com.edgeautopilot.testbed.CloudFormationYaml;
import com.edgeautopilot.testbed.EnvValue;
import com.edgeautopilot.testbed.FleetFiles;
import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.TemplateModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What template.yaml deploys for cost alerts agrees with the code: the handler, an environment whose parameter
 * defaults make a valid configuration (lease longer than the timeout), schedules the handler routes by rule name, and
 * IAM that allows exactly the calls made, with {@code Resource: "*"} only where the service has no resource-level
 * permissions.
 */
class TemplateContractTest {

    /** Every AWS action the code performs: store (with Lease and OnceClaim), notifier, Cost Explorer, CloudFront, the coalescer's item. */
    private static final Set<String> ACTIONS_THE_CODE_CALLS = Set.of(
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query",
            "sns:Publish", "kms:GenerateDataKey", "kms:Decrypt", "ce:GetCostAndUsage", "cloudfront:GetDistributionConfig");
    /** What Lambda does with the function's role: log lines (own log group), tracing, failed asynchronous invocations. */
    private static final Set<String> ACTIONS_THE_RUNTIME_CALLS = Set.of(
            "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords", "sqs:SendMessage");

    private final Map<String, Object> template = CloudFormationYaml.parse(RepoPaths.read(RepoPaths.template()));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private Map<String, Object> function() {
        return map(map(map(template.get("Resources")).get("CostAlertsFunction")).get("Properties"));
    }

    @Test
    void handlerNamedInTheTemplateIsAStreamHandler() throws Exception {
        String handler = (String) function().get("Handler");
        assertEquals(CostAlertsHandler.class.getName() + "::handleRequest", handler);
        assertTrue(RequestStreamHandler.class.isAssignableFrom(CostAlertsHandler.class));
    }

    @Test
    void environmentWithParameterDefaultsIsAValidConfiguration() {
        Map<String, String> env = new HashMap<>();
        TemplateModel.load(RepoPaths.template()).environment("CostAlertsFunction").forEach((name, value) -> env.put(name,
                switch (value) {
                    case EnvValue.Literal literal -> literal.value();
                    case EnvValue.Resource resource -> resource.logicalId();
                    case EnvValue.Unresolved unresolved -> throw new AssertionError(name + ": " + unresolved.why());
                }));
        // what the function reads from the fleet layer: the default fleet file (the template's Fleet default)
        env.putAll(FleetFiles.functionSettings(FleetFiles.load(FleetFiles.path("default"))));
        CostAlertsConfig config = CostAlertsConfig.from(Settings.of(env));
        assertEquals("CostAlertsTable", config.tableName());
        assertEquals("CoalescerTable", config.coalescerTable());
        assertEquals(Duration.ofMinutes(5), config.groupWait());
        assertEquals(String.valueOf(function().get("Timeout")), env.get("FUNCTION_TIMEOUT_SECONDS"), "the lease check sees the real timeout");
    }

    @Test
    void everyScheduleIsRoutedByItsRuleName() {
        Map<String, String> schedules = new TreeMap<>();
        map(function().get("Events")).forEach((id, event) -> {
            if ("Schedule".equals(map(event).get("Type"))) {
                Object name = map(map(event).get("Properties")).get("Name");
                String sub = String.valueOf(name instanceof Map<?, ?> m ? m.get("Fn::Sub") : name);
                schedules.put(id, sub.replace("${AWS::StackName}", "edge-autopilot"));
            }
        });
        assertEquals(Map.of("CostDigestTick", "edge-autopilot-cost-digest", "PriceClassReportTick", "edge-autopilot-price-class-report",
                "UsageReconcileTick", "edge-autopilot-usage-reconcile"), schedules);
        for (String rule : schedules.values()) {
            EventShape shape = EventShapes.classify(Map.of("source", "aws.events", "detail-type", "Scheduled Event",
                    "resources", List.of("arn:aws:events:us-east-1:123456789012:rule/" + rule)));
            String tick = rule.substring("edge-autopilot-".length());
            assertTrue(shape instanceof EventShape.ScheduledTick t && t.isTick(tick), rule + " -> " + shape);
        }
    }

    @Test
    void iamAllowsExactlyTheCallsTheCodeMakes() {
        assertEquals(Map.of("Fn::GetAtt", List.of("CostAlertsRole", "Arn")), function().get("Role"),
                "the explicit, scoped role (SAM's generated one carries managed policies on \"*\")");
        Set<String> expected = new TreeSet<>(ACTIONS_THE_CODE_CALLS);
        expected.addAll(ACTIONS_THE_RUNTIME_CALLS);
        assertEquals(expected, TemplateModel.load(RepoPaths.template()).roleActions("CostAlertsRole"));
    }
}
