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
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;

import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Supplier;

/** The one place that wires the coalescer for production (and for anything that runs it like production). */
public final class CoalescerWiring {

    private CoalescerWiring() {
    }

    /** From the function's environment, with SDK clients from {@link AwsClients#fromEnvironment()}. */
    public static Coalescer production() {
        return wire(CoalescerConfig.from(Settings.fromEnvironment()), AwsClients.fromEnvironment(), Clock.systemUTC(), Log.stdout());
    }

    public static Coalescer wire(CoalescerConfig config, AwsClients aws, Clock clock, Log log) {
        CoalescerStore store = new DynamoCoalescerStore(aws.dynamoDb(), config.tableName(), config.shards(), config.dedupeWindow());
        InvalidationGateway gateway = new CloudFrontInvalidationGateway(aws.cloudFront());
        UsageSignals signals = config.usageTopicArn() == null ? UsageSignals.NONE : new SnsUsageSignals(aws.sns(), config.usageTopicArn());
        BucketListing listing = config.inventoryMaxObjects() > 0 ? new S3BucketListing(aws.s3()) : BucketListing.NONE;
        return wire(config, store, gateway, signals, listing, clock, log);
    }

    /** Without bucket listing: the planner assumes what a wildcard evicts. */
    public static Coalescer wire(CoalescerConfig config, CoalescerStore store, InvalidationGateway gateway, UsageSignals signals,
                                 Clock clock, Log log) {
        return wire(config, store, gateway, signals, BucketListing.NONE, clock, log);
    }

    public static Coalescer wire(CoalescerConfig config, CoalescerStore store, InvalidationGateway gateway, UsageSignals signals,
                                 BucketListing listingOrNull, Clock clock, Log log) {
        return wire(config, store, gateway, signals, listingOrNull, clock, log, System.out);
    }

    /** @param metricsOut where the EMF lines go (stdout in Lambda, where CloudWatch picks them up) */
    public static Coalescer wire(CoalescerConfig config, CoalescerStore store, InvalidationGateway gateway, UsageSignals signals,
                                 BucketListing listingOrNull, Clock clock, Log log, PrintStream metricsOut) {
        String namespace = System.getenv().getOrDefault("METRICS_NAMESPACE", "EdgeAutopilot");
        // every metric carries the dimension the template's alarms select on
        Supplier<Metrics> metrics = () -> new Metrics(namespace, metricsOut, clock).dimension("Function", "invalidation-coalescer");
        // callers without a usage topic or a bucket listing may pass null; the use cases get no-op ports
        Flusher flusher = new Flusher(config, store, gateway, signals == null ? UsageSignals.NONE : signals,
                listingOrNull == null ? BucketListing.NONE : listingOrNull, clock, log, metrics);
        Ingestor ingestor = new Ingestor(new S3EventParser(config.eventBridgeKeys()), config.routes(), store, flusher, clock, log, metrics);
        return new Coalescer(config, ingestor, flusher);
    }
}
