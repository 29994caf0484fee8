package com.edgeautopilot.coalescer.bench;

import com.edgeautopilot.coalescer.handler.CoalescerHandler;
import com.edgeautopilot.coalescer.plan.OriginRoute;
import com.edgeautopilot.coalescer.plan.PathEncoding;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.faults.CrashPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The longer load run (not part of the test command; {@code bench/run-load}): {@code load.events} S3 events (default
 * 100,000; duplicates and out-of-order deliveries included) in SQS batches of {@code load.batch} through
 * {@code load.concurrency} concurrent invocations (separate wirings, like Lambda instances) of the coalescer on DynamoDB
 * Local, with scheduled flushes to the strict CloudFront double. Reports events per second, DynamoDB operations per
 * event, and checks every key is covered and nothing paid twice.
 */
class CoalescerLoadRun {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable");

    @Test
    void sqsBurstThroughConcurrentInvocations() throws Exception {
        int events = Integer.getInteger("load.events", 100_000);
        int batch = Integer.getInteger("load.batch", 1_000);
        int concurrency = Integer.getInteger("load.concurrency", 4);
        CoalescerRig rig = new CoalescerRig(DB);
        CrashPoint counter = CrashPoint.never(); // counts every DynamoDB call
        AwsClients counted = DB.aws().clients().withOverrides(counter::install);
        rig.dynamoDecorator = local -> counted.dynamoDb();
        List<CoalescerHandler> instances = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            instances.add(rig.wire().handler);
        }
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < events * 4 / 5; i++) { // 80% of the events are first deliveries of distinct keys
            keys.add("section-" + i % 50 + "/d" + (i / 50) % 200 + "/" + (i % 3 == 0 ? "page-" + i + ".html" : "asset " + i + ".js"));
        }
        List<String> bodies = S3Events.burst(CoalescerRig.BUCKET, keys, 42);
        long started = System.nanoTime();
        AtomicInteger failures = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int from = 0, n = 0; from < bodies.size(); from += batch, n++) {
                List<String> slice = bodies.subList(from, Math.min(bodies.size(), from + batch));
                CoalescerHandler instance = instances.get(n % concurrency);
                int firstId = from;
                calls.add(pool.submit(() -> failures.addAndGet(CoalescerRig.invoke(instance, S3Events.sqsBatch(slice, firstId)).get("batchItemFailures") instanceof List<?> l ? l.size() : 0)));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        long ingestNanos = System.nanoTime() - started;
        int ingestCalls = counter.steps().size();
        rig.handler = instances.get(0);
        CoalescerRig.drain(rig.handler, rig.clock, rig.cloudFront);
        long totalNanos = System.nanoTime() - started;
        int uncovered = 0;
        for (String key : keys) {
            for (OriginRoute route : rig.config.routes().routesFor(CoalescerRig.BUCKET)) {
                for (String path : route.urlPaths(key)) {
                    uncovered += rig.cloudFront.evicted(CoalescerRig.DIST, PathEncoding.encode(path)) ? 0 : 1;
                }
            }
        }
        Map<String, Long> byOperation = new java.util.TreeMap<>();
        counter.steps().forEach(s -> byOperation.merge(s, 1L, Long::sum));
        System.out.printf("LOAD coalescer: %d S3 events (%d keys) in batches of %d through %d concurrent invocations; %d failed records; "
                        + "ingest %.1f s = %.0f events/s; with flushes %.1f s; DynamoDB operations %d (%.2f per event; ingest %.2f per event) %s; "
                        + "%d invalidations, %d paths charged; %d key paths not covered%n",
                bodies.size(), keys.size(), batch, concurrency, failures.get(), ingestNanos / 1e9, bodies.size() / (ingestNanos / 1e9), totalNanos / 1e9,
                counter.steps().size(), counter.steps().size() / (double) bodies.size(), ingestCalls / (double) bodies.size(), byOperation,
                rig.cloudFront.created().size(), rig.cloudFront.chargedPaths(), uncovered);
        assertEquals(0, failures.get());
        assertEquals(0, uncovered, "every key covered");
    }
}
