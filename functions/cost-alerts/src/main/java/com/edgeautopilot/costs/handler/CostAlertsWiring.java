package com.edgeautopilot.costs.handler;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.Lazy;
import com.edgeautopilot.common.Priming;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.costs.advisor.AdvisorRun;
import com.edgeautopilot.costs.advisor.PriceClassAdvisor;
import com.edgeautopilot.costs.cdn.CloudFrontPriceClasses;
import com.edgeautopilot.costs.cdn.DistributionPriceClasses;
import com.edgeautopilot.costs.config.CostAlertsConfig;
import com.edgeautopilot.costs.costexplorer.CostExplorer;
import com.edgeautopilot.costs.costexplorer.SignedCostExplorer;
import com.edgeautopilot.costs.digest.DigestRun;
import com.edgeautopilot.costs.event.CostSignalParser;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.intake.AlertIntake;
import com.edgeautopilot.costs.notify.Notifier;
import com.edgeautopilot.costs.notify.SnsNotifier;
import com.edgeautopilot.costs.reconcile.CoalescerUsage;
import com.edgeautopilot.costs.reconcile.DynamoCoalescerUsage;
import com.edgeautopilot.costs.reconcile.UsageReconciler;
import com.edgeautopilot.costs.store.AlertStore;
import com.edgeautopilot.costs.store.DynamoAlertStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/** The one place that wires the cost-alerts function for production (and for anything that runs it like production). */
public final class CostAlertsWiring {

    public static final String FUNCTION = "cost-alerts";

    /** The collaborators that cross the wire (tests pass stand-ins or doubles). */
    public record Ports(AlertStore store, Notifier notifier, CostExplorer costExplorer, DistributionPriceClasses distributions,
                        CoalescerUsage coalescerUsage) {
    }

    private CostAlertsWiring() {
    }

    public static CostAlerts production() {
        CostAlertsConfig config = CostAlertsConfig.from(Settings.fromEnvironment());
        Log log = Log.stdout();
        LazyClients clients = LazyClients.of(config, AwsClients.fromEnvironment());
        CostAlerts alerts = wire(config, clients.ports(), Clock.systemUTC(), log);
        Priming.beforeSnapshot(FUNCTION, () -> clients.prime(config), log);
        return alerts;
    }

    public static CostAlerts wire(CostAlertsConfig config, AwsClients aws, Clock clock, Log log) {
        return wire(config, ports(config, aws), clock, log);
    }

    public static Ports ports(CostAlertsConfig config, AwsClients aws) {
        return LazyClients.of(config, aws).ports();
    }

    /** A group key no alert has (keys are label values: account ids, service names, sources, severities): never written. */
    static final String NEVER_A_GROUP = "priming-never-a-group";

    /**
     * DynamoDB at init (every path; one client for the alert table and the coalescer's table); SNS on the first digest,
     * CloudFront on the first price-class report (or by priming).
     */
    record LazyClients(Lazy<Notifier> sns, Lazy<DistributionPriceClasses> cloudFront, Ports ports) {

        static LazyClients of(CostAlertsConfig config, AwsClients aws) {
            DynamoDbClient dynamo = aws.dynamoDb();
            CoalescerUsage usage = config.coalescerTable() == null ? CoalescerUsage.NONE
                    : new DynamoCoalescerUsage(dynamo, config.coalescerTable());
            Lazy<Notifier> sns = Lazy.of(() -> new SnsNotifier(aws.sns(), config.digestTopicArn()));
            Lazy<DistributionPriceClasses> cloudFront = Lazy.of(() -> new CloudFrontPriceClasses(aws.cloudFront()));
            return new LazyClients(sns, cloudFront, new Ports(new DynamoAlertStore(dynamo, config.tableName(), config.retention()),
                    notification -> sns.get().send(notification),
                    new SignedCostExplorer(aws.httpClient(), aws.credentialsProvider(), SignedCostExplorer.configuredEndpoint()),
                    ids -> cloudFront.get().priceClasses(ids),
                    usage));
        }

        /**
         * Before the snapshot: builds the clients, parses a sample Budgets notification, and reads a group that never
         * exists (one consistent GetItem: loads and warms the DynamoDB request path every signal takes first). Nothing is
         * written or sent, Cost Explorer is not called; nothing unique is kept.
         */
        void prime(CostAlertsConfig config) {
            sns.get();
            cloudFront.get();
            new CostSignalParser(config.budgetServices(), config.criticalImpactUsd()).snsRecord(Map.of("EventSource", "aws:sns",
                    "Sns", Map.of("Subject", "AWS Budgets: priming has exceeded your alert threshold",
                            "Message", "AWS Budget Notification January 01, 2000\nBudget Name: priming\nAlert Type: ACTUAL\n")));
            ports.store().group(NEVER_A_GROUP);
        }
    }

    public static CostAlerts wire(CostAlertsConfig config, Ports ports, Clock clock, Log log) {
        String namespace = System.getenv().getOrDefault("METRICS_NAMESPACE", "EdgeAutopilot");
        Supplier<Metrics> metrics = () -> new Metrics(namespace, System.out, clock).dimension("Function", FUNCTION);
        CostSignalParser parser = new CostSignalParser(config.budgetServices(), config.criticalImpactUsd());
        AlertIntake intake = new AlertIntake(config.grouping(), ports.store(), config.alertOpenFor());
        DigestRun digests = new DigestRun(ports.store(), new DigestSchedule(config.groupWait(), config.groupInterval(), config.repeatInterval()),
                ports.notifier(), config.digestLease());
        AdvisorRun advisor = new AdvisorRun(ports.costExplorer(), ports.distributions(), config.distributionIds(),
                new PriceClassAdvisor(config.prices()), ports.notifier());
        UsageReconciler reconciler = new UsageReconciler(ports.costExplorer(), ports.coalescerUsage());
        return new CostAlerts(parser, intake, digests, advisor, reconciler, clock, log, metrics);
    }
}
