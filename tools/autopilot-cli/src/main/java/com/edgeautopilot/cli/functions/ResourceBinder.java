package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.cli.aws.AwsTarget;
import com.edgeautopilot.testbed.EnvValue;
import com.edgeautopilot.testbed.TemplateModel;
import com.edgeautopilot.testbed.TemplateTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.SnsClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives a template resource a local stand-in and returns what {@code !Ref}/{@code !GetAtt} would give: a DynamoDB
 * table created from its template definition (its name), an SNS topic (its ARN). Only on loopback targets: in a remote
 * account the CLI creates nothing, and such variables must come from {@code --env}.
 */
public final class ResourceBinder {

    private final TemplateModel template;
    private final AwsTarget aws;
    private final String nameSuffix;
    private final Map<String, String> bound = new LinkedHashMap<>();
    private final Map<String, String> created = new LinkedHashMap<>();

    /**
     * @param nameSuffix appended to every name ({@code ""} for stable names that a later run against the same
     *                   stand-ins finds again; a unique suffix for a fresh, private set)
     */
    public ResourceBinder(TemplateModel template, AwsTarget aws, String nameSuffix) {
        this.template = template;
        this.aws = aws;
        this.nameSuffix = nameSuffix;
    }

    public String bind(EnvValue.Resource resource, String variable) {
        String key = resource.describe();
        String value = bound.get(key);
        if (value != null) {
            return value;
        }
        if (aws == null || !aws.loopbackOnly()) {
            throw CliException.failure(variable + " is " + resource.describe() + " in template.yaml; against remote endpoints the CLI "
                    + "creates nothing: pass --env " + variable + "=<the deployed value>");
        }
        String name = "edge-autopilot-" + resource.logicalId() + nameSuffix;
        String type = String.valueOf(resource.type());
        if (type.equals("AWS::DynamoDB::Table") && resource.attribute() == null) {
            value = table(resource.logicalId(), name);
        } else if (type.equals("AWS::SNS::Topic") && resource.attribute() == null) {
            try (SnsClient sns = aws.clients().sns()) {
                value = sns.createTopic(b -> b.name(name)).topicArn();
            }
            created.put(resource.logicalId(), "SNS topic " + value);
        } else {
            throw CliException.failure(variable + " is " + resource.describe() + " (" + type + "), which the CLI cannot stand in for; "
                    + "pass --env " + variable + "=<value>");
        }
        bound.put(key, value);
        return value;
    }

    /** What was created, by logical id (for the output). */
    public Map<String, String> created() {
        return created;
    }

    private String table(String logicalId, String name) {
        try (DynamoDbClient dynamo = aws.clients().dynamoDb()) {
            try {
                dynamo.describeTable(b -> b.tableName(name));
                created.put(logicalId, "DynamoDB table " + name + " (existing)");
            } catch (ResourceNotFoundException missing) {
                TemplateTables.load(template.source()).table(logicalId).createIn(dynamo, name);
                created.put(logicalId, "DynamoDB table " + name);
            }
        }
        return name;
    }
}
