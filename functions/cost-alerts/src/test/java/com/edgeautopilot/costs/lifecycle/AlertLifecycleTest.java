package com.edgeautopilot.costs.lifecycle;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.costs.config.CostAlertsConfig;
import com.edgeautopilot.costs.handler.CostAlertsHandler;
import com.edgeautopilot.costs.handler.CostAlertsWiring;
import com.edgeautopilot.costs.notify.Notification;
import com.edgeautopilot.costs.notify.Notifier;
import com.edgeautopilot.costs.support.CostSignals;
import com.edgeautopilot.costs.support.DigestInbox;
import com.edgeautopilot.costs.support.TestFunction;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServerExtension;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An alert's and a group's lifecycle end to end (DynamoDB Local, SNS and SQS on moto), one test per way an alert was
 * lost, repeated or split (issue 22). The clock is in 2099, so DynamoDB Local never deletes an item by the real clock.
 */
@Tag("slow")
class AlertLifecycleTest {

    static final Instant T0 = Instant.parse("2099-03-10T14:00:00Z");
    static final DateTimeFormatter ALARM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    static final String CF_GROUP = "123456789012|Amazon CloudFront";

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CostAlertsTable", "CoalescerTable").freshTablesForEachTest();
    @RegisterExtension
    static final MotoServerExtension MOTO = MotoServerExtension.resettingBeforeEachTest();

    private LocalAws aws;
    private ControllableClock clock;
    private Map<String, String> env;
    private DigestInbox inbox;
    private int invocations;

    @BeforeEach
    void wire() {
        aws = LocalAws.configure(DB.server(), MOTO.server());
        String topic = aws.sns().createTopic(b -> b.name("cost-digests")).topicArn();
        inbox = DigestInbox.subscribe(aws.sns(), aws.sqs(), topic, "digest-inbox");
        env = TestFunction.environment(DB, topic); // group_wait 2 min, group_interval 10 min, repeat_interval 30 min
        clock = new ControllableClock(T0);
    }

    private CostAlertsHandler handler() {
        return new CostAlertsHandler(CostAlertsWiring.wire(TestFunction.config(env), aws.clients(), clock, TestFunction.quietLog()));
    }

    /** The production wiring with the notifier seen through {@code around} (it calls the real one itself). */
    private CostAlertsHandler handlerWithNotifier(java.util.function.Function<Notifier, Notifier> around) {
        CostAlertsConfig config = TestFunction.config(env);
        CostAlertsWiring.Ports real = CostAlertsWiring.ports(config, aws.clients());
        return new CostAlertsHandler(CostAlertsWiring.wire(config, new CostAlertsWiring.Ports(real.store(), around.apply(real.notifier()),
                real.costExplorer(), real.distributions(), real.coalescerUsage()), clock, TestFunction.quietLog()));
    }

    private Object digestRun(CostAlertsHandler handler) {
        return handler.handle(Json.parseObject(RepoPaths.event("schedule/cost-digest.json")), "digest-" + (++invocations));
    }

    private Map<String, Object> alarm(String service, String state, double value) {
        return CostSignals.billingAlarm(service, state, value, ALARM_TIME.format(clock.instant()), "m-" + (++invocations));
    }

    private static List<String> kinds(List<DigestInbox.Received> digests) {
        return digests.stream().map(d -> Json.string(d.message(), "kind")).toList();
    }

    /** Defect 1: a billing alarm has a resolution (OK): it stays open while it fires, however long, and OK resolves it. */
    @Test
    void aBillingAlarmFiringPastTheOpenWindowKeepsRepeatingAndItsOkIsSent() {
        CostAlertsHandler handler = handler();
        handler.handle(alarm("AmazonCloudFront", "ALARM", 180), "intake");
        clock.advance(Duration.ofMinutes(3));
        digestRun(handler);
        for (int hour = 0; hour < 80; hour++) { // past ALERT_OPEN_HOURS (72): the alarm never said OK
            clock.advance(Duration.ofHours(1));
            digestRun(handler);
        }
        List<String> sent = kinds(inbox.drain());
        assertEquals("FIRST", sent.get(0));
        assertEquals(81, sent.size(), "a first digest and a repeat every hour (repeat_interval 30 min, runs hourly): " + sent);
        handler.handle(alarm("AmazonCloudFront", "OK", 120), "ok");
        clock.advance(Duration.ofMinutes(11));
        digestRun(handler);
        assertEquals(List.of("RESOLVED"), kinds(inbox.drain()), "OK resolves, at any age");
    }

    /** Defect 4 (size): a group of hundreds of anomalies, each with its own link, is one bounded digest with a "+N more" tail. */
    @Test
    void aDigestOfHundredsOfAnomaliesStaysFarUnderSnsMessageLimit() {
        List<Integer> sizes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        CostAlertsHandler handler = handlerWithNotifier(real -> n -> {
            sizes.add(snsMessageBytes(n));
            texts.add(n.text());
            real.send(n);
        });
        for (int i = 0; i < 400; i++) {
            handler.handle(anomaly("a-" + i, 10 + i), "intake-" + i);
        }
        clock.advance(Duration.ofMinutes(3));
        digestRun(handler);
        assertEquals(1, sizes.size(), "one digest for the group");
        assertTrue(sizes.get(0) < 128 * 1024, "far under SNS's 256 KB: " + sizes.get(0) + " bytes");
        List<DigestInbox.Received> sent = inbox.drain();
        assertEquals(1, sent.size());
        int listed = Json.list(sent.get(0).message(), "firing").size();
        int omitted = ((Number) sent.get(0).message().get("omitted")).intValue();
        assertEquals(400, listed + omitted, "every anomaly listed or counted");
        assertTrue(listed >= 10 && listed <= 20, listed + " listed");
        assertTrue(texts.get(0).contains("+" + omitted + " more"), "a tail counts what is not listed: " + texts.get(0).substring(Math.max(0, texts.get(0).length() - 400)));
        assertTrue(sent.get(0).subject().contains("400 firing"), sent.get(0).subject());
    }

    /** Defect 4 (isolation): a group whose publish fails does not keep the other groups' digests from going out. */
    @Test
    void aGroupWhosePublishFailsDoesNotStopTheOtherGroups() {
        CostAlertsHandler handler = handlerWithNotifier(real -> n -> {
            if (n.subject().contains("Amazon CloudFront")) {
                throw new IllegalStateException("SNS refused this one");
            }
            real.send(n);
        });
        handler.handle(alarm("AmazonCloudFront", "ALARM", 180), "intake-cf");
        handler.handle(alarm("AmazonS3", "ALARM", 40), "intake-s3");
        clock.advance(Duration.ofMinutes(3));
        RuntimeException failed = assertThrows(RuntimeException.class, () -> digestRun(handler), "the run fails, so it is retried and alarmed on");
        assertTrue(failed.getMessage().contains(CF_GROUP), failed.getMessage());
        List<DigestInbox.Received> sent = inbox.drain();
        assertEquals(List.of("123456789012|Amazon Simple Storage Service"), sent.stream().map(d -> Json.string(d.message(), "group")).toList());
        clock.advance(Duration.ofMinutes(1));
        digestRun(handler());
        assertEquals(List.of(CF_GROUP), inbox.drain().stream().map(d -> Json.string(d.message(), "group")).toList(), "the failed one goes next run");
    }

    /** Defect 5: the group item's TTL moves on with every write, so a group alive longer than the retention never vanishes. */
    @Test
    void aGroupAliveLongerThanTheRetentionKeepsItsItem() {
        env.put("ALERT_RETENTION_DAYS", "2");
        env.put("ALERT_OPEN_HOURS", "24");
        env.put("REPEAT_INTERVAL_SECONDS", "21600");
        CostAlertsHandler handler = handler();
        handler.handle(alarm("AmazonCloudFront", "ALARM", 180), "intake");
        for (int run = 0; run < 24; run++) { // four days of repeats every 6 h
            clock.advance(Duration.ofHours(4));
            digestRun(handler);
        }
        Map<String, AttributeValue> group = aws.dynamoDb().getItem(b -> b.tableName(DB.tableName("CostAlertsTable"))
                .key(DynamoItems.key("GROUPS", CF_GROUP)).consistentRead(true)).item();
        long expiresAt = DynamoItems.longOf(group, "expiresAt");
        assertTrue(expiresAt > clock.instant().getEpochSecond(), "the group item expires at " + Instant.ofEpochSecond(expiresAt) + ", now is " + clock.instant());
    }

    /** Defect 6: a group whose item expired starts a new episode whose digests never collide with the old episode's claims. */
    @Test
    void aNewEpisodeAfterTheGroupExpiredIsSent() {
        CostAlertsHandler handler = handler();
        handler.handle(alarm("AmazonCloudFront", "ALARM", 180), "intake");
        clock.advance(Duration.ofMinutes(3));
        digestRun(handler);
        handler.handle(alarm("AmazonCloudFront", "OK", 120), "ok");
        clock.advance(Duration.ofMinutes(11));
        digestRun(handler);
        List<DigestInbox.Received> first = inbox.drain();
        assertEquals(List.of("FIRST", "RESOLVED"), kinds(first));
        // TTL deletes the group item and its alert; the digest claims (written later) are still there
        String table = DB.tableName("CostAlertsTable");
        aws.dynamoDb().deleteItem(b -> b.tableName(table).key(DynamoItems.key("GROUPS", CF_GROUP)));
        clock.advance(Duration.ofDays(1));
        handler.handle(alarm("AmazonCloudFront", "ALARM", 300), "again");
        clock.advance(Duration.ofMinutes(3));
        digestRun(handler);
        List<DigestInbox.Received> sent = inbox.drain();
        assertEquals(List.of("FIRST"), kinds(sent), "the new episode's first digest is sent");
        assertEquals(1L, ((Number) sent.get(0).message().get("sequence")).longValue());
        assertTrue(((Number) sent.get(0).message().get("episode")).longValue() > ((Number) first.get(0).message().get("episode")).longValue(),
                "a new episode: subscribers tell its digest 1 from the old one's");
    }

    /** Defect 7: an alert taken in while a digest run publishes its group is sent in the next digest, never dropped. */
    @Test
    void anAlertTakenInWhileItsGroupIsBeingSentIsNotLost() {
        CostAlertsHandler intake = handler();
        boolean[] once = {false};
        CostAlertsHandler runner = handlerWithNotifier(real -> n -> {
            real.send(n);
            if (!once[0]) {
                once[0] = true;
                intake.handle(anomaly("during-the-run", 75), "intake-during-run");
            }
        });
        intake.handle(alarm("AmazonCloudFront", "ALARM", 180), "intake");
        clock.advance(Duration.ofMinutes(3));
        digestRun(runner);
        clock.advance(Duration.ofMinutes(11));
        digestRun(runner);
        List<DigestInbox.Received> sent = inbox.drain();
        assertEquals(List.of("FIRST", "UPDATE"), kinds(sent));
        assertTrue(Json.write(sent.get(1).message()).contains("anomaly:during-the-run"), Json.write(sent.get(1).message()));
    }

    /** Defect 8: an unrecognised signal is delivered once, as the README promises: no repeats. */
    @Test
    void anUnrecognisedSignalIsDeliveredOnceAndNotRepeated() {
        CostAlertsHandler handler = handler();
        handler.handle(CostSignals.sns("Your invoice for March is available.", "m-1", "AWS invoice"), "intake");
        for (int run = 0; run < 12; run++) { // six hours: twelve repeat intervals
            clock.advance(Duration.ofMinutes(30));
            digestRun(handler);
        }
        assertEquals(List.of("FIRST"), kinds(inbox.drain()));
        handler.handle(CostSignals.sns("Your invoice for March is available.", "m-2", "AWS invoice"), "redelivered");
        clock.advance(Duration.ofMinutes(30));
        digestRun(handler);
        assertEquals(List.of(), kinds(inbox.drain()), "a repeated delivery of the same text changes nothing");
    }

    /** Defect 9: ALARM then OK within group_wait: nobody was told it fired, so nobody is told it resolved. */
    @Test
    void anAlarmThatResolvesWithinGroupWaitSendsNothing() {
        CostAlertsHandler handler = handler();
        handler.handle(alarm("AmazonCloudFront", "ALARM", 180), "alarm");
        clock.advance(Duration.ofSeconds(40));
        handler.handle(alarm("AmazonCloudFront", "OK", 120), "ok");
        for (int run = 0; run < 6; run++) {
            clock.advance(Duration.ofMinutes(10));
            digestRun(handler);
        }
        assertEquals(List.of(), kinds(inbox.drain()));
    }

    /** Also: a late copy of an ALARM older than the OK that resolved the alarm does not reopen it. */
    @Test
    void aLateCopyOfAnOlderAlarmAfterItsResolutionChangesNothing() {
        CostAlertsHandler handler = handler();
        String firedAt = ALARM_TIME.format(clock.instant());
        handler.handle(CostSignals.billingAlarm("AmazonCloudFront", "ALARM", 180, firedAt, "fired"), "alarm");
        clock.advance(Duration.ofMinutes(3));
        digestRun(handler);
        handler.handle(alarm("AmazonCloudFront", "OK", 120), "ok");
        clock.advance(Duration.ofMinutes(11));
        digestRun(handler);
        assertEquals(List.of("FIRST", "RESOLVED"), kinds(inbox.drain()));
        handler.handle(CostSignals.billingAlarm("AmazonCloudFront", "ALARM", 180, firedAt, "fired-late-copy"), "late");
        for (int run = 0; run < 6; run++) {
            clock.advance(Duration.ofMinutes(30));
            digestRun(handler);
        }
        assertEquals(List.of(), kinds(inbox.drain()), "the late copy is older than the OK: nothing reopens");
    }

    /** One more anomaly in account 123456789012, Amazon CloudFront, with its own link (a long one, as AWS's are). */
    private Map<String, Object> anomaly(String id, double impact) {
        Map<String, Object> sample = Json.parseObject(Json.string(Json.parseObject(Json.write(
                Json.list(Json.parseObject(RepoPaths.event("cost-anomaly/sns-anomaly.json")), "Records").get(0))), "Sns", "Message"));
        sample.put("anomalyId", id);
        @SuppressWarnings("unchecked")
        Map<String, Object> impactMap = new java.util.HashMap<>((Map<String, Object>) sample.get("impact"));
        impactMap.put("totalImpact", impact);
        sample.put("impact", impactMap);
        sample.put("anomalyDetailsLink", "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/monitors/"
                + "0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b/anomalies/" + id + "?view=details&timeRange=last-30-days&groupBy=usage-type");
        return CostSignals.sns(Json.write(sample), "anomaly-" + id, null);
    }

    /** What SnsNotifier publishes (one JSON message with every protocol's variant) and its subject, in bytes. */
    static int snsMessageBytes(Notification n) {
        return com.edgeautopilot.costs.notify.SnsNotifier.message(n).getBytes(StandardCharsets.UTF_8).length + n.subject().length();
    }

}
