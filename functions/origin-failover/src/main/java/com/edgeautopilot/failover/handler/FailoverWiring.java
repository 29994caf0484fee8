package com.edgeautopilot.failover.handler;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.Lazy;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Priming;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.failover.cdn.CloudFrontDistributionGateway;
import com.edgeautopilot.failover.cdn.DistributionGateway;
import com.edgeautopilot.failover.config.FailoverConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import com.edgeautopilot.failover.control.Failover;
import com.edgeautopilot.failover.event.AlarmTransitionParser;
import com.edgeautopilot.failover.health.CloudWatchAlarmHealth;
import com.edgeautopilot.failover.health.AlarmHealthCheck;
import com.edgeautopilot.failover.notify.Notifier;
import com.edgeautopilot.failover.notify.SnsNotifier;
import com.edgeautopilot.failover.store.DynamoFailoverStore;

import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

/** The one place that wires origin failover for production (and for anything that runs it like production). */
public final class FailoverWiring {

    public static final String FUNCTION = "origin-failover";

    private FailoverWiring() {
    }

    public static Failover production() {
        FailoverConfig config = FailoverConfig.from(Settings.fromEnvironment());
        AwsClients aws = AwsClients.fromEnvironment();
        Log log = Log.stdout();
        // the CloudWatch clients (one per alarm region) are built on the first failover that asks about the standby
        Lazy<AlarmHealthCheck> cloudWatch = Lazy.of(() ->
                CloudWatchAlarmHealth.from(aws, config.alarmArns()));
        Clients clients = Clients.of(config, aws);
        Failover failover = wire(config, clients, alarms -> cloudWatch.get().check(alarms), Clock.systemUTC());
        Priming.beforeSnapshot(FUNCTION, () -> prime(clients, cloudWatch), log);
        return failover;
    }

    /** A distribution id that cannot exist (CloudFront ids are upper-case letters and digits): its state is never written. */
    static final String NEVER_A_DISTRIBUTION = "priming-never-a-distribution";

    /**
     * Before the snapshot: builds every client, parses a sample alarm, and reads the state of a distribution id that never
     * exists (one consistent GetItem: loads and warms the DynamoDB request path, marshalling, signing and HTTP, which
     * every alarm takes first). Nothing is written, published or switched, no alarm is read; nothing unique is kept.
     */
    static void prime(Clients clients, Lazy<AlarmHealthCheck> cloudWatch) {
        clients.cloudFront().get();
        clients.sns().get();
        cloudWatch.get();
        new AlarmTransitionParser(Set.of()).fromSnsMessage(SAMPLE_ALARM);
        clients.store().read(NEVER_A_DISTRIBUTION);
    }

    /** Production collaborators, except the alarm health check (tests pass a double: moto does not serve SDK 2.42's CloudWatch protocol). */
    public static Failover wire(FailoverConfig config, AwsClients aws, AlarmHealthCheck health, Clock clock) {
        return wire(config, Clients.of(config, aws), health, clock);
    }

    private static Failover wire(FailoverConfig config, Clients clients, AlarmHealthCheck health, Clock clock) {
        String namespace = System.getenv().getOrDefault("METRICS_NAMESPACE", "EdgeAutopilot");
        Supplier<Metrics> metrics = () -> new Metrics(namespace, System.out, clock).dimension("Function", FUNCTION);
        return Failover.of(config, clients.store(), clients.distributions(), health, clients.notifier(), FailoverWiring::sleep, clock, metrics);
    }

    /** DynamoDB is built at init (every path uses it); CloudFront and SNS when first called (or by the priming hook). */
    record Clients(DynamoFailoverStore store, Lazy<DistributionGateway> cloudFront, Lazy<Notifier> sns,
                   DistributionGateway distributions, Notifier notifier) {

        static Clients of(FailoverConfig config, AwsClients aws) {
            Lazy<Notifier> sns = Lazy.of(() -> config.topicArn() == null ? Notifier.NONE : new SnsNotifier(aws.sns(), config.topicArn()));
            Lazy<DistributionGateway> cloudFront = Lazy.of(() -> new CloudFrontDistributionGateway(CloudFrontClients.of(aws)));
            DistributionGateway distributions = new DistributionGateway() {
                @Override
                public Versioned readConfig(String distributionId) {
                    return cloudFront.get().readConfig(distributionId);
                }

                @Override
                public String update(String distributionId, DistributionConfig distributionConfig, String ifMatch) {
                    return cloudFront.get().update(distributionId, distributionConfig, ifMatch);
                }

                @Override
                public String status(String distributionId) {
                    return cloudFront.get().status(distributionId);
                }
            };
            return new Clients(new DynamoFailoverStore(aws.dynamoDb(), config.tableName(), config.lease(), config.auditRetention()),
                    cloudFront, sns, distributions, config.topicArn() == null ? Notifier.NONE : notice -> sns.get().publish(notice));
        }
    }

    private static final String SAMPLE_ALARM = "{\"AlarmName\":\"priming\",\"AlarmArn\":\"arn:aws:cloudwatch:us-east-1:000000000000:alarm:priming\","
            + "\"NewStateValue\":\"ALARM\",\"OldStateValue\":\"OK\",\"StateChangeTime\":\"2000-01-01T00:00:00.000+0000\"}";

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
