package com.edgeautopilot.costs;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.costs.handler.CostAlertsHandler;
import com.edgeautopilot.costs.handler.CostAlertsWiring;
import com.edgeautopilot.costs.store.DynamoAlertStore;
import com.edgeautopilot.costs.support.CostSignals;
import com.edgeautopilot.costs.support.DigestInbox;
import com.edgeautopilot.costs.support.TestFunction;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServerExtension;
import com.edgeautopilot.testbed.TableShape;
import com.edgeautopilot.testbed.TemplateTables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function end to end on DynamoDB Local and moto (SNS topic, SQS queue subscribed to it), with simulated time:
 * an hour of noisy cost signals in three groups gives exactly the digests Alertmanager's semantics promise.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CostAlertsIntegrationTest {

    static final Instant T0 = Instant.parse("2026-11-21T14:00:00Z");
    static final String A = "123456789012";
    static final String B = "210987654321";
    static final String CF = "Amazon CloudFront";
    static final String S3 = "Amazon Simple Storage Service";
    static final String LAMBDA = "AWS Lambda";
    static final String X = "11111111-aaaa-4bbb-8ccc-000000000001";

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CostAlertsTable", "CoalescerTable").freshTablesForEachTest();
    @RegisterExtension
    static final MotoServerExtension MOTO = MotoServerExtension.resettingBeforeEachTest();

    private ControllableClock clock;
    private CostAlertsHandler handler;
    private DigestInbox inbox;
    private int invocations;

    @BeforeEach
    void wire() {
        LocalAws aws = LocalAws.configure(DB.server(), MOTO.server());
        String topic = aws.sns().createTopic(b -> b.name("cost-digests")).topicArn();
        inbox = DigestInbox.subscribe(aws.sns(), aws.sqs(), topic, "digest-inbox");
        clock = new ControllableClock(T0);
        handler = new CostAlertsHandler(CostAlertsWiring.wire(TestFunction.config(TestFunction.environment(DB, topic)), aws.clients(), clock,
                TestFunction.quietLog()));
    }

    @Test
    void templateTableHasTheShapeTheStoreUses() {
        TableShape expected = TableShape.builder()
                .partitionKey(TableShape.Key.s(DynamoAlertStore.PARTITION_KEY))
                .sortKey(TableShape.Key.s(DynamoAlertStore.SORT_KEY))
                .ttlAttribute(DynamoAlertStore.TTL_ATTRIBUTE)
                .build();
        TemplateTables.fromRepo().table("CostAlertsTable").shape().assertMatches(expected, "CostAlertsTable in template.yaml");
    }

    /** One scripted delivery at a minute of the hour. */
    private record Delivery(int minute, Supplier<Map<String, Object>> event) {
    }

    @Test
    void anHourOfNoisySignalsInThreeGroupsGivesExactlyTheExpectedDigests() {
        List<Delivery> news = List.of(
                new Delivery(0, () -> CostSignals.anomalySns(X, A, CF, 50, id())),                         // CF: anomaly X
                new Delivery(1, () -> CostSignals.budgetForecast(id())),                                   // CF: budget forecast, same service
                new Delivery(5, () -> CostSignals.billingAlarm("AmazonCloudFront", "ALARM", 160, "2026-11-21T14:05:00.000+0000", id())), // inhibited by X
                new Delivery(10, () -> CostSignals.billingAlarm("AmazonS3", "ALARM", 40, "2026-11-21T14:10:00.000+0000", id())),
                new Delivery(15, () -> CostSignals.billingAlarm("AmazonS3", "OK", 20, "2026-11-21T14:15:00.000+0000", id())),
                new Delivery(25, () -> CostSignals.anomalyEventBridge(X, A, CF, 80, id())),                // X grew, other shape
                new Delivery(30, () -> CostSignals.anomalySns("L1", B, LAMBDA, 20, id())),
                new Delivery(31, () -> CostSignals.anomalySns("L2", B, LAMBDA, 30, id())),
                new Delivery(35, () -> CostSignals.anomalySns("L3", B, LAMBDA, 25, id())));
        int delivered = 0;
        int noise = 1000 - news.size();
        for (int minute = 0; minute <= 60; minute++) {
            clock.set(T0.plus(Duration.ofMinutes(minute)));
            for (Delivery d : news) {
                if (d.minute() == minute) {
                    deliver(d.event().get());
                    delivered++;
                }
            }
            // the noise: repeated deliveries of what is already known, in its current state
            List<Supplier<Map<String, Object>>> repeats = repeatsAt(minute);
            int count = minute == 60 ? 0 : noise / 60 + (minute < noise % 60 ? 1 : 0);
            for (int i = 0; i < count; i++) {
                clock.advance(Duration.ofMillis(10));
                deliver(repeats.get(i % repeats.size()).get());
                delivered++;
            }
            clock.set(T0.plus(Duration.ofMinutes(minute)).plusSeconds(30));
            handler.handle(Json.parseObject("{\"tick\":\"cost-digest\"}"), "tick-" + minute);
        }
        assertEquals(1000, delivered);

        List<DigestInbox.Received> digests = new ArrayList<>(inbox.drain());
        digests.sort(Comparator.comparing((DigestInbox.Received r) -> Json.string(r.message(), "sentAt")));
        List<String> seen = digests.stream().map(CostAlertsIntegrationTest::describe).toList();
        assertEquals(List.of(
                "14:02:30 CF FIRST firing=[budget, anomaly:" + X + "] resolved=[]",   // group_wait after X; the forecast joins it
                "14:12:30 CF UPDATE firing=[budget, anomaly:" + X + "] resolved=[]",  // the alarm at :05, inhibited by X: folded under it after group_interval
                "14:12:30 S3 FIRST firing=[billing] resolved=[]",                      // group_wait after the S3 alarm
                "14:22:30 S3 RESOLVED firing=[] resolved=[billing]",                   // the OK at :15 waits for group_interval
                "14:25:30 CF UPDATE firing=[budget, anomaly:" + X + "] resolved=[]",   // X grew (group_interval after :12:30 has passed)
                "14:32:30 LAMBDA FIRST firing=[anomaly:L2, anomaly:L1] resolved=[]",
                "14:42:30 LAMBDA UPDATE firing=[anomaly:L2, anomaly:L3, anomaly:L1] resolved=[]", // L3 at :35 waits for group_interval
                "14:55:30 CF REPEAT firing=[budget, anomaly:" + X + "] resolved=[]"),  // repeat_interval after :25:30
                seen);

        for (DigestInbox.Received d : digests) {
            assertTrue(d.subject().length() < 100, d.subject());
            assertEquals(Json.string(d.message(), "severity"), d.attributes().get("severity"));
            assertEquals(Json.string(d.message(), "service"), d.attributes().get("service"));
            assertEquals(Json.string(d.message(), "account"), d.attributes().get("account"));
        }
        Map<String, Object> folding = entry(digests.get(1).message(), 1);
        assertEquals("anomaly:" + X, folding.get("fingerprint"));
        assertTrue(String.valueOf(((List<?>) folding.get("folded")).get(0)).startsWith("Billing alarm estimated-charges-AmazonCloudFront"),
                "an inhibited alarm is seen within group_interval, folded under its anomaly: " + folding);
        Map<String, Object> cfUpdate = digests.get(4).message();
        Map<String, Object> anomaly = entry(cfUpdate, 1); // after the budget forecast: same severity, larger amount first
        assertEquals("GREW", anomaly.get("change"));
        assertEquals(30.0, ((Number) anomaly.get("delta")).doubleValue(), 1e-9, "impact 50 -> 80 since the last digest");
        assertEquals(1, ((List<?>) anomaly.get("folded")).size(), "the CloudFront billing alarm is folded under the anomaly");
        assertTrue(String.valueOf(((List<?>) anomaly.get("folded")).get(0)).startsWith("Billing alarm estimated-charges-AmazonCloudFront"));
        assertEquals("anomaly:" + X, anomaly.get("fingerprint"));
        assertEquals("[WARNING] Cost update: Amazon CloudFront @ 123456789012 - 2 firing", digests.get(4).subject());
        assertEquals("[WARNING] Cost alert: Amazon CloudFront @ 123456789012 - 2 firing, 2 new", digests.get(0).subject());
        assertEquals("WARNING", digests.get(0).attributes().get("severity"));
        assertEquals("[RESOLVED] Cost resolved: Amazon Simple Storage Service @ 123456789012 - 0 firing, 1 resolved", digests.get(3).subject());
    }

    private static Map<String, Object> entry(Map<String, Object> digest, int index) {
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) Json.list(digest, "firing").get(index);
        return e;
    }

    /** "14:02:30 CF FIRST firing=[...] resolved=[...]" with fingerprints shortened to their kind (anomalies keep their id). */
    private static String describe(DigestInbox.Received r) {
        Map<String, Object> m = r.message();
        String service = switch (Json.string(m, "service")) {
            case CF -> "CF";
            case S3 -> "S3";
            case LAMBDA -> "LAMBDA";
            default -> Json.string(m, "service");
        };
        return Json.string(m, "sentAt").substring(11, 19) + " " + service + " " + Json.string(m, "kind")
                + " firing=" + fingerprints(m, "firing") + " resolved=" + fingerprints(m, "resolved");
    }

    private static List<String> fingerprints(Map<String, Object> digest, String list) {
        List<String> out = new ArrayList<>();
        for (Object e : Json.list(digest, list)) {
            String fp = String.valueOf(((Map<?, ?>) e).get("fingerprint"));
            out.add(fp.startsWith("anomaly:") ? fp : fp.substring(0, fp.indexOf(':')));
        }
        return out;
    }

    private List<Supplier<Map<String, Object>>> repeatsAt(int minute) {
        List<Supplier<Map<String, Object>>> repeats = new ArrayList<>();
        repeats.add(minute < 25 ? () -> CostSignals.anomalySns(X, A, CF, 50, id())
                : minute % 2 == 0 ? () -> CostSignals.anomalyEventBridge(X, A, CF, 80, id())
                : () -> CostSignals.anomalySns(X, A, CF, 50, id())); // a late copy of the older, smaller impact
        if (minute >= 1) {
            repeats.add(() -> CostSignals.budgetForecast(id()));
        }
        if (minute >= 5) {
            repeats.add(() -> CostSignals.billingAlarm("AmazonCloudFront", "ALARM", 160, "2026-11-21T14:05:00.000+0000", id()));
        }
        if (minute >= 10 && minute < 15) {
            repeats.add(() -> CostSignals.billingAlarm("AmazonS3", "ALARM", 40, "2026-11-21T14:10:00.000+0000", id()));
        }
        if (minute >= 30) {
            repeats.add(() -> CostSignals.anomalySns("L1", B, LAMBDA, 20, id()));
        }
        if (minute >= 31) {
            repeats.add(() -> CostSignals.anomalySns("L2", B, LAMBDA, 30, id()));
        }
        if (minute >= 35) {
            repeats.add(() -> CostSignals.anomalySns("L3", B, LAMBDA, 25, id()));
        }
        return repeats;
    }

    private void deliver(Map<String, Object> event) {
        Object response = handler.handle(event, "invocation-" + invocations);
        String json = Json.write(response);
        assertTrue(json.contains("\"failed\":0"), json);
    }

    private String id() {
        return "msg-" + (++invocations);
    }
}
