package com.edgeautopilot.failover;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.failover.cdn.ConfigEdit;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.control.Failover;
import com.edgeautopilot.failover.control.OperatorConsole;
import com.edgeautopilot.failover.control.Outcome;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.handler.FailoverWiring;
import com.edgeautopilot.failover.policy.AlarmHealth;
import com.edgeautopilot.failover.store.DynamoFailoverStore;
import com.edgeautopilot.failover.support.FakeAlarmHealth;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServer;
import com.edgeautopilot.testbed.MotoServerExtension;
import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.TableShape;
import com.edgeautopilot.testbed.TemplateTables;
import com.edgeautopilot.testbed.faults.FaultInjector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Origin failover end to end on the local stand-ins: CloudFront, SNS and SQS in moto (a distribution with a primary and
 * a standby origin and several behaviours; the notification topic read back through a subscribed queue), state in
 * DynamoDB Local with the template's table, events from {@code events/cloudwatch-alarm/} through the handler.
 * The standby's CloudWatch alarm is a fake (moto does not serve SDK 2.42's CloudWatch protocol).
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class FailoverOnMotoTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("FailoverTable").freshTablesForEachTest();
    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final Instant ALARM_AT = Instant.parse("2026-11-21T10:05:12.345Z");
    private static final Instant OK_AT = Instant.parse("2026-11-21T10:21:09.870Z");
    private static final List<String> ON_PRIMARY = List.of("default=primary", "/api/*=primary", "/static/*=assets", "/checkout/*=primary");
    private static final List<String> ON_STANDBY = List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby");

    private LocalAws aws;
    private String distributionId;
    private String queueUrl;
    private String topicArn;
    private final ControllableClock clock = new ControllableClock(ALARM_AT.plusSeconds(2));
    private final FakeAlarmHealth standby = new FakeAlarmHealth();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    /** Counts the function's AWS calls by Service.Operation, injecting nothing (moto keeps one ETag per distribution, so an ETag cannot count updates). */
    private final FaultInjector calls = FaultInjector.of(0, 0.0, clock, List.of());

    private int calls(String call) {
        return calls.attempts().getOrDefault(call, 0);
    }

    @BeforeEach
    void distributionTopicAndInbox() {
        aws = LocalAws.configure(DB.server(), MotoServer.shared());
        distributionId = aws.cloudFront().createDistribution(b -> b.distributionConfig(Fixtures.simpleConfig("failover-" + System.nanoTime())))
                .distribution().id();
        topicArn = aws.sns().createTopic(b -> b.name("failover-" + System.nanoTime())).topicArn();
        queueUrl = aws.sqs().createQueue(b -> b.queueName("inbox-" + System.nanoTime())).queueUrl();
        String queueArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
    }

    private FailoverHandler handler(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PROTECTED_DISTRIBUTIONS", Fixtures.settingFor(distributionId, 300, true));
        env.put("FAILOVER_TABLE", DB.tableName("FailoverTable"));
        env.put("NOTIFICATION_TOPIC_ARN", topicArn);
        env.putAll(extra);
        Failover failover = FailoverWiring.wire(FailoverConfig.from(Settings.of(env)),
                aws.clients().withOverrides(calls::install), standby, clock);
        return new FailoverHandler(failover, Log.to(new PrintStream(logs, true, StandardCharsets.UTF_8)));
    }

    private static Object send(FailoverHandler handler, String json) {
        return handler.handle(EventShapes.classify(Json.parseObject(json)), "inv-" + System.nanoTime());
    }

    private List<String> liveTargets() {
        return ConfigEdit.targets(aws.cloudFront().getDistributionConfig(b -> b.id(distributionId)).distributionConfig());
    }

    private List<Map<String, Object>> notifications() {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Message> batch;
        do {
            // no long poll: moto delivers SNS to SQS synchronously (and an empty long poll never returns under libfaketime)
            batch = aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            batch.forEach(m -> out.add(Json.parseObject(m.body())));
            batch.forEach(m -> aws.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())));
        } while (!batch.isEmpty());
        return out;
    }

    private static String attribute(Map<String, Object> notification, String name) {
        return Json.string(notification, "MessageAttributes", name, "Value");
    }

    @Test
    void templateAndCodeAgreeOnTheTable() {
        TemplateTables.fromRepo().table("FailoverTable").shape().assertMatches(TableShape.builder()
                .partitionKey(TableShape.Key.s(DynamoFailoverStore.PARTITION_KEY)).sortKey(TableShape.Key.s(DynamoFailoverStore.SORT_KEY))
                .ttlAttribute(DynamoFailoverStore.TTL_ATTRIBUTE).build(), "FailoverTable");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sns-alarm.json", "eventbridge-alarm.json", "lambda-action-alarm.json"})
    void anAlarmInEachShapeMovesTheBehavioursToTheStandbyAndNotifiesOnce(String sample) {
        FailoverHandler handler = handler(Map.of());
        assertEquals(ON_PRIMARY, liveTargets());

        FailoverHandler.Response response = (FailoverHandler.Response) send(handler, RepoPaths.event("cloudwatch-alarm/" + sample));

        assertEquals("FAIL_OVER", response.outcomes().get(0).decision(), response.toString());
        assertEquals(ON_STANDBY, liveTargets());
        List<Map<String, Object>> notices = notifications();
        assertEquals(1, notices.size(), notices.toString());
        Map<String, Object> notice = notices.get(0);
        assertTrue(Json.string(notice, "Subject").length() < 100);
        assertTrue(Json.string(notice, "Subject").startsWith("FAILOVER " + distributionId), Json.string(notice, "Subject"));
        String body = Json.string(notice, "Message");
        assertTrue(body.contains("edge-autopilot-primary-origin-unhealthy"), "which alarm: " + body);
        assertTrue(body.contains("Origin before: primary") && body.contains("Origin after:  standby"), body);
        assertTrue(body.contains("automatically once it has been OK for 300s"), "what happens next: " + body);
        assertEquals("critical", attribute(notice, "severity"));
        assertEquals(distributionId, attribute(notice, "distribution"));
        assertEquals("failover", attribute(notice, "event"));
    }

    @Test
    void okAfterTheDwellTimeMovesThemBackAndTheTickRecordsTheDeployment() {
        FailoverHandler handler = handler(Map.of());
        send(handler, RepoPaths.event("cloudwatch-alarm/sns-alarm.json"));
        clock.set(OK_AT.plusSeconds(1));
        FailoverHandler.Response ok = (FailoverHandler.Response) send(handler, RepoPaths.event("cloudwatch-alarm/sns-ok.json"));
        assertEquals("WAIT", ok.outcomes().get(0).decision(), ok.toString());
        assertEquals(ON_STANDBY, liveTargets());

        clock.set(OK_AT.plusSeconds(299));
        FailoverHandler.Response early = (FailoverHandler.Response) send(handler, RepoPaths.event("schedule/failover-follow-up.json"));
        assertTrue(early.outcomes().stream().anyMatch(o -> o.decision().equals("WAIT")), early.toString());
        assertEquals(ON_STANDBY, liveTargets());

        clock.set(OK_AT.plusSeconds(301));
        FailoverHandler.Response tick = (FailoverHandler.Response) send(handler, RepoPaths.event("schedule/failover-follow-up.json"));
        assertTrue(tick.outcomes().stream().anyMatch(o -> o.decision().equals("FAIL_BACK")), tick.toString());
        assertEquals(ON_PRIMARY, liveTargets());
        List<Map<String, Object>> notices = notifications();
        assertEquals(List.of("failover", "failback"), notices.stream().map(n -> attribute(n, "event")).toList());
        OperatorConsole.Answer status = (OperatorConsole.Answer) send(handler, "{\"action\":\"status\"}");
        assertEquals("PRIMARY", status.position());
        assertTrue(status.auditTail().stream().anyMatch(e -> "deployed".equals(e.event()) && e.tookMillis() != null), status.auditTail().toString());
    }

    /** The tick runs every minute for every protected distribution: on the primary with nothing pending it only reads. */
    @Test
    void aFollowUpTickOnAnIdleDistributionOnlyReadsItsState() {
        FailoverHandler handler = handler(Map.of());
        FailoverHandler.Response tick = (FailoverHandler.Response) send(handler, RepoPaths.event("schedule/failover-follow-up.json"));
        assertEquals(List.of(), tick.outcomes());
        assertEquals(Map.of("DynamoDb.GetItem", 1), calls.attempts(), "one state read, no lease, no write, no CloudFront or CloudWatch call");
        assertEquals(ON_PRIMARY, liveTargets());
    }

    @Test
    void theSameTransitionAsSnsAndEventBridgeSwitchesOnce() {
        FailoverHandler handler = handler(Map.of());
        send(handler, RepoPaths.event("cloudwatch-alarm/sns-alarm.json"));
        assertEquals(1, calls("CloudFront.UpdateDistribution"), "the first delivery switches");
        FailoverHandler.Response again = (FailoverHandler.Response) send(handler, RepoPaths.event("cloudwatch-alarm/eventbridge-alarm.json"));
        FailoverHandler.Response third = (FailoverHandler.Response) send(handler, RepoPaths.event("cloudwatch-alarm/lambda-action-alarm.json"));
        assertEquals("DUPLICATE", again.outcomes().get(0).decision());
        assertEquals("DUPLICATE", third.outcomes().get(0).decision());
        assertEquals(1, calls("CloudFront.UpdateDistribution"), "no second UpdateDistribution");
        assertEquals(ON_STANDBY, liveTargets());
        assertEquals(1, notifications().size());
    }

    @Test
    void aMalformedMessageInABatchFailsTheInvocationAfterItsValidNeighbour() {
        FailoverHandler handler = handler(Map.of());
        Map<String, Object> valid = Json.parseObject(RepoPaths.event("cloudwatch-alarm/sns-alarm.json"));
        Map<String, Object> batch = Map.of("Records", List.of(((List<?>) valid.get("Records")).get(0),
                Map.of("EventSource", "aws:sns", "Sns", Map.of("Message", "{\"AlarmName\":\"no ARN, no state\"}"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> handler.handle(EventShapes.classify(batch), "malformed"));
        assertTrue(e.getMessage().contains("malformed alarm message: sns: missing or invalid alarm ARN"), e.getMessage());
        assertEquals(ON_STANDBY, liveTargets(), "the valid ALARM in the batch is handled");
        assertEquals(1, notifications().size());
    }

    @Test
    void aStandbyInAlarmIsNeverChosen() {
        standby.answer(AlarmHealth.unhealthy("alarm edge-autopilot-standby-origin-unhealthy is in ALARM"));
        FailoverHandler handler = handler(Map.of());
        FailoverHandler.Response response = (FailoverHandler.Response) send(handler, RepoPaths.event("cloudwatch-alarm/sns-alarm.json"));
        assertEquals("REFUSE_STANDBY_UNHEALTHY", response.outcomes().get(0).decision());
        assertEquals(ON_PRIMARY, liveTargets());
        clock.advance(Duration.ofMinutes(1));
        send(handler, RepoPaths.event("schedule/failover-follow-up.json"));
        assertEquals(ON_PRIMARY, liveTargets(), "the tick retries but still refuses");
        List<Map<String, Object>> notices = notifications();
        assertEquals(List.of("refused"), notices.stream().map(n -> attribute(n, "event")).toList(), "the same refusal is not repeated every tick");

        standby.answer(AlarmHealth.healthy("alarms OK"));
        clock.advance(Duration.ofMinutes(1));
        send(handler, RepoPaths.event("schedule/failover-follow-up.json"));
        assertEquals(ON_STANDBY, liveTargets(), "once the standby is healthy the tick fails over");
    }

    @Test
    void dryRunPublishesTheDiffAndLeavesTheDistributionUntouched() {
        DistributionConfig before = aws.cloudFront().getDistributionConfig(b -> b.id(distributionId)).distributionConfig();
        FailoverHandler handler = handler(Map.of("DRY_RUN", "true"));
        FailoverHandler.Response response = (FailoverHandler.Response) send(handler, RepoPaths.event("cloudwatch-alarm/sns-alarm.json"));
        Outcome outcome = response.outcomes().get(0);
        assertTrue(outcome.dryRun());
        assertEquals(List.of("default behaviour: TargetOriginId primary -> standby", "behaviour /api/*: TargetOriginId primary -> standby",
                "behaviour /checkout/*: TargetOriginId primary -> standby"), outcome.diff());
        assertEquals(before, aws.cloudFront().getDistributionConfig(b -> b.id(distributionId)).distributionConfig());
        Map<String, Object> notice = notifications().get(0);
        assertEquals("dry-run", attribute(notice, "event"));
        assertTrue(Json.string(notice, "Message").contains("behaviour /api/*: TargetOriginId primary -> standby"));
    }

    @Test
    void operatorsSwitchHoldAndReleaseWithTheAuditTail() {
        FailoverHandler handler = handler(Map.of());
        OperatorConsole.Answer dry = (OperatorConsole.Answer) send(handler, "{\"action\":\"failover\",\"dryRun\":true,\"actor\":\"alice\"}");
        assertTrue(dry.outcome().dryRun());
        assertEquals(ON_PRIMARY, liveTargets());
        OperatorConsole.Answer over = (OperatorConsole.Answer) send(handler, "{\"action\":\"failover\",\"distributionId\":\"" + distributionId
                + "\",\"actor\":\"alice\"}");
        assertEquals("STANDBY", over.position());
        assertTrue(over.held(), "a manual switch holds automation until release");
        assertEquals(ON_STANDBY, over.liveTargets());
        assertEquals("alice", over.auditTail().get(0).actor());
        OperatorConsole.Answer released = (OperatorConsole.Answer) send(handler, "{\"action\":\"release\",\"actor\":\"alice\"}");
        assertEquals(false, released.held());
        OperatorConsole.Answer back = (OperatorConsole.Answer) send(handler, "{\"action\":\"failback\",\"actor\":\"bob\"}");
        assertEquals(ON_PRIMARY, back.liveTargets());
        assertEquals(List.of("dry-run", "failover", "release", "failback"), notifications().stream().map(n -> attribute(n, "event")).toList());
    }
}
