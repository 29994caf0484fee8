package com.edgeautopilot.coalescer.bench;

import com.edgeautopilot.coalescer.bench.DynamoMeter.Tally;
import com.edgeautopilot.coalescer.bench.DynamoMeter.Use;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.handler.Coalescer;
import com.edgeautopilot.coalescer.handler.CoalescerHandler;
import com.edgeautopilot.coalescer.handler.CoalescerWiring;
import com.edgeautopilot.coalescer.store.DynamoCoalescerStore;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.coalescer.support.StrictCloudFront;
import com.edgeautopilot.coalescer.usage.UsageSignals;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocal;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.TemplateTables;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the coalescer costs in DynamoDB, in requests and in the capacity units DynamoDB bills ({@link DynamoMeter}),
 * through the real handler on DynamoDB Local with a strict CloudFront double. Two scenarios, each on its own table:
 * a burst (10,000 EventBridge S3 events for 8,000 objects, late duplicates and out-of-order sequencers, in SQS batches
 * of 1,000: writes per changed key, the busiest partition key) and the bill's day (one distribution receiving its
 * share of 1,000,000 changes a month over 10 distributions for a full dedupe window: 288 batches of 12 new objects,
 * each flushed by a tick 300 s later). Run: bench/run-coalescer (writes bench/COALESCER.md through {@link CoalescerReport}).
 */
public final class CoalescerBurstBenchmark {

    static final String BUCKET = "example-site-bucket";
    static final String DIST = "E2QWRUHAPOMQZL";
    static final int BURST_OBJECTS = 8000;
    static final int BURST_BATCH = 1000;
    /** 1,000,000 changes / 10 distributions / 30 days = 11.6 per 300 s max delay: 12 per flush, 288 flushes a day. */
    static final int DAY_FLUSHES = 288;
    static final int CHANGES_PER_FLUSH = 12;
    static final Duration MAX_DELAY = Duration.ofSeconds(300);
    /** The last two hours: 22 to 24 hours of flushed items (nearly the default 1-day dedupe window) lie behind each of these flushes. */
    static final int STEADY_FLUSHES = 24;

    public static void main(String[] args) {
        PrintStream out = System.out;
        try {
            run(args);
        } catch (Throwable failure) {
            System.setOut(out);
            failure.printStackTrace(); // and exit: DynamoDB Local's threads would keep exec:java waiting
            System.exit(1);
        }
    }

    /** One coalescer over its own table, wired as production wires it, with the metered client. */
    record Site(CoalescerHandler handler, Coalescer coalescer, StrictCloudFront cloudFront, DynamoCoalescerStore uncountedStore) {

        static Site create(LocalAws aws, DynamoDbClient metered, ControllableClock clock, String table) {
            TemplateTables.fromRepo().table("CoalescerTable").createIn(aws.dynamoDb(), table);
            CoalescerConfig config = CoalescerConfig.from(Settings.of(Map.of("COALESCER_TABLE", table, "DISTRIBUTION_IDS", DIST,
                    "SITE_ROUTES", "[{\"bucket\":\"" + BUCKET + "\",\"distributionId\":\"" + DIST
                            + "\",\"defaultRootObject\":\"index.html\",\"directoryIndex\":\"index.html\"}]")));
            StrictCloudFront cloudFront = new StrictCloudFront();
            DynamoCoalescerStore store = new DynamoCoalescerStore(metered, table, config.shards(), config.dedupeWindow());
            Coalescer coalescer = CoalescerWiring.wire(config, store, cloudFront, UsageSignals.NONE, clock,
                    Log.to(new PrintStream(OutputStream.nullOutputStream())));
            // the benchmark's own look at what is pending goes through an uncounted client
            return new Site(new CoalescerHandler(coalescer), coalescer, cloudFront,
                    new DynamoCoalescerStore(aws.dynamoDb(), table, config.shards(), config.dedupeWindow()));
        }

        void ingest(List<String> bodies, int firstMessage) throws IOException {
            String event = S3Events.sqsBatch(bodies, firstMessage);
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
        }

        void tick() {
            cloudFront.completeAll();
            coalescer.flusher().flushAll("bench", false);
        }
    }

    /** The burst, counted. */
    record Burst(int events, int objects, int batches, Tally tally, Map<String, Long> writesByOperation,
                 Map<String, Long> readsByOperation, Map.Entry<String, Long> busiestPartition, int invalidations, long paths,
                 long ingestMillis, long totalMillis, Map<String, Long> rejectedBy) {
    }

    /** The day: per flush, what its ingest and its tick cost; then an idle tick (its state read only). */
    record Day(List<Tally> ingests, List<Tally> ticks, Tally idleTick, long millis, Map<String, Long> rejectedBy) {
    }

    private static void run(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench/COALESCER.md");
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        LocalAws aws = LocalAws.configure(dynamo, null);
        DynamoMeter meter = new DynamoMeter();
        DynamoDbClient metered = DynamoDbClient.builder().region(aws.clients().region())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(meter)).build();
        ControllableClock clock = new ControllableClock(CoalescerRig.testStart());

        PrintStream quiet = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // EMF lines
        Burst burst = burst(Site.create(aws, metered, clock, "CoalescerBurst-" + System.nanoTime()), meter, clock);
        Day day = day(Site.create(aws, metered, clock, "CoalescerDay-" + System.nanoTime()), meter, clock);
        System.setOut(quiet);
        if (meter.unmeasured() > 0) {
            throw new IllegalStateException(meter.unmeasured() + " DynamoDB answers carried no ConsumedCapacity: the units would be under-counted");
        }
        String md = CoalescerReport.render(burst, day);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, md);
        System.out.print(md);
        dynamo.close();
        System.exit(0); // DynamoDB Local leaves a non-daemon thread behind that exec:java would wait minutes for
    }

    private static Burst burst(Site site, DynamoMeter meter, ControllableClock clock) throws IOException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < BURST_OBJECTS; i++) {
            keys.add("section-" + (i % 7) + "/d" + (i / 7 % 40) + "/page-" + i + ".html");
        }
        List<String> bodies = S3Events.burst(BUCKET, keys, 7);
        Tally before = meter.tally();
        long started = System.nanoTime();
        int batches = 0;
        for (int from = 0; from < bodies.size(); from += BURST_BATCH) {
            batches++;
            site.ingest(bodies.subList(from, Math.min(bodies.size(), from + BURST_BATCH)), from);
            clock.advance(Duration.ofSeconds(2));
        }
        long ingestMillis = (System.nanoTime() - started) / 1_000_000;
        for (int round = 0; round < 20 && !site.uncountedStore().pending(DIST).isEmpty() || round == 0; round++) {
            clock.advance(Duration.ofMinutes(3));
            site.tick();
        }
        long totalMillis = (System.nanoTime() - started) / 1_000_000;
        return new Burst(bodies.size(), keys.size(), batches, meter.tally().minus(before), meter.writesByOperation(),
                meter.readsByOperation(), meter.busiestPartition(), site.cloudFront().created().size(), site.cloudFront().chargedPaths(),
                ingestMillis, totalMillis, meter.rejectedBy());
    }

    private static Day day(Site site, DynamoMeter meter, ControllableClock clock) throws IOException {
        Map<String, Long> rejectedBefore = meter.rejectedBy();
        List<Tally> ingests = new ArrayList<>();
        List<Tally> ticks = new ArrayList<>();
        long started = System.nanoTime();
        for (int flush = 0; flush < DAY_FLUSHES; flush++) {
            List<String> bodies = new ArrayList<>();
            for (int change = 0; change < CHANGES_PER_FLUSH; change++) {
                bodies.add(S3Events.eventBridge(BUCKET, "news/2026/f" + flush + "/item-" + change + ".html",
                        String.format("01%014X", flush * 100L + change), false));
            }
            Tally before = meter.tally();
            site.ingest(bodies, 100_000 + flush * 100);
            Tally ingested = meter.tally();
            ingests.add(ingested.minus(before));
            clock.advance(MAX_DELAY);
            site.tick();
            Tally ticked = meter.tally().minus(ingested);
            if (ticked.requests(Use.OPEN_BATCH) != 1) {
                throw new IllegalStateException("tick " + flush + " opened " + ticked.requests(Use.OPEN_BATCH)
                        + " batches, not one: the day would not be the bill's scenario (a flush per max delay)");
            }
            ticks.add(ticked);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        clock.advance(Duration.ofMinutes(1));
        Tally before = meter.tally();
        site.tick();
        Map<String, Long> rejected = new java.util.TreeMap<>(meter.rejectedBy());
        rejectedBefore.forEach((write, count) -> rejected.merge(write, -count, Long::sum));
        rejected.values().removeIf(count -> count == 0);
        return new Day(ingests, ticks, meter.tally().minus(before), millis, rejected);
    }
}
