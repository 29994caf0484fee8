package com.edgeautopilot.coalescer;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.flush.FlushOutcome;
import com.edgeautopilot.coalescer.flush.FlushPolicy;
import com.edgeautopilot.coalescer.handler.Coalescer;
import com.edgeautopilot.coalescer.handler.CoalescerHandler;
import com.edgeautopilot.coalescer.handler.CoalescerWiring;
import com.edgeautopilot.coalescer.plan.OriginRoute;
import com.edgeautopilot.coalescer.plan.PathEncoding;
import com.edgeautopilot.coalescer.store.DynamoCoalescerStore;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.coalescer.support.StrictCloudFront;
import com.edgeautopilot.coalescer.usage.UsageSignals;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.TableShape;
import com.edgeautopilot.testbed.TemplateTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coalescer end to end on DynamoDB Local and a strict CloudFront double (moto enforces none of these rules). */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CoalescerIntegrationTest {

    static final String BUCKET = "example-site-bucket";
    static final String DIST = "E2QWRUHAPOMQZL";

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private ControllableClock clock;
    private StrictCloudFront cloudFront;
    private DynamoCoalescerStore store;
    private Coalescer coalescer;
    private CoalescerHandler handler;
    private final List<UsageSignals.UsageSignal> signals = new CopyOnWriteArrayList<>();
    private int nextMessageId;

    @BeforeEach
    void wire() {
        clock = new ControllableClock(CoalescerRig.testStart());
        cloudFront = new StrictCloudFront();
        Map<String, String> env = new HashMap<>();
        env.put("COALESCER_TABLE", DB.tableName("CoalescerTable"));
        env.put("DISTRIBUTION_IDS", DIST);
        env.put("SITE_ROUTES", "[{\"bucket\":\"" + BUCKET + "\",\"distributionId\":\"" + DIST
                + "\",\"defaultRootObject\":\"index.html\",\"directoryIndex\":\"index.html\"}]");
        CoalescerConfig config = CoalescerConfig.from(Settings.of(env));
        store = new DynamoCoalescerStore(DB.client(), config.tableName(), config.shards(), config.dedupeWindow());
        coalescer = CoalescerWiring.wire(config, store, cloudFront, signals::add, clock, Log.to(new PrintStream(OutputStream.nullOutputStream())));
        handler = new CoalescerHandler(coalescer);
    }

    @Test
    void templateTableHasTheShapeTheStoreUses() {
        TableShape expected = TableShape.builder()
                .partitionKey(TableShape.Key.s(DynamoCoalescerStore.PARTITION_KEY))
                .sortKey(TableShape.Key.s(DynamoCoalescerStore.SORT_KEY))
                .ttlAttribute(DynamoCoalescerStore.TTL_ATTRIBUTE)
                .build();
        TemplateTables.fromRepo().table("CoalescerTable").shape().assertMatches(expected, "CoalescerTable in template.yaml");
    }

    @Test
    void burstOfTenThousandEventsIsCoveredWithinLimitsAndNeverPaidTwice() {
        List<String> keys = siteKeys(8_000);
        List<String> bodies = S3Events.burst(BUCKET, keys, 42);
        assertEquals(10_000, bodies.size(), "the burst is 10,000 events");

        for (int from = 0; from < bodies.size(); from += 1000) {
            Map<String, Object> response = invoke(S3Events.sqsBatch(bodies.subList(from, Math.min(bodies.size(), from + 1000)), nextMessageId));
            nextMessageId += 1000;
            assertEquals(List.of(), response.get("batchItemFailures"));
            clock.advance(Duration.ofSeconds(2));
        }
        drain();

        for (String key : keys) {
            for (String path : urlPaths(key)) {
                assertTrue(cloudFront.evicted(DIST, PathEncoding.encode(path)), "not invalidated: " + path);
            }
        }
        assertTrue(store.pending(DIST).isEmpty(), "nothing left pending");
        assertNoPathPaidTwice();
        for (StrictCloudFront.Invalidation invalidation : cloudFront.created()) {
            assertTrue(invalidation.paths().size() <= 3000);
        }
        long batches = cloudFront.created().stream().map(i -> i.callerReference().substring(0, i.callerReference().lastIndexOf('-'))).distinct().count();
        assertEquals(batches, cloudFront.created().size(), "one CreateInvalidation per flush");
        System.out.printf("burst: %d events, %d keys -> %d invalidations, %d paths charged%n",
                bodies.size(), keys.size(), cloudFront.created().size(), cloudFront.chargedPaths());
    }

    @Test
    void lateDuplicatesAfterAFlushCostNothing() {
        List<String> events = List.of(S3Events.eventBridge(BUCKET, "docs/a.html", "0A", false), S3Events.eventBridge(BUCKET, "docs/b.html", "0B", false));
        invoke(S3Events.sqsBatch(events, 0));
        drain();
        long charged = cloudFront.chargedPaths();
        invoke(S3Events.sqsBatch(events, 10)); // redelivered
        invoke(S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, "docs/a.html", "09", false)), 20)); // older, out of order
        drain();
        assertEquals(charged, cloudFront.chargedPaths());
        invoke(S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, "docs/a.html", "0C", true)), 30)); // a real, newer change
        drain();
        assertEquals(charged + 1, cloudFront.chargedPaths());
    }

    @Test
    void badRecordsFailAloneAndValidOnesAreProcessed() {
        Map<String, Object> response = invoke(S3Events.sqsBatch(List.of(
                S3Events.eventBridge(BUCKET, "ok.html", "0A", false),
                "this is not json",
                "{\"hello\":\"world\"}",
                S3Events.eventBridge("unknown-bucket", "x.html", "0B", false),
                "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"" + BUCKET + "\"}"), 0));
        List<String> failed = ((List<?>) response.get("batchItemFailures")).stream()
                .map(f -> String.valueOf(((Map<?, ?>) f).get("itemIdentifier"))).toList();
        assertEquals(List.of("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
                "00000000-0000-4000-8000-000000000003"), failed);
        assertEquals(1, store.pending(DIST).size());
    }

    @Test
    void crashAfterCreateInvalidationIsResumedWithTheSameCallerReference() {
        invoke(S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false),
                S3Events.eventBridge(BUCKET, "b.html", "0B", false)), 0));
        clock.advance(Duration.ofMinutes(2));
        cloudFront.crashAfterAcceptingNext(1);
        assertThrows(StrictCloudFront.SimulatedCrash.class, () -> coalescer.flusher().flush(DIST, "flusher-1", false));
        long charged = cloudFront.chargedPaths();
        // the dead process never released its lease: nobody flushes until it expires
        store.acquireLease(DIST, "flusher-1", clock.millis(), Duration.ofMinutes(3));
        assertEquals(FlushPolicy.Decision.RESUME, coalescer.flusher().flush(DIST, "flusher-2", false).decision());
        assertEquals(1, cloudFront.created().size());
        clock.advance(Duration.ofMinutes(4));
        FlushOutcome resumed = coalescer.flusher().flush(DIST, "flusher-2", false);
        assertEquals(FlushPolicy.Decision.RESUME, resumed.decision());
        assertTrue(resumed.flushed(), resumed.toString());
        assertEquals(1, cloudFront.created().size(), "no second invalidation");
        assertEquals(1, cloudFront.idempotentReplays(), "the retry reused the CallerReference");
        assertEquals(charged, cloudFront.chargedPaths(), "not charged twice");
        assertTrue(store.pending(DIST).isEmpty());
    }

    @Test
    void anOpenBatchWhoseRecordVanishedIsPlannedAgainWithTheSameReferences() {
        invoke(S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false)), 0));
        clock.advance(Duration.ofMinutes(2));
        cloudFront.crashAfterAcceptingNext(1);
        assertThrows(StrictCloudFront.SimulatedCrash.class, () -> coalescer.flusher().flush(DIST, "flusher-1", false));
        String batchId = store.state(DIST).openBatchId();
        DB.client().deleteItem(b -> b.tableName(DB.tableName("CoalescerTable")).key(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("DIST#" + DIST),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("BATCH#" + batchId))));
        clock.advance(Duration.ofSeconds(5));
        FlushOutcome outcome = coalescer.flusher().flush(DIST, "flusher-2", false);
        assertTrue(outcome.flushed(), outcome.toString());
        assertEquals(1, cloudFront.created().size(), "the same changes gave the same CallerReference");
        assertEquals(1, cloudFront.idempotentReplays());
        assertTrue(store.pending(DIST).isEmpty());
    }

    @Test
    void refusedFlushKeepsChangesPendingAndBacksOff() {
        invoke(S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false)), 0));
        clock.advance(Duration.ofMinutes(2));
        cloudFront.throttleNext(1);
        FlushOutcome refused = coalescer.flusher().flush(DIST, "f", false);
        assertEquals("THROTTLED", refused.refusal());
        assertEquals(1, store.pending(DIST).size());
        assertEquals(FlushPolicy.Decision.BACKING_OFF, coalescer.flusher().flush(DIST, "f", false).decision(), "no busy loop");
        clock.advance(Duration.ofSeconds(31));
        FlushOutcome resumed = coalescer.flusher().flush(DIST, "f", false);
        assertTrue(resumed.flushed(), resumed.toString());
        assertTrue(store.pending(DIST).isEmpty());

        // another tool fills the distribution's in-progress capacity (files and wildcards): CloudFront lists them, so the
        // flush plans nothing and backs off as CloudFront would refuse (TooManyInvalidationsInProgress)
        cloudFront.completeAll();
        List<String> foreign = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            foreign.add("/other/" + i);
        }
        cloudFront.submit(DIST, "another-tool", foreign);
        List<String> foreignWildcards = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            foreignWildcards.add("/other-" + i + "/*");
        }
        cloudFront.submit(DIST, "another-tool-wildcards", foreignWildcards);
        invoke(S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, "b.html", "0B", false)), 10));
        clock.advance(Duration.ofMinutes(2));
        assertEquals("TOO_MANY_IN_PROGRESS", coalescer.flusher().flush(DIST, "f", false).refusal());
        assertEquals(1, store.pending(DIST).size());
        cloudFront.completeAll();
        clock.advance(Duration.ofMinutes(2));
        assertTrue(coalescer.flusher().flush(DIST, "f", false).flushed());
        assertTrue(cloudFront.evicted(DIST, "/b.html"));
    }

    @Test
    void aChangeArrivingDuringTheFlushSurvivesIt() {
        invoke(S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false)), 0));
        clock.advance(Duration.ofMinutes(2));
        AtomicBoolean once = new AtomicBoolean();
        cloudFront.onAccept(invalidation -> {
            if (once.compareAndSet(false, true)) {
                invoke(S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, "a.html", "0B", false)), 100));
            }
        });
        assertTrue(coalescer.flusher().flush(DIST, "f", false).flushed());
        assertEquals(1, store.pending(DIST).size(), "the newer change is still pending");
        clock.advance(Duration.ofMinutes(6));
        cloudFront.completeAll();
        assertTrue(coalescer.flusher().flush(DIST, "f", false).flushed());
        assertEquals(2, cloudFront.created().size());
        assertTrue(store.pending(DIST).isEmpty());
    }

    @Test
    void racingIngestersAndFlushersLoseNothingAndSubmitNoBatchTwice() throws Exception {
        int threads = 4;
        int keysPerThread = 600;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 3);
        AtomicBoolean ingesting = new AtomicBoolean(true);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Future<?>> ingesters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            ingesters.add(pool.submit(() -> {
                for (int batch = 0; batch < 6; batch++) {
                    List<String> bodies = new ArrayList<>();
                    for (int k = batch * 100; k < (batch + 1) * 100 && k < keysPerThread; k++) {
                        bodies.add(S3Events.eventBridge(BUCKET, "t" + thread + "/dir" + (k % 7) + "/f" + k + ".html", "0A", false));
                    }
                    Map<String, Object> response = invoke(S3Events.sqsBatch(bodies, thread * 100_000 + batch * 1000));
                    if (!((List<?>) response.get("batchItemFailures")).isEmpty()) {
                        errors.add(new AssertionError("failures: " + response));
                    }
                }
            }));
        }
        for (int f = 0; f < 3; f++) {
            String owner = "flusher-" + f;
            pool.submit(() -> {
                while (ingesting.get()) {
                    try {
                        coalescer.flusher().flush(DIST, owner, true);
                        cloudFront.completeAll();
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }
            });
        }
        for (Future<?> ingester : ingesters) {
            ingester.get(5, TimeUnit.MINUTES);
        }
        ingesting.set(false);
        pool.shutdown();
        assertTrue(pool.awaitTermination(2, TimeUnit.MINUTES));
        drain();
        assertEquals(List.of(), errors);
        for (int t = 0; t < threads; t++) {
            for (int k = 0; k < keysPerThread; k++) {
                String path = "/t" + t + "/dir" + (k % 7) + "/f" + k + ".html";
                assertTrue(cloudFront.evicted(DIST, path), "lost change: " + path);
            }
        }
        assertTrue(store.pending(DIST).isEmpty());
        assertNoPathPaidTwice();
    }

    @Test
    void withABucketListingAFullyChangedDirectoryIsOneWildcardThatEvictsNothingElse() {
        // the bucket: 20 product directories of 60 pages each; a deploy rewrites products p0..p4 entirely, and one page of p9
        List<String> bucket = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            for (int page = 0; page < 60; page++) {
                bucket.add("products/p" + p + "/page-" + page + ".html");
            }
        }
        List<String> changed = new ArrayList<>(bucket.stream().filter(k -> k.matches("products/p[0-4]/.*")).toList());
        changed.add("products/p9/page-7.html");
        Map<String, String> env = new HashMap<>();
        env.put("COALESCER_TABLE", DB.tableName("CoalescerTable"));
        env.put("DISTRIBUTION_IDS", DIST);
        env.put("SITE_ROUTES", "[{\"bucket\":\"" + BUCKET + "\",\"distributionId\":\"" + DIST + "\"}]");
        env.put("FREE_PATHS_PER_MONTH", "0"); // every path is paid, so wildcards pay off where they evict nothing unchanged
        CoalescerConfig config = CoalescerConfig.from(Settings.of(env));
        List<String> listed = new ArrayList<>();
        coalescer = CoalescerWiring.wire(config, store, cloudFront, UsageSignals.NONE, (b, prefix, max) -> {
            listed.add(b + "/" + prefix);
            return java.util.Optional.of(bucket);
        }, clock, Log.to(new PrintStream(OutputStream.nullOutputStream())));
        handler = new CoalescerHandler(coalescer);

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < changed.size(); i++) {
            bodies.add(S3Events.eventBridge(BUCKET, changed.get(i), String.format("%04X", i + 1), false));
        }
        invoke(S3Events.sqsBatch(bodies, 0));
        drain();

        assertEquals(List.of(BUCKET + "/"), listed);
        List<String> paths = cloudFront.created().stream().flatMap(i -> i.paths().stream()).sorted().toList();
        assertEquals(List.of("/products/p0/*", "/products/p1/*", "/products/p2/*", "/products/p3/*", "/products/p4/*",
                "/products/p9/page-7.html"), paths);
    }

    @Test
    void oneDistributionFailingDoesNotHoldBackTheOthers() {
        String other = "E3OTHERDIST0001";
        Map<String, String> env = new HashMap<>();
        env.put("COALESCER_TABLE", DB.tableName("CoalescerTable"));
        env.put("DISTRIBUTION_IDS", DIST + "," + other);
        env.put("SITE_ROUTES", "[{\"bucket\":\"" + BUCKET + "\",\"distributionId\":\"" + DIST + "\"},"
                + "{\"bucket\":\"" + BUCKET + "\",\"distributionId\":\"" + other + "\"}]");
        CoalescerConfig config = CoalescerConfig.from(Settings.of(env));
        com.edgeautopilot.coalescer.cdn.InvalidationGateway broken = new com.edgeautopilot.coalescer.cdn.InvalidationGateway() {
            @Override
            public Accepted submit(String distributionId, String callerReference, List<String> paths) {
                if (distributionId.equals(DIST)) {
                    throw new IllegalStateException("AccessDenied: cloudfront:CreateInvalidation on " + distributionId);
                }
                return cloudFront.submit(distributionId, callerReference, paths);
            }

            @Override
            public List<InProgress> inProgress(String distributionId) {
                return cloudFront.inProgress(distributionId);
            }
        };
        coalescer = CoalescerWiring.wire(config, store, broken, UsageSignals.NONE, clock, Log.to(new PrintStream(OutputStream.nullOutputStream())));
        coalescer.ingestor().ingest(List.of(new com.edgeautopilot.coalescer.ingest.IncomingMessage("m1",
                S3Events.eventBridge(BUCKET, "a.html", "0A", false))), "ingest");
        clock.advance(Duration.ofMinutes(2));
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> coalescer.flusher().flushAll("tick", false));
        assertTrue(failure.getMessage().contains(DIST));
        assertTrue(cloudFront.evicted(other, "/a.html"), "the healthy distribution was flushed");
        assertEquals(1, store.pending(DIST).size(), "the failing one keeps its change pending");
    }

    @Test
    void aFailedListingFallsBackToPlanningWithoutInventory() {
        Map<String, String> env = new HashMap<>();
        env.put("COALESCER_TABLE", DB.tableName("CoalescerTable"));
        env.put("DISTRIBUTION_IDS", DIST);
        env.put("SITE_ROUTES", "[{\"bucket\":\"" + BUCKET + "\",\"distributionId\":\"" + DIST + "\"}]");
        CoalescerConfig config = CoalescerConfig.from(Settings.of(env));
        coalescer = CoalescerWiring.wire(config, store, cloudFront, UsageSignals.NONE, (b, prefix, max) -> {
            throw new IllegalStateException("AccessDenied: s3:ListBucket");
        }, clock, Log.to(new PrintStream(OutputStream.nullOutputStream())));
        handler = new CoalescerHandler(coalescer);
        invoke(S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false)), 0));
        drain();
        assertTrue(cloudFront.evicted(DIST, "/a.html"));
        assertTrue(store.pending(DIST).isEmpty());
    }

    // ------------------------------------------------------------------ helpers

    private void drain() {
        CoalescerRig.drain(handler, clock, cloudFront);
    }

    /**
     * Each object here changes once, so a change is paid twice when its exact path is in two invalidations, or when the
     * same batch is submitted again (the same paths under another reference). A directory wildcard may rightly come
     * back when other objects of that directory changed after it.
     */
    private void assertNoPathPaidTwice() {
        Map<String, String> exact = new LinkedHashMap<>();
        Map<java.util.Set<String>, String> batches = new HashMap<>();
        for (StrictCloudFront.Invalidation invalidation : cloudFront.created()) {
            String sameBatch = batches.put(new java.util.TreeSet<>(invalidation.paths()), invalidation.id());
            assertFalse(sameBatch != null, "the batch of " + sameBatch + " was submitted again as " + invalidation.id());
            for (String path : invalidation.paths()) {
                if (!path.endsWith("*")) {
                    String earlier = exact.put(path, invalidation.id());
                    assertFalse(earlier != null, "exact path " + path + " paid in " + earlier + " and " + invalidation.id());
                }
            }
        }
    }

    private List<String> urlPaths(String key) {
        List<String> paths = new ArrayList<>();
        for (OriginRoute route : coalescer.config().routes().routesFor(BUCKET)) {
            paths.addAll(route.urlPaths(key));
        }
        return paths;
    }

    private Map<String, Object> invoke(String event) {
        return CoalescerRig.invoke(handler, event);
    }

    /** A static site: an index per directory, pages, images, scripts; some names with spaces and unicode. */
    static List<String> siteKeys(int count) {
        List<String> keys = new ArrayList<>();
        keys.add("index.html");
        String[] sections = {"docs", "blog", "products", "assets/img", "assets/js", "caf\u00e9 menu", "help"};
        int i = 0;
        while (keys.size() < count) {
            String section = sections[i % sections.length];
            int dir = (i / sections.length) % 40;
            String name = switch (i % 4) {
                case 0 -> "index.html";
                case 1 -> "page-" + i + ".html";
                case 2 -> "image " + i + ".png";
                default -> "chunk-" + i + ".js";
            };
            String key = section + "/d" + dir + "/" + name;
            if (!keys.contains(key)) {
                keys.add(key);
            }
            i++;
        }
        return keys;
    }
}
