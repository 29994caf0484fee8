package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Least privilege, checked on the template as CloudFormation receives it: after the SAM transform
 * ({@code scripts/lib/translate_template.py}, run here for every samconfig.toml environment), so the roles and
 * managed policies SAM generates are checked too. Fails on a wildcard action (also {@code service:*}), on NotAction
 * or NotResource, on any managed policy (AWS managed policies grant on "*": AWSLambdaBasicExecutionRole writes every
 * log group of the account), and on any "*" in a resource that {@code security/iam-wildcards.yaml} does not justify.
 * Every queue and topic is encrypted at rest.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class RepoTemplateLeastPrivilegeTest {

    /** What the AWS managed policies SAM can attach grant, so a failure says what would be granted. */
    private static final Map<String, String> MANAGED_POLICY_GRANTS = Map.of(
            "AWSLambdaBasicExecutionRole", "logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents on \"*\"",
            "AWSXrayWriteOnlyAccess", "xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSampling* on \"*\"",
            "AWSLambdaSQSQueueExecutionRole", "sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes and logs on \"*\"");

    private static final Map<SamConfig.Environment, TemplateModel> TRANSLATED = new LinkedHashMap<>();

    @BeforeAll
    static void translateEveryEnvironment() throws IOException, InterruptedException {
        Path out = Files.createDirectories(RepoPaths.outputDir().resolve("translated"));
        Path fleet = RepoPaths.root().resolve("testbed/src/test/resources/templates/samconfig-fleet-100.toml");
        Map<SamConfig.Environment, Path> environments = new LinkedHashMap<>();
        SamConfig.environments(RepoPaths.samconfig()).forEach(env -> environments.put(env, RepoPaths.samconfig()));
        SamConfig.environments(fleet, RepoPaths.root()).forEach(env -> environments.put(env, fleet));
        for (Map.Entry<SamConfig.Environment, Path> entry : environments.entrySet()) {
            SamConfig.Environment env = entry.getKey();
            Path json = out.resolve("template." + env.name() + ".json");
            Path log = out.resolve("translate." + env.name() + ".log");
            Process process = new ProcessBuilder(python(), "scripts/lib/translate_template.py", "template.yaml", json.toString(),
                    "--samconfig", RepoPaths.root().relativize(entry.getValue()).toString(), "--env", env.name())
                    .directory(RepoPaths.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                fail("the SAM transform of template.yaml for '" + env.name() + "' failed (it needs aws-sam-translator from the project's"
                        + " tools venv: ./scripts/setup): " + Processes.tail(log, 30));
            }
            TRANSLATED.put(env, TemplateModel.load(json).forEnvironment(env));
        }
        assertFalse(TRANSLATED.isEmpty(), "samconfig.toml has environments");
    }

    @Test
    void noRoleHasAWildcardActionAManagedPolicyOrAnUnjustifiedWildcardResource() {
        List<Map<String, Object>> exceptions = wildcardExceptions();
        List<String> problems = new ArrayList<>();
        int statements = 0;
        for (Map.Entry<SamConfig.Environment, TemplateModel> entry : TRANSLATED.entrySet()) {
            SamConfig.Environment env = entry.getKey();
            TemplateModel template = entry.getValue();
            List<String> roles = template.resourcesOfType("AWS::IAM::Role");
            assertTrue(roles.size() >= 3, env.name() + ": the functions' roles are in the translated template: " + roles);
            assertTrue(template.resourcesOfType("AWS::IAM::Policy").isEmpty(),
                    "permissions live in the roles and the stack's managed policies attached to them, where this test reads them");
            Set<String> configuredIds = new TreeSet<>(List.of(String.valueOf(env.parameterOverrides().getOrDefault("DistributionIds",
                    template.parameterDefault("DistributionIds"))).split(",")));
            for (String managedPolicy : template.resourcesOfType("AWS::IAM::ManagedPolicy")) {
                Map<?, ?> properties = (Map<?, ?>) template.evaluate(template.resourceProperty(managedPolicy), managedPolicy);
                assertTrue(properties.get("Roles") instanceof List<?> attached && !attached.isEmpty(), managedPolicy + " is attached to a role");
                for (Object s : (List<?>) ((Map<?, ?>) properties.get("PolicyDocument")).get("Statement")) {
                    statements++;
                    problems.addAll(problems(env, managedPolicy, (Map<?, ?>) s, exceptions, configuredIds));
                }
            }
            for (String role : roles) {
                Map<?, ?> properties = (Map<?, ?>) template.evaluate(template.resourceProperty(role), role);
                if (properties.get("ManagedPolicyArns") instanceof List<?> managed && !managed.isEmpty()) {
                    for (Object arn : managed) {
                        String name = String.valueOf(arn).substring(String.valueOf(arn).lastIndexOf('/') + 1);
                        problems.add(env.name() + " " + role + ": managed policy " + arn + " grants "
                                + MANAGED_POLICY_GRANTS.getOrDefault(name, "permissions not scoped to this stack")
                                + " (give the function an explicit role with scoped statements)");
                    }
                }
                for (Object policy : properties.get("Policies") instanceof List<?> l ? l : List.of()) {
                    Map<?, ?> document = (Map<?, ?>) ((Map<?, ?>) policy).get("PolicyDocument");
                    for (Object s : (List<?>) document.get("Statement")) {
                        statements++;
                        problems.addAll(problems(env, role, (Map<?, ?>) s, exceptions, configuredIds));
                    }
                }
            }
        }
        assertTrue(statements >= 15, "statements checked: " + statements);
        assertEquals(List.of(), problems, "least privilege");
    }

    @Test
    void theCheckRefusesWhatItMustRefuse() {
        SamConfig.Environment env = TRANSLATED.keySet().iterator().next();
        List<Map<String, Object>> exceptions = wildcardExceptions();
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "Action", "s3:*", "Resource", "arn:aws:s3:::b"), exceptions).isEmpty(), "service-wide");
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "Action", "*", "Resource", "arn:aws:s3:::b"), exceptions).isEmpty(), "any action");
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "Action", "sqs:Get*", "Resource", "arn:aws:s3:::b"), exceptions).isEmpty(), "prefix");
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "Action", List.of("logs:PutLogEvents"), "Resource", "*"), exceptions).isEmpty(), "resource *");
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "Action", "cloudfront:GetDistributionConfig",
                "Resource", "arn:aws:cloudfront::*:distribution/*"), exceptions).isEmpty(), "any distribution");
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "Action", "cloudfront:GetDistributionConfig",
                "Resource", "arn:aws:cloudfront::*:distribution/E2"), exceptions).isEmpty(), "a distribution that is not configured");
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "Action", "cloudfront:UpdateDistribution",
                "Resource", "arn:aws:cloudfront::*:distribution/E1"), exceptions).isEmpty(), "an action the exception does not name");
        assertEquals(List.of(), problems(env, "R", Map.of("Effect", "Allow", "Action", "cloudfront:GetDistributionConfig",
                "Resource", "arn:aws:cloudfront::*:distribution/E1"), exceptions), "a configured distribution, any account segment");
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "Action", List.of("ce:GetCostAndUsage", "ce:GetTags"), "Resource", "*"),
                exceptions).isEmpty(), "an exception covers exactly its actions");
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "Action", List.of("kms:GenerateDataKey", "kms:Decrypt"),
                "Resource", "arn:" + env.partition() + ":kms:" + env.region() + ":" + TemplateModel.PSEUDO.get("AWS::AccountId") + ":key/*"),
                exceptions).isEmpty(), "the KMS exception needs its condition");
        assertFalse(problems(env, "R", Map.of("Effect", "Allow", "NotAction", "iam:*", "Resource", "arn:aws:s3:::b"), exceptions).isEmpty(), "NotAction");
        assertEquals(List.of(), problems(env, "R", Map.of("Effect", "Allow", "Action", List.of("ce:GetCostAndUsage"), "Resource", "*"), exceptions));
    }

    @Test
    void everyQueueAndTopicIsEncryptedAtRest() {
        for (Map.Entry<SamConfig.Environment, TemplateModel> entry : TRANSLATED.entrySet()) {
            TemplateModel template = entry.getValue();
            for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
                boolean sse = Boolean.TRUE.equals(template.resourceProperty(queue, "SqsManagedSseEnabled"))
                        || template.resourceProperty(queue, "KmsMasterKeyId") != null;
                assertTrue(sse, entry.getKey().name() + " " + queue + ": SqsManagedSseEnabled or KmsMasterKeyId");
            }
            List<String> topics = template.resourcesOfType("AWS::SNS::Topic");
            assertTrue(topics.size() >= 4, topics.toString());
            for (String topic : topics) {
                assertTrue(template.resourceProperty(topic, "KmsMasterKeyId") != null, entry.getKey().name() + " " + topic + ": KmsMasterKeyId");
            }
        }
    }

    private static List<String> problems(SamConfig.Environment env, String role, Map<?, ?> statement, List<Map<String, Object>> exceptions) {
        return problems(env, role, statement, exceptions, Set.of("E1"));
    }

    private static List<String> problems(SamConfig.Environment env, String role, Map<?, ?> statement, List<Map<String, Object>> exceptions,
                                         Set<String> configuredIds) {
        String where = env.name() + " " + role + " " + statement.get("Sid") + ": ";
        List<String> problems = new ArrayList<>();
        if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
            problems.add(where + "NotAction/NotResource grant everything else");
            return problems;
        }
        if (!"Allow".equals(statement.get("Effect"))) {
            return problems;
        }
        Set<String> actions = new TreeSet<>(strings(statement.get("Action")));
        for (String action : actions) {
            if (action.contains("*") || action.contains("?")) {
                problems.add(where + "wildcard action " + action);
            }
        }
        for (String resource : strings(statement.get("Resource"))) {
            if (resource.contains("*") && !justified(env, actions, resource, statement, exceptions, configuredIds)) {
                problems.add(where + actions + " on " + resource + " is not justified in security/iam-wildcards.yaml");
            }
        }
        return problems;
    }

    private static boolean justified(SamConfig.Environment env, Set<String> actions, String resource, Map<?, ?> statement,
                                     List<Map<String, Object>> exceptions, Set<String> configuredIds) {
        for (Map<String, Object> exception : exceptions) {
            String pattern = String.valueOf(exception.get("resource"));
            if (pattern.contains("${DistributionId}")) {
                // exactly one configured distribution per ARN: the placeholder takes the id this ARN names, if configured
                String prefix = pattern.substring(0, pattern.indexOf("${DistributionId}")).replace("${Partition}", env.partition());
                String id = resource.startsWith(prefix) ? resource.substring(prefix.length()) : "";
                pattern = configuredIds.contains(id) ? pattern.replace("${DistributionId}", id) : pattern;
            }
            String allowed = pattern
                    .replace("${Partition}", env.partition())
                    .replace("${Region}", env.region())
                    .replace("${Account}", TemplateModel.PSEUDO.get("AWS::AccountId"));
            Object conditionKey = exception.get("condition");
            boolean conditioned = conditionKey == null
                    || (statement.get("Condition") instanceof Map<?, ?> c && c.values().stream()
                    .anyMatch(op -> op instanceof Map<?, ?> keys && keys.containsKey(conditionKey)));
            if (new TreeSet<>(strings(exception.get("actions"))).equals(actions) && allowed.equals(resource) && conditioned) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> wildcardExceptions() {
        String text = RepoPaths.read(RepoPaths.root().resolve("security").resolve("iam-wildcards.yaml"));
        List<Map<String, Object>> entries = (List<Map<String, Object>>) new Yaml().load(text);
        for (Map<String, Object> entry : entries) {
            assertTrue(entry.get("reason") instanceof String r && r.split("\\s+").length >= 8,
                    "security/iam-wildcards.yaml: every exception has its reason: " + entry);
        }
        return entries;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static String python() {
        Path venvPython = MotoServer.toolsVenvMotoServer().resolveSibling("python");
        return Files.isExecutable(venvPython) ? venvPython.toString() : "python3";
    }

}
