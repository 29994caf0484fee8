package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The coalescer role's IAM statements (its inline policies and the stack's managed policies attached to it) resolved to
 * concrete ARNs for every samconfig.toml environment and for a 100-distribution fleet: each ARN has the format its
 * service documents, and the CloudFront and S3 statements name exactly the configured distributions and buckets,
 * nothing more, nothing less.
 */
class RepoTemplateIamTest {

    private static final String ROLE = "InvalidationCoalescerRole";

    /** Every samconfig.toml environment and the 100-distribution fleet (testbed fixture fleet/fleet-100.yaml). */
    private static List<SamConfig.Environment> environments() {
        List<SamConfig.Environment> environments = new ArrayList<>(SamConfig.environments(RepoPaths.samconfig()));
        environments.addAll(SamConfig.environments(RepoPaths.root().resolve("testbed/src/test/resources/templates/samconfig-fleet-100.toml"), RepoPaths.root()));
        return environments;
    }

    @Test
    void everyResourceOfTheRoleIsAConcreteArnOfTheRightFormatInEveryEnvironment() {
        for (SamConfig.Environment env : environments()) {
            TemplateModel template = TemplateModel.load(RepoPaths.template()).forEnvironment(env);
            for (Map<?, ?> statement : statements(template)) {
                String sid = String.valueOf(statement.get("Sid"));
                for (String resource : resources(statement)) {
                    String why = whyNotAcceptable(template, env, sid, resource);
                    if (why != null) {
                        fail(env.name() + " " + sid + ": " + resource + ": " + why);
                    }
                }
            }
        }
    }

    /** Replaces checkov's CKV_AWS_364 (suppressed in security/suppressions.yaml: it reads parameter defaults). */
    @Test
    void everyLambdaPermissionForAServiceIsLimitedToASourceArnOrTheAccount() {
        TemplateModel template = TemplateModel.load(RepoPaths.template());
        List<String> permissions = template.resourcesOfType("AWS::Lambda::Permission");
        assertTrue(!permissions.isEmpty(), "the template has Lambda permissions to check");
        for (String permission : permissions) {
            Object principal = template.resourceProperty(permission, "Principal");
            if (String.valueOf(principal).endsWith(".amazonaws.com")) {
                Object sourceArn = template.resourceProperty(permission, "SourceArn");
                Object sourceAccount = template.resourceProperty(permission, "SourceAccount");
                assertTrue(sourceArn != null || sourceAccount != null,
                        permission + " lets " + principal + " invoke the function on behalf of anyone: set SourceArn or SourceAccount");
            }
        }
    }

    @Test
    void cloudFrontAndS3StatementsNameExactlyTheConfiguredDistributionsAndBuckets() {
        int largest = 0;
        for (SamConfig.Environment env : environments()) {
            TemplateModel template = TemplateModel.load(RepoPaths.template()).forEnvironment(env);
            List<String> ids = list(env, template, "DistributionIds");
            List<String> buckets = list(env, template, "SourceBucketNames");
            assertEquals(ids, List.copyOf(named(template, "InvalidateConfiguredDistributions", "distribution/")), env.name());
            assertEquals(buckets, List.copyOf(named(template, "ListSourceBucketsForInventory", ":::")), env.name());
            largest = Math.max(largest, Math.min(ids.size(), buckets.size()));
        }
        assertEquals(100, largest, "the fleet fixture serves 100 distributions and 100 buckets");
    }

    @Test
    void anyNumberOfDistributionsIsCoveredExactly() {
        TemplateModel base = TemplateModel.load(RepoPaths.template());
        for (int count : new int[] {1, 2, 9, 100}) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ids.add(String.format("E%03dQWRUHAPOMQZ", i));
            }
            Map<String, String> overrides = new HashMap<>();
            overrides.put("DistributionIds", String.join(",", ids));
            TemplateModel template = base.forEnvironment(new SamConfig.Environment("synthetic", "eu-west-1", "s", overrides));
            assertEquals(ids, List.copyOf(named(template, "InvalidateConfiguredDistributions", "distribution/")), count + " distributions");
        }
    }

    private static String whyNotAcceptable(TemplateModel template, SamConfig.Environment env, String sid, String resource) {
        String p = Pattern.quote(env.partition());
        String account = Pattern.quote(TemplateModel.PSEUDO.get("AWS::AccountId"));
        String region = Pattern.quote(env.region());
        if (resource.equals("*")) {
            return sid.equals("WriteTraces") ? null : "only X-Ray (no resource-level permissions) may use \"*\"";
        }
        // CloudFront: the account is "*" in the fleet's ARNs (a literal prefix; see CoalescerFleetAccess in template.yaml)
        if (resource.matches("arn:" + p + ":cloudfront::(" + account + "|\\*):distribution/[A-Z0-9]{10,20}")
                || resource.matches("arn:" + p + ":s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
                || (sid.equals("UseSnsManagedKey") && resource.matches("arn:" + p + ":kms:" + region + ":" + account + ":key/\\*"))) {
            return null;
        }
        Matcher token = Pattern.compile("\\{\\{(Ref|GetAtt) ([A-Za-z0-9]+)(?:\\.(Arn))?}}").matcher(resource);
        if (!token.matches()) {
            return "not an ARN format this test knows";
        }
        String type = template.resourceType(token.group(2));
        boolean arnValued = token.group(1).equals("GetAtt")
                ? Set.of("AWS::SQS::Queue", "AWS::DynamoDB::Table", "AWS::Logs::LogGroup", "AWS::KMS::Key").contains(type)
                : Set.of("AWS::SNS::Topic").contains(type);
        return arnValued ? null : token.group(1) + " of " + token.group(2) + " (" + type + ") is not an ARN";
    }

    private static Set<String> named(TemplateModel template, String sid, String marker) {
        Set<String> names = new LinkedHashSet<>();
        int count = 0;
        for (Map<?, ?> statement : statements(template)) {
            if (sid.equals(statement.get("Sid"))) {
                for (String resource : resources(statement)) {
                    names.add(resource.substring(resource.indexOf(marker) + marker.length()));
                    count++;
                }
            }
        }
        assertTrue(!names.isEmpty(), "no statement " + sid);
        assertEquals(count, names.size(), sid + " names an ARN twice");
        return names;
    }

    private static List<String> list(SamConfig.Environment env, TemplateModel template, String parameter) {
        String value = env.parameterOverrides().getOrDefault(parameter, template.parameterDefault(parameter));
        return List.of(value.split(","));
    }

    private static List<Map<?, ?>> statements(TemplateModel template) {
        Map<?, ?> role = (Map<?, ?>) template.evaluate(template.resourceProperty(ROLE), ROLE);
        assertEquals(null, role.get("ManagedPolicyArns"), "no AWS managed policies: every permission is scoped here");
        List<Object> documents = new ArrayList<>();
        for (Object policy : (List<?>) role.get("Policies")) {
            documents.add(((Map<?, ?>) policy).get("PolicyDocument"));
        }
        for (String managed : template.resourcesOfType("AWS::IAM::ManagedPolicy")) {
            Map<?, ?> properties = (Map<?, ?>) template.evaluate(template.resourceProperty(managed), managed);
            if (((List<?>) properties.get("Roles")).contains(TemplateModel.refToken(ROLE))) {
                documents.add(properties.get("PolicyDocument"));
            }
        }
        List<Map<?, ?>> statements = new ArrayList<>();
        for (Object document : documents) {
            for (Object s : (List<?>) ((Map<?, ?>) document).get("Statement")) {
                statements.add((Map<?, ?>) s);
            }
        }
        return statements;
    }

    private static List<String> resources(Map<?, ?> statement) {
        Object resource = statement.get("Resource");
        return resource instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(resource));
    }
}
