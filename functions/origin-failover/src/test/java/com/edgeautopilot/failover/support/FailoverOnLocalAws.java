package com.edgeautopilot.failover.support;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.failover.cdn.CloudFrontDistributionGateway;
import com.edgeautopilot.failover.cdn.ConfigEdit;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.control.Failover;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.notify.SnsNotifier;
import com.edgeautopilot.failover.store.DynamoFailoverStore;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Origin failover wired as in production on the local stand-ins (CloudFront, SNS and SQS in moto, DynamoDB Local) with
 * a distribution, a notification topic read back through a subscribed queue, and waits that move the simulated clock.
 * Tests add interceptors (faults, crashes, CloudFront's ETags) to every client through {@code overrides}.
 */
public final class FailoverOnLocalAws {

    public static final List<String> ON_PRIMARY = List.of("default=primary", "/api/*=primary", "/static/*=assets", "/checkout/*=primary");
    public static final List<String> ON_STANDBY = List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby");

    public final LocalAws aws;
    public final String distributionId;
    public final String topicArn;
    private final String queueUrl;

    public FailoverOnLocalAws(LocalAws aws, String name) {
        this(aws, name, Fixtures.simpleConfig(name + "-" + System.nanoTime()));
    }

    /** With a distribution of the given config (its caller reference must be unique in the moto server). */
    public FailoverOnLocalAws(LocalAws aws, String name, software.amazon.awssdk.services.cloudfront.model.DistributionConfig config) {
        this.aws = aws;
        this.distributionId = aws.cloudFront().createDistribution(b -> b.distributionConfig(config)).distribution().id();
        this.topicArn = aws.sns().createTopic(b -> b.name(name)).topicArn();
        this.queueUrl = aws.sqs().createQueue(b -> b.queueName(name + "-inbox")).queueUrl();
        String queueArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    }

    /** As {@code FailoverWiring.wire}, with clients changed by {@code overrides} and waits moving the simulated clock. */
    public FailoverHandler handler(DynamoDbLocalExtension db, ControllableClock clock, Consumer<software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.Builder> overrides) {
        AwsClients clients = aws.clients().withOverrides(overrides);
        Map<String, String> env = new HashMap<>();
        env.put("PROTECTED_DISTRIBUTIONS", Fixtures.settingFor(distributionId, 300, true));
        env.put("FAILOVER_TABLE", db.tableName("FailoverTable"));
        env.put("NOTIFICATION_TOPIC_ARN", topicArn);
        FailoverConfig config = FailoverConfig.from(Settings.of(env));
        Failover failover = Failover.of(config, new DynamoFailoverStore(clients.dynamoDb(), config.tableName(), config.lease(), config.auditRetention()),
                new CloudFrontDistributionGateway(CloudFrontClients.of(clients)), new FakeAlarmHealth(), new SnsNotifier(clients.sns(), topicArn),
                millis -> clock.advance(Duration.ofMillis(millis)), clock,
                () -> new Metrics("EdgeAutopilot", new PrintStream(OutputStream.nullOutputStream()), clock).dimension("Function", "origin-failover"));
        return new FailoverHandler(failover, Log.to(new PrintStream(OutputStream.nullOutputStream())));
    }

    public List<String> liveTargets() {
        return ConfigEdit.targets(aws.cloudFront().getDistributionConfig(b -> b.id(distributionId)).distributionConfig());
    }

    /** Notices received so far (and removed from the queue), counted by their {@code event} attribute. */
    public Map<String, Integer> notices() {
        Map<String, Integer> counts = new TreeMap<>();
        List<Message> batch;
        do {
            batch = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            for (Message m : batch) {
                counts.merge(Json.string(Json.parseObject(m.body()), "MessageAttributes", "event", "Value"), 1, Integer::sum);
                aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return counts;
    }
}
