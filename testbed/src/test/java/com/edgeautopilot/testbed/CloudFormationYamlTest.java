package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CloudFormationYamlTest {

    private static final Map<String, Object> FIXTURE = CloudFormationYaml.parse(LambdaRuntimeHarnessTest.fixture("template.yaml"));

    @SuppressWarnings("unchecked")
    private static Object at(Object root, String... path) {
        Object current = root;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @Test
    void shortFormTagsBecomeTheirLongForm() {
        Object variables = at(FIXTURE, "Resources", "Function", "Properties", "Environment", "Variables");
        assertEquals(Map.of("Ref", "PendingTable"), at(variables, "PENDING_TABLE"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Queue", "Arn")), at(variables, "QUEUE_ARN"));
        assertEquals(Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))), at(variables, "AZ"));
        assertEquals(Map.of("Fn::ImportValue", "shared-output"), at(variables, "IMPORTED"));
        assertEquals(Map.of("Fn::Select", List.of(0, Map.of("Fn::Cidr", List.of("10.0.0.0/16", 4, 8)))), at(variables, "CIDRS"));
        assertEquals(Map.of("Fn::Base64", Map.of("Fn::Sub", "stage=${Stage}")), at(variables, "CONFIG"));
        assertEquals(Map.of("Fn::If", List.of("Either", true, Map.of("Ref", "AWS::NoValue"))), at(variables, "WHEN"));

        assertEquals(Map.of("Fn::GetAtt", List.of("Queue", "Arn")), at(FIXTURE, "Resources", "Function", "Properties", "CodeUri"));
        assertEquals(Map.of("Fn::Sub", "${AWS::StackName}-pending-${Stage}"), at(FIXTURE, "Resources", "PendingTable", "Properties", "TableName"));
        assertEquals(Map.of("Fn::Join", List.of("-", List.of(Map.of("Ref", "AWS::StackName"), "leases"))),
                at(FIXTURE, "Resources", "LeaseTable", "Properties", "TableName"));
        assertEquals(Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of(",", Map.of("Fn::Sub", "${Stage},x"))))),
                at(FIXTURE, "Resources", "Queue", "Properties", "QueueName"));
        assertEquals(Map.of("Fn::FindInMap", List.of("StageSettings", Map.of("Ref", "Stage"), "Retention")),
                at(((List<?>) at(FIXTURE, "Resources", "PendingTable", "Properties", "Tags")).get(0), "Value"));

        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "Stage"), "prod")), at(FIXTURE, "Conditions", "IsProd"));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Condition", "IsProd"))), at(FIXTURE, "Conditions", "NotProd"));
        assertEquals(Map.of("Fn::And", List.of(Map.of("Condition", "IsProd"), Map.of("Condition", "NotProd"))), at(FIXTURE, "Conditions", "Both"));
        assertEquals(Map.of("Fn::Or", List.of(Map.of("Condition", "IsProd"), Map.of("Condition", "NotProd"))), at(FIXTURE, "Conditions", "Either"));
    }

    @Test
    void tagsAddedLaterAreReadToo() {
        Map<String, Object> parsed = CloudFormationYaml.parse("Value: !Length [a, b]\nOther: !ToJsonString {a: 1}\n");
        assertEquals(Map.of("Fn::Length", List.of("a", "b")), parsed.get("Value"));
        assertEquals(Map.of("Fn::ToJsonString", Map.of("a", 1)), parsed.get("Other"));
    }

    @Test
    void duplicateKeysAndJavaTagsAreRejected() {
        assertThrows(RuntimeException.class, () -> CloudFormationYaml.parse("A: 1\nA: 2\n"));
        assertThrows(RuntimeException.class, () -> CloudFormationYaml.parse("A: !!java.io.File /tmp\n"));
    }

    @Test
    void theRepositoryTemplateParses() {
        assumeTrue(Files.isRegularFile(RepoPaths.root().resolve("template.yaml")), "no template.yaml yet");
        Map<String, Object> template = CloudFormationYaml.parse(RepoPaths.read(RepoPaths.template()));
        assertTrue(template.get("Resources") instanceof Map<?, ?>, "Resources must be a mapping");
    }
}
