package com.edgeautopilot.failover.bench;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.failover.cdn.CloudFrontDistributionGateway;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.control.Failover;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.notify.SnsNotifier;
import com.edgeautopilot.failover.store.DynamoFailoverStore;
import com.edgeautopilot.failover.support.FailoverOnLocalAws;
import com.edgeautopilot.failover.support.FakeAlarmHealth;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.failover.support.VersionedETags;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServerExtension;
import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.faults.CrashPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The longer load run for origin failover (not part of the test command; {@code bench/run-load}): an alarm storm.
 * {@code load.cycles} outages (default 200), each an ALARM and, ten minutes later, an OK of the primary's health check,
 * every transition delivered in all three shapes (SNS, EventBridge, alarm action) twice each at the same moment by
 * {@code load.concurrency} concurrent invocations (default 4, each its own handler as separate Lambda environments),
 * among {@code load.noise} deliveries of alarms nobody configured (default 10 per transition), then the follow-up
 * schedule every minute past the dwell time. On DynamoDB Local and moto with CloudFront's per-version ETags.
 * Reports deliveries per second and DynamoDB operations per delivery; every outage switches once each way with one
 * notice each.
 */
class AlarmStormLoadRun {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("FailoverTable");
    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final DateTimeFormatter ALARM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    private static final String SAMPLE_ALARM_AT = "2026-11-21T10:05:12.345+0000";
    private static final String SAMPLE_OK_AT = "2026-11-21T10:21:09.870+0000";

    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    @Test
    void alarmStorm() throws Exception {
        int cycles = Integer.getInteger("load.cycles", 200);
        int concurrency = Integer.getInteger("load.concurrency", 4);
        int noise = Integer.getInteger("load.noise", 10);
        FailoverOnLocalAws site = new FailoverOnLocalAws(LocalAws.configure(DB.server(), MOTO.server()), "failover-storm");
        ControllableClock clock = new ControllableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS));
        CrashPoint counter = CrashPoint.never();
        VersionedETags etags = new VersionedETags();
        AwsClients clients = site.aws.clients().withOverrides(o -> {
            counter.install(o);
            o.addExecutionInterceptor(etags);
        });
        List<FailoverHandler> handlers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            handlers.add(handler(clients, site, clock));
        }
        List<String> alarmShapes = List.of("cloudwatch-alarm/sns-alarm.json", "cloudwatch-alarm/eventbridge-alarm.json", "cloudwatch-alarm/lambda-action-alarm.json");
        List<String> okShapes = List.of("cloudwatch-alarm/sns-ok.json", "cloudwatch-alarm/eventbridge-ok.json", "cloudwatch-alarm/lambda-action-ok.json");
        String unknown = RepoPaths.event("cloudwatch-alarm/eventbridge-unknown-alarm.json");
        int wrong = 0;
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            Instant start = clock.instant();
            for (int cycle = 0; cycle < cycles; cycle++) {
                Instant alarmAt = start.plus(Duration.ofHours(2L * cycle)).plusMillis(345);
                Instant okAt = alarmAt.plus(Duration.ofMinutes(10));
                clock.advanceTo(alarmAt.plusSeconds(2));
                storm(pool, handlers, events(alarmShapes, SAMPLE_ALARM_AT, ALARM_TIME.format(alarmAt), null, null), unknown, noise);
                wrong += site.liveTargets().equals(FailoverOnLocalAws.ON_STANDBY) ? 0 : 1;
                clock.advanceTo(okAt.plusSeconds(2));
                storm(pool, handlers, events(okShapes, SAMPLE_OK_AT, ALARM_TIME.format(okAt), SAMPLE_ALARM_AT, ALARM_TIME.format(alarmAt)), unknown, noise);
                for (int minute = 0; minute < 15; minute++) {
                    clock.advanceTo(okAt.plusSeconds(301 + 60L * minute));
                    deliver(handlers.get(minute % concurrency), RepoPaths.event("schedule/failover-follow-up.json"));
                }
                wrong += site.liveTargets().equals(FailoverOnLocalAws.ON_PRIMARY) ? 0 : 1;
            }
        }
        long nanos = System.nanoTime() - started;
        Map<String, Integer> notices = site.notices();
        Map<String, Long> byOperation = new TreeMap<>();
        counter.steps().forEach(s -> byOperation.merge(s, 1L, Long::sum));
        long dynamo = byOperation.entrySet().stream().filter(e -> e.getKey().startsWith("DynamoDb.")).mapToLong(Map.Entry::getValue).sum();
        long updates = byOperation.getOrDefault("CloudFront.UpdateDistribution", 0L);
        System.out.printf("LOAD origin-failover: %d outages, %d deliveries (%d failed and retried) by %d concurrent invocations in %.1f s = %.0f "
                        + "deliveries/s; DynamoDB operations %d (%.2f per delivery) %s; %d UpdateDistribution for %d switches; notices %s; "
                        + "%d checks found the distribution on the wrong origin%n",
                cycles, deliveries.get(), failed.get(), concurrency, nanos / 1e9, deliveries.get() / (nanos / 1e9), dynamo,
                dynamo / (double) deliveries.get(), byOperation, updates, 2 * cycles, notices, wrong);
        assertEquals(0, wrong, "every outage moved the behaviours to the standby and back");
        assertEquals(Map.of("failover", cycles, "failback", cycles), notices, "one notice per switch");
        assertEquals(2L * cycles, updates, "one UpdateDistribution per switch, none repeated by the duplicate deliveries");
    }

    private static List<String> events(List<String> samples, String sampleTime, String time, String sampleAlarmTime, String alarmTime) {
        List<String> events = new ArrayList<>();
        for (String sample : samples) {
            String event = RepoPaths.event(sample).replace(sampleTime, time);
            events.add(sampleAlarmTime == null ? event : event.replace(sampleAlarmTime, alarmTime));
        }
        return events;
    }

    /** Every shape twice, at the same moment, with noise, spread over the concurrent invocations; failures retried. */
    private void storm(ExecutorService pool, List<FailoverHandler> handlers, List<String> shapes, String unknown, int noise) throws Exception {
        List<String> batch = new ArrayList<>();
        for (int copy = 0; copy < 2; copy++) {
            batch.addAll(shapes);
        }
        for (int i = 0; i < noise; i++) {
            batch.add(unknown);
        }
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            FailoverHandler handler = handlers.get(i % handlers.size());
            String event = batch.get(i);
            calls.add(() -> {
                for (int attempt = 0; attempt < 20; attempt++) { // Lambda's asynchronous retries
                    if (deliver(handler, event)) {
                        return true;
                    }
                    Thread.sleep(5);
                }
                return false;
            });
        }
        for (Future<Boolean> done : pool.invokeAll(calls)) {
            if (!done.get()) {
                throw new AssertionError("a delivery never succeeded in 20 attempts");
            }
        }
    }

    private boolean deliver(FailoverHandler handler, String event) {
        int delivery = deliveries.incrementAndGet(); // unique per delivery, as Lambda's request ids (get() after the increment could repeat one across threads)
        try {
            handler.handle(EventShapes.classify(Json.parseObject(event)), "storm-" + delivery);
            return true;
        } catch (RuntimeException busyOrFailed) {
            failed.incrementAndGet();
            return false;
        }
    }

    /** As production wires it, with a short real wait for a busy lease (concurrent environments share the clock here). */
    private static FailoverHandler handler(AwsClients clients, FailoverOnLocalAws site, ControllableClock clock) {
        Map<String, String> env = new HashMap<>();
        env.put("PROTECTED_DISTRIBUTIONS", Fixtures.settingFor(site.distributionId, 300, true));
        env.put("FAILOVER_TABLE", DB.tableName("FailoverTable"));
        env.put("NOTIFICATION_TOPIC_ARN", site.topicArn);
        FailoverConfig config = FailoverConfig.from(Settings.of(env));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Failover failover = Failover.of(config, new DynamoFailoverStore(clients.dynamoDb(), config.tableName(), config.lease(), config.auditRetention()),
                new CloudFrontDistributionGateway(CloudFrontClients.of(clients)), new FakeAlarmHealth(), new SnsNotifier(clients.sns(), site.topicArn),
                millis -> sleep(Math.min(millis, 20)), clock,
                () -> new Metrics("EdgeAutopilot", quiet, clock).dimension("Function", "origin-failover"));
        return new FailoverHandler(failover, Log.to(quiet));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
