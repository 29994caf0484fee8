package com.edgeautopilot.coalescer.handler;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.common.Settings;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What template.yaml deploys agrees with the code: the runtime the code is compiled for, a handler class that exists,
 * an environment whose parameter defaults make a valid configuration, and IAM that allows exactly the calls made.
 */
class TemplateContractTest {

    /** Every AWS action the coalescer's code performs (store, gateway, usage signals). */
    private static final Set<String> ACTIONS_THE_CODE_CALLS = Set.of(
            "dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:DeleteItem",
            "cloudfront:CreateInvalidation", "cloudfront:GetInvalidation", "cloudfront:ListInvalidations",
            "sns:Publish", "kms:GenerateDataKey", "kms:Decrypt",
            "s3:ListBucket");

    /** What Lambda does with the function's role on its behalf: logs, traces, the SQS event source, the failure destination. */
    private static final Set<String> ACTIONS_THE_RUNTIME_CALLS = Set.of(
            "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
            "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:SendMessage");

    private final Map<String, Object> template = CloudFormationYaml.parse(RepoPaths.read(RepoPaths.template()));

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private Map<String, Object> function() {
        return map(map(map(template.get("Resources")).get("InvalidationCoalescerFunction")).get("Properties"));
    }

    @Test
    void runtimeIsTheOneTheCodeIsCompiledFor() throws Exception {
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        assertEquals(List.of("arm64"), globals.get("Architectures"));
        try (var in = CoalescerHandler.class.getResourceAsStream("CoalescerHandler.class")) {
            byte[] header = in.readNBytes(8);
            int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            assertEquals("java" + (major - 44), globals.get("Runtime"), "class files are version " + major);
        }
    }

    @Test
    void handlerNamedInTheTemplateIsAStreamHandler() throws Exception {
        String handler = (String) function().get("Handler");
        String className = handler.substring(0, handler.indexOf("::"));
        assertEquals("handleRequest", handler.substring(handler.indexOf("::") + 2));
        assertTrue(RequestStreamHandler.class.isAssignableFrom(Class.forName(className)), className);
    }

    @Test
    void environmentWithParameterDefaultsIsAValidConfiguration() {
        Map<String, String> env = new HashMap<>();
        TemplateModel.load(RepoPaths.template()).environment("InvalidationCoalescerFunction").forEach((name, value) -> env.put(name,
                switch (value) {
                    case EnvValue.Literal literal -> literal.value();
                    case EnvValue.Resource resource -> resource.logicalId(); // a deployed name; any name will do here
                    case EnvValue.Unresolved unresolved -> throw new AssertionError(name + ": " + unresolved.why());
                }));
        // what the function reads from the fleet layer: the default fleet file (the template's Fleet default)
        env.putAll(FleetFiles.functionSettings(FleetFiles.load(FleetFiles.path("default"))));
        CoalescerConfig config = CoalescerConfig.from(Settings.of(env));
        assertEquals("CoalescerTable", config.tableName());
        assertTrue(config.routes().distributionIds().contains("E2QWRUHAPOMQZL"));
    }

    @Test
    void theFunctionIsToldItsOwnTimeout() {
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        Object timeout = function().getOrDefault("Timeout", globals.get("Timeout"));
        EnvValue told = TemplateModel.load(RepoPaths.template()).environment("InvalidationCoalescerFunction").get("FUNCTION_TIMEOUT_SECONDS");
        assertEquals(new EnvValue.Literal(String.valueOf(timeout)), told, "FUNCTION_TIMEOUT_SECONDS must equal the function's Timeout");
    }

    @Test
    void iamAllowsExactlyTheCallsTheCodeMakes() {
        assertEquals(Map.of("Fn::GetAtt", List.of("InvalidationCoalescerRole", "Arn")), function().get("Role"), "the explicit, scoped role");
        Map<String, Object> role = map(map(map(template.get("Resources")).get("InvalidationCoalescerRole")).get("Properties"));
        assertEquals(null, role.get("ManagedPolicyArns"), "no managed policy: SAM's SQS one allows its actions on every queue");
        for (Object policy : (List<?>) role.get("Policies")) {
            for (Object statement : (List<?>) map(map(policy).get("PolicyDocument")).get("Statement")) {
                assertTrue(!"*".equals(map(statement).get("Resource")) || "WriteTraces".equals(map(statement).get("Sid")),
                        "no Resource: * (X-Ray has no resource-level permissions) in " + statement);
            }
        }
        Set<String> allowed = TemplateModel.load(RepoPaths.template()).roleActions("InvalidationCoalescerRole");
        Set<String> expected = new TreeSet<>(ACTIONS_THE_CODE_CALLS);
        expected.addAll(ACTIONS_THE_RUNTIME_CALLS);
        assertEquals(expected, allowed);
    }
}
