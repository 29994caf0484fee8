package com.edgeautopilot.costs.handler;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.Lazy;
import com.edgeautopilot.common.Priming;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.costs.advisor.AdvisorRun;
import com.edgeautopilot.costs.advisor.PriceClassAdvisor;
import com.edgeautopilot.costs.cdn.CloudFrontPriceClasses;
import com.edgeautopilot.costs.cdn.DistributionPriceClasses;
import com.edgeautopilot.costs.config.CostAlertsConfig;
import com.edgeautopilot.costs.costexplorer.CostExplorer;
import com.edgeautopilot.costs.costexplorer.SignedCostExplorer;
import com.edgeautopilot.costs.digest.DigestRun;
import com.edgeautopilot.costs.event.CostSignalParser;
import com.edgeautopilot.costs.event.ParsedSignal;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.intake.AlertIntake;
import com.edgeautopilot.costs.lifecycle.AlertLifecycle;
import com.edgeautopilot.costs.notify.Notifier;
import com.edgeautopilot.costs.notify.SnsNotifier;
import com.edgeautopilot.costs.reconcile.CoalescerUsage;
import com.edgeautopilot.costs.reconcile.DynamoCoalescerUsage;
import com.edgeautopilot.costs.reconcile.UsageReconciler;
import com.edgeautopilot.costs.store.AlertStore;
import com.edgeautopilot.costs.store.DynamoAlertStore;

import java.time.Clock;
import java.util.List;
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

    /** A cost anomaly as Cost Anomaly Detection sends it, with nothing of this account or time in it. */
    private static final String SAMPLE_ANOMALY = "{\"accountId\":\"000000000000\",\"anomalyStartDate\":\"2000-01-01T00:00:00Z\","
            + "\"anomalyEndDate\":\"2000-01-02T00:00:00Z\",\"anomalyId\":\"priming\",\"dimensionalValue\":\"Amazon CloudFront\","
            + "\"monitorName\":\"priming\",\"monitorType\":\"DIMENSIONAL\",\"anomalyScore\":{\"maxScore\":0.5,\"currentScore\":0.5},"
            + "\"impact\":{\"maxImpact\":1.5,\"totalActualSpend\":3.0,\"totalExpectedSpend\":1.5,\"totalImpact\":1.5,\"totalImpactPercentage\":100.0},"
            + "\"rootCauses\":[{\"service\":\"Amazon CloudFront\",\"region\":\"us-east-1\",\"usageType\":\"DataTransfer-Out-Bytes\"}]}";

    /** A group key no alert has (keys are label values: account ids, service names, sources, severities): never written. */
    static final String NEVER_A_GROUP = "priming-never-a-group";

    /** DynamoDB at init (every path); SNS on the first digest, CloudFront on the first price-class report (or by priming). */
    record LazyClients(Lazy<Notifier> sns, Lazy<DistributionPriceClasses> cloudFront, Ports ports) {

        static LazyClients of(CostAlertsConfig config, AwsClients aws) {
            CoalescerUsage usage = config.coalescerTable() == null ? CoalescerUsage.NONE
                    : new DynamoCoalescerUsage(aws.dynamoDb(), config.coalescerTable());
            Lazy<Notifier> sns = Lazy.of(() -> new SnsNotifier(aws.sns(), config.digestTopicArn()));
            Lazy<DistributionPriceClasses> cloudFront = Lazy.of(() -> new CloudFrontPriceClasses(CloudFrontClients.of(aws)));
            return new LazyClients(sns, cloudFront, new Ports(new DynamoAlertStore(aws.dynamoDb(), config.tableName(), config.retention()),
                    notification -> sns.get().send(notification),
                    new SignedCostExplorer(aws.httpClient(), aws.credentialsProvider(), SignedCostExplorer.configuredEndpoint()),
                    ids -> cloudFront.get().priceClasses(ids),
                    usage));
        }

        /**
         * Before the snapshot: builds the clients, reads a group that never exists (one consistent GetItem: loads and warms
         * the DynamoDB request path every signal takes first), and parses a sample Budgets notification and a sample cost
         * anomaly (their JSON and number formatting). Nothing is written or sent, Cost Explorer is not called; the samples
         * are built in, nothing unique is kept.
         */
        void prime(CostAlertsConfig config) {
            sns.get();
            cloudFront.get();
            ports.store().group(NEVER_A_GROUP);
            CostSignalParser parser = new CostSignalParser(config.budgetServices(), config.criticalImpactUsd());
            List<Map<String, Object>> samples = List.of(
                    Map.of("Subject", "AWS Budgets: priming has exceeded your alert threshold",
                            "Message", "AWS Budget Notification January 01, 2000\nBudget Name: priming\nAlert Type: ACTUAL\n"),
                    Map.of("Message", SAMPLE_ANOMALY));
            for (Map<String, Object> message : samples) {
                if (!(parser.snsRecord(Map.of("EventSource", "aws:sns", "Sns", message)) instanceof ParsedSignal.Recognised)) {
                    throw new IllegalStateException("a priming sample is not recognised, so priming warms the wrong path: " + message);
                }
            }
        }
    }

    public static CostAlerts wire(CostAlertsConfig config, Ports ports, Clock clock, Log log) {
        String namespace = System.getenv().getOrDefault("METRICS_NAMESPACE", "EdgeAutopilot");
        Supplier<Metrics> metrics = () -> new Metrics(namespace, System.out, clock).dimension("Function", FUNCTION);
        CostSignalParser parser = new CostSignalParser(config.budgetServices(), config.criticalImpactUsd());
        AlertIntake intake = new AlertIntake(config.grouping(), ports.store(), new AlertLifecycle(config.alertOpenFor()));
        DigestRun digests = new DigestRun(ports.store(), new DigestSchedule(config.groupWait(), config.groupInterval(), config.repeatInterval()),
                ports.notifier(), config.digestClaimInProgress());
        AdvisorRun advisor = new AdvisorRun(ports.costExplorer(), ports.distributions(), config.distributionIds(),
                new PriceClassAdvisor(config.prices()), ports.notifier());
        UsageReconciler reconciler = new UsageReconciler(ports.costExplorer(), ports.coalescerUsage());
        return new CostAlerts(parser, intake, digests, advisor, reconciler, clock, log, metrics);
    }
}
