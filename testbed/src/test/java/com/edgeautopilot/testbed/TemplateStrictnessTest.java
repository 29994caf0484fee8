package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test bed's resolver refuses what CloudFormation refuses, one negative control per rule of the template
 * reference, and the repository's template breaks none of them in any samconfig.toml environment.
 */
class TemplateStrictnessTest {

    @TempDir
    Path dir;

    @Test
    void theRepositoryTemplateIsValidInEveryEnvironment() {
        TemplateModel template = TemplateModel.load(RepoPaths.template());
        assertEquals(List.of(), template.problems(), "with parameter defaults");
        List<SamConfig.Environment> environments = SamConfig.environments(RepoPaths.samconfig());
        assertTrue(environments.size() >= 2, "default and prod: " + environments);
        for (SamConfig.Environment environment : environments) {
            assertEquals(List.of(), template.forEnvironment(environment).problems(), "environment " + environment.name());
        }
    }

    @Test
    void theJoinWithAFunctionAsDelimiterThatBrokeTheDeployIsRefused() {
        Path fixture = RepoPaths.root().resolve("testbed/src/test/resources/templates/join-delimiter-is-a-function.yaml");
        List<String> problems = TemplateModel.load(fixture).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("Fn::Join delimiter must be a literal string"), problems.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Join delimiter from a parameter | !Join [!Ref Sep, [a, b]]                       | Fn::Join delimiter must be a literal string",
            "Join of a string, not a list    | !Join ['', !Ref Name]                          | Fn::Join needs a list",
            "Sub variable that does not exist| !Sub 'x-${Nope}'                               | !Ref Nope names neither",
            "Sub string built by a function  | !Sub [!Join ['', [a]], {}]                     | the Fn::Sub string must be a literal",
            "Sub of a list parameter         | !Sub 'x-${Names}'                              | is a list; Fn::Sub substitutes strings only",
            "Split delimiter from a function | !Split [!Ref Sep, 'a,b']                       | Fn::Split delimiter must be a literal",
            "Split of a list                 | !Split [',', !Ref Names]                       | needs a string",
            "Select index not a number       | !Select [first, [a, b]]                        | Fn::Select index must be a number",
            "Select beyond the list          | !Select [2, [a, b]]                            | index 2 is out of range for a list of 2",
            "Select from a string            | !Select [0, !Ref Name]                         | Fn::Select needs a list",
            "GetAtt of a missing attribute   | !GetAtt Queue.Name                             | AWS::SQS::Queue has no attribute 'Name'",
            "GetAtt of a missing resource    | !GetAtt Nothing.Arn                            | no resource Nothing",
            "Sub attribute that is missing   | !Sub '${Queue.Url}'                            | has no attribute 'Url'",
            "If on an undeclared condition   | !If [Undeclared, a, b]                         | condition 'Undeclared' is not declared",
            "Ref of nothing                  | !Ref Nothing                                   | !Ref Nothing names neither",
    })
    void eachRuleOfTheReferenceHasANegativeControl(String rule, String expression, String expected) throws IOException {
        List<String> problems = TemplateModel.load(template("      Value: " + expression + "\n")).problems();
        assertEquals(1, problems.size(), rule + ": " + problems);
        assertTrue(problems.get(0).contains(expected), rule + ": " + problems.get(0));
    }

    @Test
    void aResourceConditionMustBeDeclaredAndConditionsEvaluate() throws IOException {
        Path file = template("      Value: !If [HasName, !Sub '${Name}-x', none]\n    Condition: Missing\n");
        List<String> problems = TemplateModel.load(file).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("Thing.Condition: condition 'Missing' is not declared"), problems.get(0));
        TemplateModel valid = TemplateModel.load(template("      Value: !If [HasName, !Sub '${Name}-x', none]\n"));
        assertEquals("site-x", valid.evaluate(valid.resourceProperty("Thing", "Value"), "test"));
    }

    @Test
    void legalExpressionsResolveAsCloudFormationWould() throws IOException {
        TemplateModel template = TemplateModel.load(template("      Value: x\n"));
        assertEquals(List.of(), template.problems());
        assertEquals("a|b", template.evaluate(parse("!Join ['|', !Ref Names]"), "t"));
        assertEquals("b", template.evaluate(parse("!Select [1, !Split [',', !Join [',', !Ref Names]]]"), "t"));
        assertEquals("arn:aws:s3:::site/{{GetAtt Queue.QueueName}}", template.evaluate(parse("!Sub 'arn:${AWS::Partition}:s3:::${Name}/${Queue.QueueName}'"), "t"));
        assertEquals("${Literal}", template.evaluate(parse("!Sub '${!Literal}'"), "t"));
        assertFalse(template.problems().iterator().hasNext());
    }

    private Object parse(String expression) {
        return CloudFormationYaml.parse("v: " + expression + "\n").get("v");
    }

    private Path template(String thingBody) throws IOException {
        String yaml = """
                Parameters:
                  Sep:
                    Type: String
                    Default: ","
                  Name:
                    Type: String
                    Default: site
                  Names:
                    Type: CommaDelimitedList
                    Default: a,b
                Conditions:
                  HasName: !Not [!Equals [!Ref Name, ""]]
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                  Thing:
                    Type: AWS::SSM::Parameter
                    Properties:
                """ + thingBody;
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
