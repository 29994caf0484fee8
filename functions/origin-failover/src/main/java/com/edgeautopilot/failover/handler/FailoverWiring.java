package com.edgeautopilot.failover.handler;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.failover.cdn.CloudFrontDistributionGateway;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.control.Failover;
import com.edgeautopilot.failover.health.CloudWatchStandbyHealth;
import com.edgeautopilot.failover.health.StandbyHealthCheck;
import com.edgeautopilot.failover.notify.Notifier;
import com.edgeautopilot.failover.notify.SnsNotifier;
import com.edgeautopilot.failover.store.DynamoFailoverStore;

import java.time.Clock;
import java.util.function.Supplier;

/** The one place that wires origin failover for production (and for anything that runs it like production). */
public final class FailoverWiring {

    public static final String FUNCTION = "origin-failover";

    private FailoverWiring() {
    }

    public static Failover production() {
        FailoverConfig config = FailoverConfig.from(Settings.fromEnvironment());
        AwsClients aws = AwsClients.fromEnvironment();
        return wire(config, aws, CloudWatchStandbyHealth.from(aws, config.distributions().stream().flatMap(d -> d.standbyAlarms().stream()).toList()), Clock.systemUTC());
    }

    /** Production collaborators, except the standby health check (tests pass a double: moto does not serve SDK 2.42's CloudWatch protocol). */
    public static Failover wire(FailoverConfig config, AwsClients aws, StandbyHealthCheck health, Clock clock) {
        Notifier notifier = config.topicArn() == null ? Notifier.NONE : new SnsNotifier(aws.sns(), config.topicArn());
        String namespace = System.getenv().getOrDefault("METRICS_NAMESPACE", "EdgeAutopilot");
        Supplier<Metrics> metrics = () -> new Metrics(namespace, System.out, clock).dimension("Function", FUNCTION);
        return Failover.of(config, new DynamoFailoverStore(aws.dynamoDb(), config.tableName(), config.lease(), config.auditRetention()),
                new CloudFrontDistributionGateway(aws.cloudFront()), health, notifier, FailoverWiring::sleep, clock, metrics);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
