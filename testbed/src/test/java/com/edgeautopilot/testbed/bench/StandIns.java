package com.edgeautopilot.testbed.bench;

import com.edgeautopilot.testbed.DynamoDbLocal;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServer;
import com.edgeautopilot.testbed.TemplateTables;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DynamoDB Local (in this JVM) and moto's server on loopback, and the resources {@code bench/functions.txt} asks
 * for through placeholders, each made once and shared by all runs. Function processes reach them through the
 * loopback endpoints {@link LocalAws#lambdaEnvironment()} puts in their environment: no call leaves the machine.
 */
final class StandIns implements AutoCloseable {

    static final String BUCKET = "example-site-bucket";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(table|topic):([A-Za-z0-9_.-]+)}|\\$\\{(distribution|routes)}");

    private final DynamoDbLocal dynamoDb;
    private final LocalAws aws;
    private final TemplateTables template = TemplateTables.fromRepo();
    private final Map<String, String> made = new LinkedHashMap<>();

    StandIns() {
        dynamoDb = DynamoDbLocal.shared();
        aws = LocalAws.configure(dynamoDb, MotoServer.shared());
    }

    /** The function's environment with every placeholder replaced by a stand-in resource. */
    Map<String, String> resolve(Map<String, String> env) {
        Map<String, String> resolved = new LinkedHashMap<>();
        env.forEach((name, value) -> resolved.put(name, substitute(value)));
        return resolved;
    }

    private synchronized String substitute(String value) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group();
            String replacement = made.computeIfAbsent(key, k -> make(matcher.group(1) != null ? matcher.group(1) : matcher.group(3),
                    matcher.group(2)));
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String make(String kind, String name) {
        return switch (kind) {
            case "table" -> {
                String table = "bench-" + name + "-" + System.nanoTime();
                template.table(name).createIn(aws.dynamoDb(), table);
                yield table;
            }
            case "topic" -> aws.sns().createTopic(b -> b.name("bench-" + name)).topicArn();
            case "distribution" -> distribution();
            case "routes" -> "[{\"bucket\":\"" + BUCKET + "\",\"distributionId\":\"" + substitute("${distribution}")
                    + "\",\"defaultRootObject\":\"index.html\",\"directoryIndex\":\"index.html\"}]";
            default -> throw new IllegalArgumentException("unknown placeholder kind " + kind);
        };
    }

    private String distribution() {
        return aws.cloudFront().createDistribution(b -> b.distributionConfig(DistributionConfig.builder()
                .callerReference("bench-" + System.nanoTime()).comment("bench/run").enabled(true)
                .origins(o -> o.quantity(1).items(origin -> origin.id("site").domainName(BUCKET + ".s3.amazonaws.com")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))))
                .defaultCacheBehavior(c -> c.targetOriginId("site").viewerProtocolPolicy("redirect-to-https")
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))
                .build())).distribution().id();
    }

    @Override
    public void close() {
        dynamoDb.close();
        MotoServer.running().ifPresent(MotoServer::close);
    }
}
