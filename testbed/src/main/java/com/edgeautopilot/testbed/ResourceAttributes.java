package com.edgeautopilot.testbed;

import java.util.Map;
import java.util.Set;

/**
 * The {@code Fn::GetAtt} attributes each resource type returns, from the CloudFormation template reference ("Return
 * values") and, for SAM types, the SAM specification. A type missing here is refused with a message saying to add it
 * from the reference, rather than guessed.
 */
final class ResourceAttributes {

    private static final Map<String, Set<String>> BY_TYPE = Map.ofEntries(
            Map.entry("AWS::SQS::Queue", Set.of("Arn", "QueueName", "QueueUrl")),
            Map.entry("AWS::SNS::Topic", Set.of("TopicArn", "TopicName")),
            Map.entry("AWS::SNS::Subscription", Set.of("Arn")),
            Map.entry("AWS::DynamoDB::Table", Set.of("Arn", "StreamArn")),
            Map.entry("AWS::Events::Rule", Set.of("Arn")),
            Map.entry("AWS::Scheduler::Schedule", Set.of("Arn")),
            Map.entry("AWS::IAM::Role", Set.of("Arn", "RoleId")),
            Map.entry("AWS::IAM::ManagedPolicy", Set.of("PolicyArn", "PolicyId")),
            Map.entry("AWS::Logs::LogGroup", Set.of("Arn")),
            Map.entry("AWS::KMS::Key", Set.of("Arn", "KeyId")),
            Map.entry("AWS::KMS::Alias", Set.of()),
            Map.entry("AWS::Lambda::Function", Set.of("Arn", "SnapStartResponse.ApplyOn", "SnapStartResponse.OptimizationStatus")),
            Map.entry("AWS::Serverless::Function", Set.of("Arn", "SnapStartResponse.ApplyOn", "SnapStartResponse.OptimizationStatus")),
            Map.entry("AWS::Lambda::Alias", Set.of("AliasArn")),
            Map.entry("AWS::Lambda::Version", Set.of("FunctionArn", "Version")),
            Map.entry("AWS::Lambda::EventSourceMapping", Set.of("EventSourceMappingArn", "Id")),
            Map.entry("AWS::Lambda::Permission", Set.of()),
            Map.entry("AWS::Serverless::LayerVersion", Set.of()),
            Map.entry("AWS::Lambda::LayerVersion", Set.of("LayerVersionArn")),
            Map.entry("AWS::CloudWatch::Alarm", Set.of("Arn")),
            Map.entry("AWS::CloudWatch::CompositeAlarm", Set.of("Arn")),
            Map.entry("AWS::CloudWatch::Dashboard", Set.of()),
            Map.entry("AWS::CloudFront::Function", Set.of("FunctionARN", "FunctionMetadata.FunctionARN", "Stage")),
            Map.entry("AWS::CloudFront::OriginRequestPolicy", Set.of("Id", "LastModifiedTime")),
            Map.entry("AWS::CloudFront::CachePolicy", Set.of("Id", "LastModifiedTime")),
            Map.entry("AWS::CloudFront::Distribution", Set.of("DomainName", "Id")),
            Map.entry("AWS::Route53::HealthCheck", Set.of("HealthCheckId")),
            Map.entry("AWS::Budgets::Budget", Set.of()),
            Map.entry("AWS::CE::AnomalyMonitor", Set.of("MonitorArn", "CreationDate", "DimensionalValueCount", "LastEvaluatedDate", "LastUpdatedDate")),
            Map.entry("AWS::CE::AnomalySubscription", Set.of("SubscriptionArn", "AccountId")));

    private ResourceAttributes() {
    }

    /** Fails unless {@code attribute} is a return value of {@code type}. */
    static void check(String logicalId, String type, String attribute) {
        Set<String> known = BY_TYPE.get(type);
        if (known == null) {
            throw new InvalidTemplateException("!GetAtt " + logicalId + "." + attribute + ": the test bed has no attribute list for "
                    + type + "; add its return values from the CloudFormation reference to ResourceAttributes");
        }
        if (!known.contains(attribute)) {
            throw new InvalidTemplateException("!GetAtt " + logicalId + "." + attribute + ": " + type + " has no attribute '"
                    + attribute + "' (it returns " + known.stream().sorted().toList() + ")");
        }
    }
}
