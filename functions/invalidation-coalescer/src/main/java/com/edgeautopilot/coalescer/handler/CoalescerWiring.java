package com.edgeautopilot.coalescer.handler;

import com.edgeautopilot.coalescer.cdn.CloudFrontInvalidationGateway;
import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.event.S3EventParser;
import com.edgeautopilot.coalescer.flush.Flusher;
import com.edgeautopilot.coalescer.ingest.Ingestor;
import com.edgeautopilot.coalescer.inventory.BucketListing;
import com.edgeautopilot.coalescer.inventory.S3BucketListing;
import com.edgeautopilot.coalescer.store.CoalescerStore;
import com.edgeautopilot.coalescer.store.DynamoCoalescerStore;
import com.edgeautopilot.coalescer.usage.SnsUsageSignals;
import com.edgeautopilot.coalescer.usage.UsageSignals;
import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.Lazy;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Priming;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.common.s3.S3Clients;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The one place that wires the coalescer for production (and for anything that runs it like production). */
public final class CoalescerWiring {

    static final String FUNCTION = "invalidation-coalescer";

    private CoalescerWiring() {
    }

    /**
     * From the function's environment, with SDK clients from {@link AwsClients#fromEnvironment()}; registers the
     * SnapStart priming hook (see {@link Ports#prime}).
     */
    public static Coalescer production() {
        CoalescerConfig config = CoalescerConfig.from(Settings.fromEnvironment());
        Log log = Log.stdout();
        Ports ports = Ports.of(config, AwsClients.fromEnvironment());
        Coalescer coalescer = wire(config, ports, Clock.systemUTC(), log);
        Priming.beforeSnapshot(FUNCTION, () -> ports.prime(config), log);
        return coalescer;
    }

    public static Coalescer wire(CoalescerConfig config, AwsClients aws, Clock clock, Log log) {
        return wire(config, Ports.of(config, aws), clock, log);
    }

    private static Coalescer wire(CoalescerConfig config, Ports ports, Clock clock, Log log) {
        return wire(config, ports.store(), ports.gateway(), ports.signals(), ports.listing(), clock, log);
    }

    /**
     * The production ports. DynamoDB is built at init (every path uses it); CloudFront, SNS and S3 on the first flush
     * that calls them, so an S3-change ingest builds (and loads the classes of) one SDK client, not four. With SnapStart
     * the priming hook builds them all before the snapshot instead.
     */
    record Ports(CoalescerStore store, Lazy<InvalidationGateway> cloudFront, Lazy<UsageSignals> sns, Lazy<BucketListing> s3,
                 InvalidationGateway gateway, UsageSignals signals, BucketListing listing) {

        static Ports of(CoalescerConfig config, AwsClients aws) {
            CoalescerStore store = new DynamoCoalescerStore(aws.dynamoDb(), config.tableName(), config.shards(), config.dedupeWindow());
            Lazy<InvalidationGateway> cloudFront = Lazy.of(() -> new CloudFrontInvalidationGateway(CloudFrontClients.of(aws)));
            InvalidationGateway gateway = new InvalidationGateway() {
                @Override
                public Accepted submit(String distributionId, String callerReference, List<String> paths) {
                    return cloudFront.get().submit(distributionId, callerReference, paths);
                }

                @Override
                public List<InProgress> inProgress(String distributionId) {
                    return cloudFront.get().inProgress(distributionId);
                }
            };
            Lazy<UsageSignals> sns = Lazy.of(() -> config.usageTopicArn() == null ? UsageSignals.NONE
                    : new SnsUsageSignals(aws.sns(), config.usageTopicArn()));
            Lazy<BucketListing> s3 = Lazy.of(() -> config.inventoryMaxObjects() > 0 ? new S3BucketListing(S3Clients.of(aws)) : BucketListing.NONE);
            UsageSignals signals = config.usageTopicArn() == null ? UsageSignals.NONE : signal -> sns.get().publish(signal);
            BucketListing listing = config.inventoryMaxObjects() > 0 ? (bucket, prefix, max) -> s3.get().keys(bucket, prefix, max)
                    : BucketListing.NONE;
            return new Ports(store, cloudFront, sns, s3, gateway, signals, listing);
        }

        /**
         * Before the snapshot: builds every client, runs the pure paths (event parsing, planning) on built-in samples, and
         * reads the state of a distribution id that never exists (a read-only GetItem: loads and warms the DynamoDB
         * request path). Nothing is written, published or invalidated; nothing unique is kept.
         */
        void prime(CoalescerConfig config) {
            cloudFront.get();
            sns.get();
            s3.get();
            CoalescerPriming.runPurePaths(config);
            store.state(CoalescerPriming.NEVER_A_DISTRIBUTION);
        }
    }

    /** Without bucket listing: the planner assumes what a wildcard evicts. */
    public static Coalescer wire(CoalescerConfig config, CoalescerStore store, InvalidationGateway gateway, UsageSignals signals,
                                 Clock clock, Log log) {
        return wire(config, store, gateway, signals, BucketListing.NONE, clock, log);
    }

    /** Optional ports are no-ops, never null: {@link UsageSignals#NONE}, {@link BucketListing#NONE}. */
    public static Coalescer wire(CoalescerConfig config, CoalescerStore store, InvalidationGateway gateway, UsageSignals signals,
                                 BucketListing listing, Clock clock, Log log) {
        // stdout as it is at each flush of metrics, not at wiring: a caller that redirects it around an invocation (the CLI)
        // gets the EMF lines there
        return wire(config, store, gateway, signals, listing, clock, log, () -> System.out);
    }

    /** @param metricsOut where the EMF lines go (stdout in Lambda, where CloudWatch picks them up), asked per invocation */
    public static Coalescer wire(CoalescerConfig config, CoalescerStore store, InvalidationGateway gateway, UsageSignals signals,
                                 BucketListing listing, Clock clock, Log log, Supplier<PrintStream> metricsOut) {
        String namespace = System.getenv().getOrDefault("METRICS_NAMESPACE", "EdgeAutopilot");
        // every metric carries the dimension the template's alarms select on
        Supplier<Metrics> metrics = () -> new Metrics(namespace, metricsOut.get(), clock).dimension("Function", FUNCTION);
        Flusher flusher = new Flusher(config, Objects.requireNonNull(store), Objects.requireNonNull(gateway), Objects.requireNonNull(signals),
                Objects.requireNonNull(listing), clock, log, metrics);
        Ingestor ingestor = new Ingestor(new S3EventParser(config.eventBridgeKeys()), config.routes(), store, flusher, clock, log, metrics);
        return new Coalescer(config, ingestor, flusher);
    }
}
