package com.edgeautopilot.coalescer.bench;

import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.handler.Coalescer;
import com.edgeautopilot.coalescer.handler.CoalescerHandler;
import com.edgeautopilot.coalescer.handler.CoalescerWiring;
import com.edgeautopilot.coalescer.store.DynamoCoalescerStore;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.coalescer.support.StrictCloudFront;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.testbed.DynamoDbLocal;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.TemplateTables;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * DynamoDB writes per changed key on a burst: 10,000 EventBridge S3 events (8,000 objects, late duplicates and
 * out-of-order sequencers) in SQS batches of 1,000 through the real handler on DynamoDB Local, flushed to a strict
 * CloudFront double. Counts every write and read request and the writes that land on the busiest partition key.
 * Run: bench/run-coalescer (writes bench/COALESCER.md).
 */
public final class CoalescerBurstBenchmark {

    static final String BUCKET = "example-site-bucket";
    static final String DIST = "E2QWRUHAPOMQZL";
    static final int TRICKLE_FLUSHES = 20;
    static final int TRICKLE_CHANGES = 12;

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

    private static void run(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "bench/COALESCER.md");
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        LocalAws aws = LocalAws.configure(dynamo, null);
        Map<String, AtomicLong> writesByOperation = new ConcurrentHashMap<>();
        Map<String, AtomicLong> writesByPartition = new ConcurrentHashMap<>();
        Map<String, AtomicLong> readsByOperation = new ConcurrentHashMap<>();
        // what the bill scales separately: per changed object, per ingest batch, per flush (write units: a transaction
        // writes 2 units per item it writes)
        AtomicLong objectWrites = new AtomicLong();
        AtomicLong markerWrites = new AtomicLong();
        AtomicLong batchesOpened = new AtomicLong();
        AtomicLong flushWriteUnits = new AtomicLong();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                Object request = context.request();
                Map<String, AttributeValue> key = null;
                if (request instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest t) {
                    // one request; each item it writes counts against its own partition
                    writesByOperation.computeIfAbsent("TransactWriteItems", k -> new AtomicLong()).incrementAndGet();
                    flushWriteUnits.addAndGet(2L * t.transactItems().size());
                    t.transactItems().forEach(item -> writesByPartition.computeIfAbsent(
                            (item.put() != null ? item.put().item() : item.update().key()).get("pk").s(), k -> new AtomicLong()).incrementAndGet());
                    return;
                }
                if (request instanceof UpdateItemRequest u) {
                    key = u.key();
                } else if (request instanceof PutItemRequest p) {
                    key = p.item();
                } else if (request instanceof DeleteItemRequest d) {
                    key = d.key();
                }
                String operation = request.getClass().getSimpleName().replace("Request", "");
                if (operation.equals("GetItem") || operation.equals("Query") || operation.equals("Scan") || operation.equals("BatchGetItem")) {
                    readsByOperation.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
                }
                if (key != null) {
                    String pk = key.get("pk").s();
                    String update = request instanceof UpdateItemRequest u ? String.valueOf(u.updateExpression()) : "";
                    if (pk.startsWith("OBJ#")) {
                        objectWrites.incrementAndGet();
                    } else if (pk.startsWith("DIST#") && update.contains("ADD gen")) {
                        markerWrites.incrementAndGet();
                    } else {
                        flushWriteUnits.incrementAndGet();
                        if (update.startsWith("SET openBatch")) {
                            batchesOpened.incrementAndGet();
                        }
                    }
                    writesByOperation.computeIfAbsent(request.getClass().getSimpleName().replace("Request", ""), k -> new AtomicLong()).incrementAndGet();
                    writesByPartition.computeIfAbsent(key.get("pk").s(), k -> new AtomicLong()).incrementAndGet();
                }
            }
        };
        DynamoDbClient client = DynamoDbClient.builder().region(aws.clients().region())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
        String table = "CoalescerBench-" + System.nanoTime();
        TemplateTables.fromRepo().table("CoalescerTable").createIn(client, table);

        Map<String, String> env = Map.of("COALESCER_TABLE", table, "DISTRIBUTION_IDS", DIST,
                "SITE_ROUTES", "[{\"bucket\":\"" + BUCKET + "\",\"distributionId\":\"" + DIST + "\",\"defaultRootObject\":\"index.html\",\"directoryIndex\":\"index.html\"}]");
        CoalescerConfig config = CoalescerConfig.from(Settings.of(env));
        ControllableClock clock = new ControllableClock(com.edgeautopilot.coalescer.support.CoalescerRig.testStart());
        StrictCloudFront cloudFront = new StrictCloudFront();
        DynamoCoalescerStore store = new DynamoCoalescerStore(client, table, config.shards(), config.dedupeWindow());
        Coalescer coalescer = CoalescerWiring.wire(config, store, cloudFront, com.edgeautopilot.coalescer.usage.UsageSignals.NONE, clock, Log.to(new PrintStream(OutputStream.nullOutputStream())));
        CoalescerHandler handler = new CoalescerHandler(coalescer);

        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < 8000; i++) {
            keys.add("section-" + (i % 7) + "/d" + (i / 7 % 40) + "/page-" + i + ".html");
        }
        List<String> bodies = S3Events.burst(BUCKET, keys, 7);

        PrintStream quiet = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // EMF lines
        long started = System.nanoTime();
        int batches = 0;
        for (int from = 0; from < bodies.size(); from += 1000) {
            batches++;
            String event = S3Events.sqsBatch(bodies.subList(from, Math.min(bodies.size(), from + 1000)), from);
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
            clock.advance(Duration.ofSeconds(2));
        }
        long ingestMillis = (System.nanoTime() - started) / 1_000_000;
        // the benchmark's own look at what is pending goes through an uncounted client
        DynamoCoalescerStore probe = new DynamoCoalescerStore(aws.dynamoDb(), table, config.shards(), config.dedupeWindow());
        for (int round = 0; round < 20 && !probe.pending(DIST).isEmpty() || round == 0; round++) {
            clock.advance(Duration.ofMinutes(3));
            cloudFront.completeAll();
            coalescer.flusher().flushAll("bench", false);
        }
        long totalMillis = (System.nanoTime() - started) / 1_000_000;

        long writes = writesByOperation.values().stream().mapToLong(AtomicLong::get).sum();
        long reads = readsByOperation.values().stream().mapToLong(AtomicLong::get).sum();
        long burstFlushes = batchesOpened.get();
        long burstObjectWrites = objectWrites.get();
        int burstInvalidations = cloudFront.created().size();
        long burstPaths = cloudFront.chargedPaths();
        long burstMarkerWrites = markerWrites.get();
        Map<String, Long> burstWritesByOperation = snapshot(writesByOperation);
        Map<String, Long> burstReadsByOperation = snapshot(readsByOperation);
        Map.Entry<String, AtomicLong> hottestEntry = writesByPartition.entrySet().stream()
                .max(Map.Entry.comparingByValue((a, b) -> Long.compare(a.get(), b.get()))).orElseThrow();
        Map.Entry<String, Long> hottest = Map.entry(hottestEntry.getKey(), hottestEntry.getValue().get());

        // a trickle, as the bill assumes: small batches, each flushed on its own (per-flush writes and reads)
        long unitsBefore = flushWriteUnits.get();
        long flushReads = 0;
        for (int flush = 0; flush < TRICKLE_FLUSHES; flush++) {
            List<String> trickle = new ArrayList<>();
            for (int change = 0; change < TRICKLE_CHANGES; change++) {
                trickle.add(S3Events.eventBridge(BUCKET, "news/2026/w" + flush + "/item-" + change + ".html",
                        String.format("01%014X", flush * 100L + change), false));
            }
            String event = S3Events.sqsBatch(trickle, 100_000 + flush * 100);
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
            clock.advance(Duration.ofMinutes(6));
            cloudFront.completeAll();
            long readsBefore = readsByOperation.values().stream().mapToLong(AtomicLong::get).sum();
            coalescer.flusher().flushAll("bench", false);
            flushReads += readsByOperation.values().stream().mapToLong(AtomicLong::get).sum() - readsBefore;
        }
        long trickleFlushes = batchesOpened.get() - burstFlushes;
        double unitsPerFlush = (double) (flushWriteUnits.get() - unitsBefore) / trickleFlushes;
        System.setOut(quiet);
        StringBuilder md = new StringBuilder();
        md.append("# Coalescer burst benchmark\n\n")
                .append("Command: `bench/run-coalescer` (DynamoDB Local in process, strict CloudFront double; no network).\n\n")
                .append(String.format(Locale.ROOT, "Machine: %d cores, %s, JDK %s. Date: %s.%n%n",
                        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"), java.time.LocalDate.now()))
                .append("| measure | value |\n|---|---|\n")
                .append(String.format(Locale.ROOT, "| S3 events (SQS batches of 1,000) | %,d |%n", bodies.size()))
                .append(String.format(Locale.ROOT, "| changed objects | %,d |%n", keys.size()))
                .append(String.format(Locale.ROOT, "| DynamoDB write requests | %,d (%s) |%n", writes, burstWritesByOperation))
                .append(String.format(Locale.ROOT, "| writes per changed object | %.2f |%n", (double) writes / keys.size()))
                .append(String.format(Locale.ROOT, "| writes per S3 event | %.2f |%n", (double) writes / bodies.size()))
                .append(String.format(Locale.ROOT, "| object-item writes per changed object (record + clear) | %.2f |%n", (double) burstObjectWrites / keys.size()))
                .append(String.format(Locale.ROOT, "| pending-marker writes (one per distribution per ingest batch that wrote) | %d of %d batches |%n", burstMarkerWrites, batches))
                .append(String.format(Locale.ROOT, "| flushes (batches planned) | %d |%n", burstFlushes))
                .append(String.format(Locale.ROOT, "| DynamoDB read requests | %,d (%s) |%n", reads, burstReadsByOperation))
                .append(String.format(Locale.ROOT, "| busiest partition key | %s: %,d writes (%.1f%% of all) |%n", hottest.getKey(), hottest.getValue(),
                        100.0 * hottest.getValue() / writes))
                .append(String.format(Locale.ROOT, "| CreateInvalidation requests | %d |%n", burstInvalidations))
                .append(String.format(Locale.ROOT, "| paths submitted | %,d |%n", burstPaths))
                .append(String.format(Locale.ROOT, "| ingest wall time (10 batches, DynamoDB Local) | %,d ms |%n", ingestMillis))
                .append(String.format(Locale.ROOT, "| ingest + flushes wall time | %,d ms |%n", totalMillis))
                .append(String.format(Locale.ROOT, "%nThen a trickle: %d SQS batches of %d new objects, each flushed on its own by a tick (as changes arriving "
                        + "evenly are, at the max delay).%n%n| trickle measure | value |%n|---|---|%n", TRICKLE_FLUSHES, TRICKLE_CHANGES))
                .append(String.format(Locale.ROOT, "| flushes (batches planned) | %d |%n", trickleFlushes))
                .append(String.format(Locale.ROOT, "| write units per flush (besides the object items) | %.1f |%n", unitsPerFlush))
                .append(String.format(Locale.ROOT, "| read requests per flush (the tick's) | %.1f |%n", (double) flushReads / trickleFlushes))
                .append("\nWrites per object: one conditional UpdateItem when it becomes pending, one conditional UpdateItem when its flush ")
                .append("clears it. A late duplicate or an older sequencer of an object this container recorded is not written (it would be ")
                .append("rejected by the condition, which still costs a write); one that reaches another container is rejected by the ")
                .append("condition and costs one write. The burst runs in one container, so its late deliveries (the last 2,000 events) cost ")
                .append("no write; run through fresh containers they would cost 2,000 (0.25 per changed object). Plus one pending-marker ")
                .append("write per distribution per ingest batch that wrote, and per flush: lease, batch header and path chunks, open and ")
                .append("close, one transaction per accepted request recording it with its usage (2 write units per item), release. ")
                .append("Reads: one state read per distribution per ingest batch (the flush check decides on the state the marker write ")
                .append("returns); the rest per flush. The burst's counts include everything; the trickle's rows count per flush what the bill ")
                .append("scales by the number of flushes (the object items' record and clear writes are counted per object above).\n");
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, md.toString());
        System.out.print(md);
        dynamo.close();
        System.exit(0); // DynamoDB Local leaves a non-daemon thread behind that exec:java would wait minutes for
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }
}
