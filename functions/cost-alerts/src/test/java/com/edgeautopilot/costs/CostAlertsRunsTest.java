package com.edgeautopilot.costs;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.costs.config.CostAlertsConfig;
import com.edgeautopilot.costs.handler.CostAlertsHandler;
import com.edgeautopilot.costs.handler.CostAlertsWiring;
import com.edgeautopilot.costs.store.AlertStore;
import com.edgeautopilot.costs.store.DynamoAlertStore;
import com.edgeautopilot.costs.store.StoredAlert;
import com.edgeautopilot.costs.support.CostSignals;
import com.edgeautopilot.costs.support.DigestInbox;
import com.edgeautopilot.costs.support.MotoCostExplorer;
import com.edgeautopilot.costs.support.TestFunction;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServerExtension;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Digest runs racing, the price-class report and the usage reconciliation, on DynamoDB Local and moto. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CostAlertsRunsTest {

    static final Instant T0 = Instant.parse("2026-11-21T14:00:00Z");

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CostAlertsTable", "CoalescerTable").freshTablesForEachTest();
    @RegisterExtension
    static final MotoServerExtension MOTO = MotoServerExtension.resettingBeforeEachTest();

    private LocalAws aws;
    private ControllableClock clock;
    private Map<String, String> env;
    private DigestInbox inbox;

    @BeforeEach
    void wire() {
        aws = LocalAws.configure(DB.server(), MOTO.server());
        String topic = aws.sns().createTopic(b -> b.name("cost-digests")).topicArn();
        inbox = DigestInbox.subscribe(aws.sns(), aws.sqs(), topic, "digest-inbox");
        env = TestFunction.environment(DB, topic);
        clock = new ControllableClock(T0);
    }

    private CostAlertsHandler handler() {
        return new CostAlertsHandler(CostAlertsWiring.wire(TestFunction.config(env), aws.clients(), clock, TestFunction.quietLog()));
    }

    @Test
    void racingDigestRunsSendEachDigestOnce() throws Exception {
        CostAlertsHandler handler = handler();
        String[] services = {"AmazonCloudFront", "AmazonS3", "AWSLambda", "AmazonDynamoDB", "AmazonSNS"};
        for (int i = 0; i < services.length; i++) {
            handler.handle(CostSignals.billingAlarm(services[i], "ALARM", 100 + i, "2026-11-21T14:00:0" + i + ".000+0000", "m-" + i), "intake-" + i);
        }
        clock.advance(Duration.ofMinutes(3));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) { // 3 rounds: first digests, then nothing due, then nothing due
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Object>> runs = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    CostAlertsHandler racer = handler(); // each run its own wiring, like separate Lambda instances
                    String id = "run-" + round + "-" + r;
                    runs.add(pool.submit(() -> {
                        start.await();
                        return racer.handle(Json.parseObject("{\"action\":\"digest\"}"), id);
                    }));
                }
                start.countDown();
                for (Future<Object> run : runs) {
                    run.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<DigestInbox.Received> digests = inbox.drain();
        assertEquals(services.length, digests.size(), "one digest per group, whatever the races: " + digests.stream().map(DigestInbox.Received::subject).toList());
        assertEquals(services.length, digests.stream().map(d -> Json.string(d.message(), "group")).distinct().count());
    }

    @Test
    void aRunThatFindsTheDigestClaimedFinishesTheBookkeepingWithoutSendingAgain() {
        CostAlertsHandler handler = handler();
        handler.handle(CostSignals.billingAlarm("AmazonS3", "ALARM", 40, "2026-11-21T14:00:00.000+0000", "m-1"), "intake");
        clock.advance(Duration.ofMinutes(3));
        DynamoAlertStore store = new DynamoAlertStore(aws.dynamoDb(), DB.tableName("CostAlertsTable"), Duration.ofDays(1));
        String group = store.groups().get(0).key();
        assertTrue(store.claimDigest(group, store.groups().get(0).episode(), 1, "a run that published and died", clock.millis()));

        Object response = handler.handle(Json.parseObject("{\"action\":\"digest\"}"), "successor");

        assertTrue(Json.write(response).contains("\"action\":\"already-sent\""), Json.write(response));
        assertEquals(List.of(), inbox.drain(), "digest 1 was sent by the run that claimed it");
        assertEquals(1, store.groups().get(0).sentCount());
        clock.advance(Duration.ofMinutes(40));
        handler.handle(Json.parseObject("{\"action\":\"digest\"}"), "later");
        assertEquals(List.of("REPEAT"), inbox.drain().stream().map(d -> Json.string(d.message(), "kind")).toList(), "the group goes on normally");
    }

    @Test
    void aSignalThatCannotBeStoredFailsAloneAndFailsTheInvocationForRetry() {
        CostAlertsConfig config = TestFunction.config(env);
        CostAlertsWiring.Ports real = CostAlertsWiring.ports(config, aws.clients());
        AlertStore failing = (AlertStore) Proxy.newProxyInstance(AlertStore.class.getClassLoader(), new Class<?>[]{AlertStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("putAlert") && ((StoredAlert) args[0]).alert().service().equals("Amazon Simple Storage Service")) {
                throw new IllegalStateException("DynamoDB is throttling");
            }
            try {
                return method.invoke(real.store(), args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
        CostAlertsHandler handler = new CostAlertsHandler(CostAlertsWiring.wire(config,
                new CostAlertsWiring.Ports(failing, real.notifier(), real.costExplorer(), real.distributions(), real.coalescerUsage()), clock, TestFunction.quietLog()));
        Map<String, Object> batch = CostSignals.billingAlarm("AmazonCloudFront", "ALARM", 160, "2026-11-21T14:00:00.000+0000", "good");
        Map<String, Object> bad = CostSignals.billingAlarm("AmazonS3", "ALARM", 40, "2026-11-21T14:00:00.000+0000", "bad");
        List<Object> records = new ArrayList<>(Json.list(batch, "Records"));
        records.addAll(Json.list(bad, "Records"));
        Map<String, Object> twoRecords = new LinkedHashMap<>(batch);
        twoRecords.put("Records", records);

        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> handler.handle(twoRecords, "invocation"));

        assertTrue(failed.getMessage().contains("1 of 2 cost signals could not be stored") && failed.getMessage().contains("bad (IllegalStateException: DynamoDB is throttling)"),
                failed.getMessage());
        DynamoAlertStore store = new DynamoAlertStore(aws.dynamoDb(), DB.tableName("CostAlertsTable"), Duration.ofDays(1));
        assertEquals(List.of("123456789012|Amazon CloudFront"), store.groups().stream().map(g -> g.key()).toList(), "the good record was taken");
    }

    @Test
    void anUnrecognisedSignalIsDeliveredOnceNeverDropped() {
        CostAlertsHandler handler = handler();
        for (int i = 0; i < 3; i++) {
            handler.handle(CostSignals.sns("Your invoice for November is available. Amount due: see console.", "m-" + i, "AWS invoice"), "intake-" + i);
        }
        clock.advance(Duration.ofMinutes(3));
        handler.handle(Json.parseObject("{\"action\":\"digest\"}"), "digest");
        List<DigestInbox.Received> digests = inbox.drain();
        assertEquals(1, digests.size());
        Map<?, ?> entry = (Map<?, ?>) Json.list(digests.get(0).message(), "firing").get(0);
        assertEquals("UNRECOGNISED", entry.get("source"));
        assertEquals("Unrecognised cost signal: AWS invoice", entry.get("title"));
        assertEquals(3L, ((Number) entry.get("occurrences")).longValue());
    }

    @Test
    void reconcileHandsAccountWidePathsToTheCoalescersUsageItem() {
        String coalescerTable = DB.tableName("CoalescerTable");
        // the coalescer's own count for the month, as it keeps it
        aws.dynamoDb().putItem(b -> b.tableName(coalescerTable).item(Map.of("pk", DynamoItems.s("USAGE"), "sk", DynamoItems.s("2026-11"),
                "paths", DynamoItems.n(812))));
        Map<String, Object[]> usage = new LinkedHashMap<>();
        usage.put("Invalidations", new Object[]{"1543", "URL", "2.715"});
        usage.put("US-DataTransfer-Out-Bytes", new Object[]{"900", "GB", "76.5"});
        MotoCostExplorer.queue(MOTO.server(), "2026-11-01", "2026-11-22", usage);

        Object response = handler().handle(Json.parseObject(RepoPaths.event("schedule/usage-reconcile.json")), "reconcile");

        assertEquals(Map.of("month", "2026-11", "accountPaths", 1543, "truncated", false), Json.parseObject(Json.write(response)));
        Map<String, AttributeValue> item = aws.dynamoDb().getItem(b -> b.tableName(coalescerTable)
                .key(DynamoItems.key("USAGE", "2026-11")).consistentRead(true)).item();
        assertEquals(1543, DynamoItems.longOf(item, "accountPaths"), "other tools used paths too: the account has 1,543 this month");
        assertEquals(clock.millis(), DynamoItems.longOf(item, "accountPathsAt"));
        assertEquals(812, DynamoItems.longOf(item, "paths"), "the coalescer's own count is left alone");
    }

    @Test
    void priceClassReportOnMotoMatchesTheHandCalculation() {
        String distributionId = aws.cloudFront().createDistribution(b -> b.distributionConfig(DistributionConfig.builder()
                .callerReference("advisor-" + System.nanoTime()).comment("advisor test").enabled(true).priceClass("PriceClass_100")
                .origins(o -> o.quantity(1).items(origin -> origin.id("site").domainName("example-site-bucket.s3.amazonaws.com")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))))
                .defaultCacheBehavior(c -> c.targetOriginId("site").viewerProtocolPolicy("redirect-to-https")
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))
                .build())).distribution().id();
        env.put("DISTRIBUTION_IDS", distributionId);
        Map<String, Object[]> usage = new LinkedHashMap<>();
        usage.put("US-DataTransfer-Out-Bytes", new Object[]{"1000", "GB", "85"});
        usage.put("EU-DataTransfer-Out-Bytes", new Object[]{"500", "GB", "42.5"});
        usage.put("US-Requests-Tier2-HTTPS", new Object[]{"10000000", "Requests", "10"});
        usage.put("EU-Requests-Tier2-HTTPS", new Object[]{"5000000", "Requests", "6"});
        usage.put("US-Requests-Tier1", new Object[]{"2000000", "Requests", "1.5"});
        MotoCostExplorer.queue(MOTO.server(), "2026-10-01", "2026-11-01", usage);

        Object response = handler().handle(Json.parseObject("{\"tick\":\"price-class-report\"}"), "report");

        // by hand: bytes 1000*.085 + 500*.085 = 127.5; HTTPS 1000*.0100 + 500*.0120 = 16; HTTP 200*.0075 = 1.5 -> 145.0 for every
        // class (only regions of PriceClass_100 carry traffic, as under a current PriceClass_100)
        Map<String, Object> report = Json.parseObject(Json.write(response));
        assertEquals("2026-10-01..2026-11-01", report.get("period"));
        for (Object estimate : Json.list(report, "classes")) {
            assertEquals(145.0, ((Number) ((Map<?, ?>) estimate).get("estimatedCostUsd")).doubleValue(), 1e-9, estimate.toString());
        }
        assertEquals(145.0, ((Number) report.get("actualCostUsd")).doubleValue(), 1e-9);
        assertEquals(Map.of(distributionId, "PriceClass_100"), report.get("currentClasses"));
        List<DigestInbox.Received> sent = inbox.drain();
        assertEquals(1, sent.size());
        assertEquals("PRICE_CLASS_REPORT", sent.get(0).attributes().get("kind"));
        assertEquals(report, sent.get(0).message(), "the topic's machine subscribers get the report as JSON");
        assertTrue(sent.get(0).subject().startsWith("CloudFront price classes 2026-10: cheapest "), sent.get(0).subject());
    }
}
