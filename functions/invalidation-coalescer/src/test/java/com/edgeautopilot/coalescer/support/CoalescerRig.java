package com.edgeautopilot.coalescer.support;

import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.handler.Coalescer;
import com.edgeautopilot.coalescer.handler.CoalescerHandler;
import com.edgeautopilot.coalescer.handler.CoalescerWiring;
import com.edgeautopilot.coalescer.inventory.BucketListing;
import com.edgeautopilot.coalescer.store.CoalescerStore;
import com.edgeautopilot.coalescer.store.DynamoCoalescerStore;
import com.edgeautopilot.coalescer.usage.UsageSignals;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The coalescer wired as in production on DynamoDB Local, the strict CloudFront double and a controllable clock,
 * with its log and EMF metric lines captured. Tests change the environment, decorate the store or the gateway, and
 * wire again over the same table.
 */
public final class CoalescerRig {

    public static final String BUCKET = "example-site-bucket";
    public static final String DIST = "E2QWRUHAPOMQZL";

    public final ControllableClock clock = new ControllableClock(testStart());
    public final StrictCloudFront cloudFront = new StrictCloudFront();
    public final List<UsageSignals.UsageSignal> signals = new CopyOnWriteArrayList<>();
    public final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8);
    private final DynamoDbLocalExtension db;

    public UnaryOperator<DynamoDbClient> dynamoDecorator = UnaryOperator.identity();
    public UnaryOperator<CoalescerStore> storeDecorator = UnaryOperator.identity();
    public InvalidationGateway gateway = cloudFront;
    public UsageSignals usageSignals = signals::add;
    public CoalescerConfig config;
    public CoalescerStore store;
    public Coalescer coalescer;
    public CoalescerHandler handler;

    /**
     * Where simulated time starts: now (to the minute), not a fixed date. DynamoDB Local deletes items whose TTL
     * attribute is in the past by the real clock, so a simulated clock days behind it would see remembered sequencers
     * vanish mid-test (and late duplicates paid again).
     */
    public static Instant testStart() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    public CoalescerRig(DynamoDbLocalExtension db) {
        this.db = db;
        cloudFront.clock(clock::millis);
        env.put("COALESCER_TABLE", db.tableName("CoalescerTable"));
        env.put("DISTRIBUTION_IDS", DIST);
        env.put("SITE_ROUTES", "[{\"bucket\":\"" + BUCKET + "\",\"distributionId\":\"" + DIST
                + "\",\"defaultRootObject\":\"index.html\",\"directoryIndex\":\"index.html\"}]");
        wire();
    }

    /** (Re)wires everything from {@link #env}, over the same table and stand-ins. */
    public CoalescerRig wire() {
        config = CoalescerConfig.from(Settings.of(env));
        store = storeDecorator.apply(new DynamoCoalescerStore(dynamoDecorator.apply(db.client()), config.tableName(), config.shards(), config.dedupeWindow()));
        coalescer = CoalescerWiring.wire(config, store, gateway, usageSignals, BucketListing.NONE, clock, Log.to(printer), () -> printer);
        handler = new CoalescerHandler(coalescer);
        return this;
    }

    /** Runs the handler on an event, as Lambda would with this JSON; returns the response, parsed. */
    public Map<String, Object> invoke(String event) {
        return invoke(handler, event);
    }

    public static Map<String, Object> invoke(CoalescerHandler handler, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    /** Delivers EventBridge S3 events as one SQS batch; returns the ids of the messages reported failed. */
    public List<String> ingest(List<String> bodies, int firstMessageId) {
        Map<String, Object> response = invoke(S3Events.sqsBatch(bodies, firstMessageId));
        return ((List<?>) response.get("batchItemFailures")).stream()
                .map(f -> String.valueOf(((Map<?, ?>) f).get("itemIdentifier"))).toList();
    }

    /** One scheduled flush tick, as EventBridge Scheduler sends it; returns the decision per distribution. */
    public List<String> tick() {
        return tick(handler);
    }

    private static List<String> tick(CoalescerHandler handler) {
        Map<String, Object> response = invoke(handler, "{\"version\":\"0\",\"id\":\"tick\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"123456789012\",\"time\":\"2026-11-21T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}");
        return ((List<?>) response.get("flushes")).stream().map(f -> String.valueOf(((Map<?, ?>) f).get("decision"))).toList();
    }

    /** Ticks until the distribution is idle, letting in-progress invalidations complete in between. */
    public void drain() {
        drain(handler, clock, cloudFront);
    }

    public static void drain(CoalescerHandler handler, ControllableClock clock, StrictCloudFront cloudFront) {
        for (int round = 0; round < 30; round++) {
            clock.advance(Duration.ofMinutes(3));
            cloudFront.completeAll();
            if (tick(handler).get(0).equals("IDLE")) {
                return;
            }
        }
        throw new AssertionError("the distribution never became idle");
    }

    /** Everything the function printed so far (JSON log lines and EMF documents), as CloudWatch Logs would hold it. */
    /**
     * This stack's earlier invalidations, still in progress on {@link #DIST}: {@code files} file paths and
     * {@code wildcards} wildcard paths (CloudFront allows 3,000 and 15 in progress).
     */
    public void holdInProgress(int files, int wildcards) {
        List<String> filePaths = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            filePaths.add("/old/" + i + ".html");
        }
        List<String> wildcardPaths = new ArrayList<>();
        for (int i = 0; i < wildcards; i++) {
            wildcardPaths.add("/w" + i + "/*");
        }
        cloudFront.submit(DIST, "earlier-1", filePaths);
        cloudFront.submit(DIST, "earlier-2", wildcardPaths);
    }

    public String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** Every log and EMF line printed so far, parsed. */
    public List<Map<String, Object>> lines() {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : output.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                lines.add(Json.parseObject(line));
            }
        }
        return lines;
    }

    /** Values of one EMF metric printed so far (in the given namespace, with the given dimension). */
    public List<Map<String, Object>> metricLines(String namespace, String metric) {
        return lines().stream().filter(l -> l.containsKey(metric) && Json.path(l, "_aws", "CloudWatchMetrics") instanceof List<?> directives
                && directives.stream().anyMatch(d -> d instanceof Map<?, ?> m && namespace.equals(m.get("Namespace")))).toList();
    }
}
