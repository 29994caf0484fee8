package com.edgeautopilot.failover.handler;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.testbed.CloudFormationYaml;
import com.edgeautopilot.testbed.EnvValue;
import com.edgeautopilot.testbed.FleetFiles;
import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.TemplateModel;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What template.yaml deploys for origin failover agrees with the code: a handler class that exists, the environment
 * the config reads (with the function's real timeout), the follow-up rule's name, and IAM allowing exactly the calls made.
 */
class TemplateContractTest {

    /** Every AWS action the failover code performs (store, CloudFront gateway, CloudWatch health, SNS notifier). */
    private static final Set<String> ACTIONS_THE_CODE_CALLS = Set.of(
            "dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:DeleteItem",
            "cloudfront:GetDistribution", "cloudfront:GetDistributionConfig", "cloudfront:UpdateDistribution",
            "cloudwatch:DescribeAlarms", "sns:Publish", "kms:GenerateDataKey", "kms:Decrypt", "sqs:SendMessage");
    /** What Lambda does with the function's role: its log lines (own log group) and active tracing. */
    private static final Set<String> ACTIONS_THE_RUNTIME_CALLS = Set.of(
            "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private final Map<String, Object> template = CloudFormationYaml.parse(RepoPaths.read(RepoPaths.template()));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private Map<String, Object> function() {
        return map(map(map(template.get("Resources")).get("OriginFailoverFunction")).get("Properties"));
    }

    @Test
    void handlerNamedInTheTemplateIsAStreamHandler() throws Exception {
        String handler = (String) function().get("Handler");
        assertEquals(FailoverHandler.class.getName() + "::handleRequest", handler);
        assertTrue(RequestStreamHandler.class.isAssignableFrom(Class.forName(handler.substring(0, handler.indexOf("::")))));
    }

    @Test
    void theEnvironmentMakesAValidConfigurationOnceDistributionsAreGiven() {
        Map<String, String> env = new HashMap<>();
        TemplateModel model = TemplateModel.load(RepoPaths.template());
        model.environment("OriginFailoverFunction").forEach((name, value) -> env.put(name, switch (value) {
            case EnvValue.Literal literal -> literal.value();
            case EnvValue.Resource resource -> resource.logicalId().equals("FailoverNotificationTopic")
                    ? "arn:aws:sns:us-east-1:123456789012:" + resource.logicalId() : resource.logicalId();
            case EnvValue.Unresolved unresolved -> throw new AssertionError(name + ": " + unresolved.why());
        }));
        // what the function reads from the fleet layer: the default fleet file (the template's Fleet default)
        env.putAll(FleetFiles.functionSettings(FleetFiles.load(FleetFiles.path("default"))));
        assertEquals("[]", env.get(FailoverConfig.PROTECTED_DISTRIBUTIONS), "nothing protected by default (the function is not deployed)");
        assertEquals(FailoverConfig.PROTECTED_DISTRIBUTIONS, assertThrows(ConfigException.class, () -> FailoverConfig.from(Settings.of(env))).setting());

        env.put(FailoverConfig.PROTECTED_DISTRIBUTIONS, Fixtures.settingFor("E2QWRUHAPOMQZL", 300, true));
        env.put(FailoverConfig.DISTRIBUTION_ARNS, "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL");
        env.put(FailoverConfig.ALARM_ARNS, Fixtures.PRIMARY_ALARM + "," + Fixtures.STANDBY_ALARM);
        FailoverConfig config = FailoverConfig.from(Settings.of(env));
        assertEquals("FailoverTable", config.tableName());
        assertEquals(((Number) function().get("Timeout")).longValue(), config.functionTimeout().toSeconds(),
                "FUNCTION_TIMEOUT_SECONDS is the function's real timeout, so the lease check means something");
    }

    @Test
    void theFollowUpRuleIsNamedForTheTickTheHandlerRecognises() {
        Map<String, Object> tick = map(map(map(function().get("Events")).get("FollowUpTick")).get("Properties"));
        assertEquals("${AWS::StackName}-" + FailoverHandler.FOLLOW_UP_TICK, map(tick.get("Name")).get("Fn::Sub"));
    }

    @Test
    void everyAsynchronousPathFailsIntoTheAlarmedDeadLetterQueueAndLogsGoToTheDeclaredGroup() {
        Map<String, Object> events = map(function().get("Events"));
        for (String event : List.of("AlarmStateChange", "FollowUpTick")) {
            assertEquals(Map.of("Fn::GetAtt", List.of("FailoverDeadLetterQueue", "Arn")),
                    map(map(map(map(events.get(event)).get("Properties")).get("DeadLetterConfig"))).get("Arn"), event);
        }
        assertEquals(Map.of("Fn::GetAtt", List.of("FailoverDeadLetterQueue", "Arn")),
                map(map(map(function().get("EventInvokeConfig")).get("DestinationConfig")).get("OnFailure")).get("Destination"));
        Map<String, Object> alarm = map(map(map(template.get("Resources")).get("FailoverDeadLetterAlarm")).get("Properties"));
        assertEquals("ApproximateNumberOfMessagesVisible", alarm.get("MetricName"));
        assertEquals(Map.of("Ref", "FailoverLogGroup"), map(function().get("LoggingConfig")).get("LogGroup"));
        assertEquals("INFO", map(function().get("LoggingConfig")).get("SystemLogLevel"), "START/REPORT and EMF lines are kept");
    }

    @Test
    void iamAllowsExactlyTheCallsTheCodeMakes() {
        assertEquals(Map.of("Fn::GetAtt", List.of("OriginFailoverRole", "Arn")), function().get("Role"),
                "the explicit, scoped role (SAM's generated one carries managed policies on \"*\")");
        Set<String> expected = new TreeSet<>(ACTIONS_THE_CODE_CALLS);
        expected.addAll(ACTIONS_THE_RUNTIME_CALLS);
        assertEquals(expected, TemplateModel.load(RepoPaths.template()).roleActions("OriginFailoverRole"));
    }
}
