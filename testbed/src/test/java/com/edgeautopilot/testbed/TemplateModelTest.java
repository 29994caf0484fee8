package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateModelTest {

    @Test
    void resolvesTheCoalescersEnvironmentFromParameterDefaultsAndResources() {
        TemplateModel template = TemplateModel.load(RepoPaths.template());
        Map<String, EnvValue> env = template.environment("InvalidationCoalescerFunction");
        assertEquals(new EnvValue.Literal("/opt/fleet/" + template.parameterDefault("Fleet") + ".json"), env.get("FLEET_FILE"), "!Sub of a parameter, from Globals");
        assertFalse(env.containsKey("SITE_ROUTES"), "routes come from the fleet file, not the environment");
        assertEquals(new EnvValue.Literal("60"), env.get("QUIET_PERIOD_SECONDS"));
        EnvValue table = env.get("COALESCER_TABLE");
        assertInstanceOf(EnvValue.Resource.class, table);
        assertEquals("AWS::DynamoDB::Table", ((EnvValue.Resource) table).type());
        assertInstanceOf(EnvValue.Resource.class, env.get("USAGE_TOPIC_ARN"));
        assertTrue(env.containsKey("METRICS_NAMESPACE"), "Globals.Function.Environment is merged in");
    }

    @Test
    void resolvesIntrinsicsOverParameters() {
        TemplateModel template = TemplateModel.load(RepoPaths.template());
        EnvValue sub = template.resolve(Map.of("Fn::Sub", "${AWS::StackName}-${QuietPeriodSeconds}"), "test");
        assertEquals(new EnvValue.Literal("edge-autopilot-60"), sub);
        EnvValue unknown = template.resolve(Map.of("Fn::ImportValue", "x"), "test");
        assertInstanceOf(EnvValue.Unresolved.class, unknown);
    }

    @Test
    void listsTheActionsOfAnExplicitRolesInlinePolicies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, String.join("\n",
                "Resources:",
                "  Role:",
                "    Type: AWS::IAM::Role",
                "    Properties:",
                "      Policies:",
                "        - PolicyName: state",
                "          PolicyDocument:",
                "            Statement:",
                "              - Effect: Allow",
                "                Action: [sns:Publish, dynamodb:Query]",
                "                Resource: !Ref Topic",
                "              - Effect: Allow",
                "                Action: sqs:SendMessage",
                "                Resource: !GetAtt Queue.Arn",
                "  Fn:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      Role: !GetAtt Role.Arn",
                ""));
        TemplateModel template = TemplateModel.load(file);
        assertEquals(List.of("dynamodb:Query", "sns:Publish", "sqs:SendMessage"), List.copyOf(template.roleActions("Role")));
        assertThrows(IllegalArgumentException.class, () -> template.roleActions("Fn"), "a function is not a role");
    }
}
