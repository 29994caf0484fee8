package com.edgeautopilot.common.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.CloudWatchCompositeAlarmEvent;
import com.amazonaws.services.lambda.runtime.events.CloudWatchMetricAlarmEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden test for the sample events under {@code events/} (except {@code events/edge/}, owned by the edge function).
 *
 * <p>Every sample is loaded the way the Lambda Java runtime would deserialize it ({@link EventLoader} uses
 * aws-lambda-java-serialization, not plain Jackson), and the object keys are pinned to the intended raw S3 keys with
 * the decoding rule of each event shape (see "Key encoding per event shape" in {@code events/README.md}): S3
 * notifications are form-URL-decoded, EventBridge keys are taken as they are. A new sample that no test knows about
 * fails {@link #everySampleHasAKnownShape()}, so the fixtures cannot drift silently.
 */
class SampleEventsTest {

    private static final Path REPO = repoRoot();
    private static final Path EVENTS = REPO.resolve("events");
    private static final String ACCOUNT = "123456789012";
    private static final String BUCKET = "example-site-bucket";

    /** S3 notification sample -> the raw object key it must decode to. */
    private static final Map<String, String> S3_NOTIFICATION_KEYS = Map.ofEntries(
            entry("put.json", "docs/index.html"),
            entry("put-root-index.json", "index.html"),
            entry("put-spaces.json", "release notes/summer sale.html"),
            entry("put-literal-plus.json", "downloads/c++ guide+tips.pdf"),
            entry("put-unicode.json", "menu/café-crème.html"),
            entry("put-tilde.json", "~staff/profile.html"),
            entry("put-parentheses.json", "reports/Q3 (final).html"),
            entry("put-percent.json", "promo/50% off.html"),
            entry("complete-multipart-upload.json", "videos/launch day (1080p).mp4"),
            entry("copy.json", "docs/guide/index.html"),
            entry("delete.json", "drafts/old page+v1.html"),
            entry("delete-marker-created.json", "menu/café-crème.html"),
            entry("lifecycle-expiration-delete.json", "archive/2025/old-report.pdf"),
            entry("lifecycle-expiration-delete-marker-created.json", "campaigns/black+friday/index.html"));

    /** S3 notification sample -> its eventName (no "s3:" prefix, as S3 sends it). */
    private static final Map<String, String> S3_NOTIFICATION_EVENT_NAMES = Map.ofEntries(
            entry("put.json", "ObjectCreated:Put"),
            entry("put-root-index.json", "ObjectCreated:Put"),
            entry("put-spaces.json", "ObjectCreated:Put"),
            entry("put-literal-plus.json", "ObjectCreated:Put"),
            entry("put-unicode.json", "ObjectCreated:Put"),
            entry("put-tilde.json", "ObjectCreated:Put"),
            entry("put-parentheses.json", "ObjectCreated:Put"),
            entry("put-percent.json", "ObjectCreated:Put"),
            entry("complete-multipart-upload.json", "ObjectCreated:CompleteMultipartUpload"),
            entry("copy.json", "ObjectCreated:Copy"),
            entry("delete.json", "ObjectRemoved:Delete"),
            entry("delete-marker-created.json", "ObjectRemoved:DeleteMarkerCreated"),
            entry("lifecycle-expiration-delete.json", "LifecycleExpiration:Delete"),
            entry("lifecycle-expiration-delete-marker-created.json", "LifecycleExpiration:DeleteMarkerCreated"));

    /** EventBridge S3 sample -> the raw object key, carried unencoded in detail.object.key. */
    private static final Map<String, String> EVENTBRIDGE_KEYS = Map.ofEntries(
            entry("object-created-put.json", "docs/index.html"),
            entry("object-created-put-spaces-and-plus.json", "downloads/c++ guide+tips.pdf"),
            entry("object-created-put-percent.json", "promo/50% off.html"),
            entry("object-created-copy.json", "reports/Q3 (final).html"),
            entry("object-created-complete-multipart-upload.json", "videos/launch day (1080p).mp4"),
            entry("object-deleted-delete.json", "~staff/profile.html"),
            entry("object-deleted-delete-marker.json", "menu/café-crème.html"),
            entry("object-deleted-lifecycle-expiration.json", "release notes/summer sale.html"));

    /** EventBridge S3 sample -> detail.reason. */
    private static final Map<String, String> EVENTBRIDGE_REASONS = Map.ofEntries(
            entry("object-created-put.json", "PutObject"),
            entry("object-created-put-spaces-and-plus.json", "PutObject"),
            entry("object-created-put-percent.json", "PutObject"),
            entry("object-created-copy.json", "CopyObject"),
            entry("object-created-complete-multipart-upload.json", "CompleteMultipartUpload"),
            entry("object-deleted-delete.json", "DeleteObject"),
            entry("object-deleted-delete-marker.json", "DeleteObject"),
            entry("object-deleted-lifecycle-expiration.json", "Lifecycle Expiration"));

    /** What an SQS message body is, judged independently of production code. */
    enum Body { EVENTBRIDGE_S3, S3_NOTIFICATION, S3_TEST_EVENT, NOT_JSON, JSON_NOT_S3 }

    /** The expected classification of one SQS record, with the raw key for the S3 shapes (null otherwise). */
    record Expected(Body body, String rawKey) {
    }

    private static final Map<String, List<Expected>> SQS_EXPECTATIONS = Map.ofEntries(
            entry("eventbridge-object-created.json",
                    List.of(new Expected(Body.EVENTBRIDGE_S3, "downloads/c++ guide+tips.pdf"))),
            entry("eventbridge-object-deleted.json",
                    List.of(new Expected(Body.EVENTBRIDGE_S3, "menu/café-crème.html"))),
            entry("s3-notification-put.json",
                    List.of(new Expected(Body.S3_NOTIFICATION, "downloads/c++ guide+tips.pdf"))),
            entry("eventbridge-batch-of-10.json", java.util.stream.IntStream.rangeClosed(1, 10)
                    .mapToObj(i -> new Expected(Body.EVENTBRIDGE_S3, String.format("docs/guide/chapter-%02d.html", i))).toList()),
            entry("s3-test-event.json", List.of(new Expected(Body.S3_TEST_EVENT, null))),
            entry("malformed-body.json", List.of(new Expected(Body.NOT_JSON, null))),
            entry("non-s3-json-body.json", List.of(new Expected(Body.JSON_NOT_S3, null))),
            entry("mixed-batch.json", List.of(
                    new Expected(Body.EVENTBRIDGE_S3, "downloads/c++ guide+tips.pdf"),
                    new Expected(Body.S3_NOTIFICATION, "downloads/c++ guide+tips.pdf"),
                    new Expected(Body.S3_TEST_EVENT, null),
                    new Expected(Body.NOT_JSON, null),
                    new Expected(Body.EVENTBRIDGE_S3, "menu/café-crème.html"),
                    new Expected(Body.JSON_NOT_S3, null),
                    new Expected(Body.EVENTBRIDGE_S3, "downloads/c++ guide+tips.pdf"))));

    /** How a sample file must be loaded, decided by where it lives. */
    enum Shape { S3_NOTIFICATION, S3_TEST_EVENT, EVENTBRIDGE, SQS, SNS, ALARM_LAMBDA_ACTION }

    // ------------------------------------------------------------------ every file

    @Test
    void theSampleSetIsThere() {
        assertTrue(Files.isDirectory(EVENTS), "no events/ folder under repo root " + REPO);
        assertTrue(allSamples().size() >= 40, "expected the full sample set, found " + allSamples().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSampleNames")
    void everySampleParsesAsJson(String sample) {
        Object parsed = parseJson(read(EVENTS.resolve(sample)));
        assertInstanceOf(Map.class, parsed, sample + " must be a JSON object");
    }

    @Test
    void everySampleHasAKnownShape() {
        List<String> unknown = allSamples().stream().filter(f -> shapeOf(f) == null).map(SampleEventsTest::relative)
                .toList();
        assertTrue(unknown.isEmpty(), "samples with no known shape (name them by trigger and teach SampleEventsTest "
                + "about them): " + unknown);
    }

    @Test
    void theReadmeListsEverySample() {
        // README.md lists files as table rows "| `name.json` | ..." under headings "### `folder/` ...".
        Set<String> listed = new HashSet<>();
        String folder = "";
        for (String line : read(EVENTS.resolve("README.md")).lines().toList()) {
            if (line.startsWith("### `")) {
                folder = line.substring(5, line.indexOf('`', 5));
            } else if (line.startsWith("| `") && line.indexOf('`', 3) > 3) {
                listed.add(folder + line.substring(3, line.indexOf('`', 3)));
            }
        }
        List<String> missing = allSampleNames().filter(name -> !listed.contains(name)).toList();
        assertTrue(missing.isEmpty(), "events/README.md does not list: " + missing);
    }

    // ------------------------------------------------------------------ S3 event notifications

    @ParameterizedTest(name = "{0}")
    @MethodSource("s3NotificationSamples")
    void s3NotificationsLoadAndDecodeToTheIntendedKeys(String sample) {
        String name = fileName(sample);
        String rawKey = S3_NOTIFICATION_KEYS.get(name);
        assertNotNull(rawKey, "add the intended raw key of " + sample + " to S3_NOTIFICATION_KEYS");

        S3Event event = EventLoader.loadS3Event(abs(sample));
        assertNotNull(event.getRecords(), sample);
        assertFalse(event.getRecords().isEmpty(), sample);
        S3EventNotificationRecord record = event.getRecords().get(0);
        assertEquals("aws:s3", record.getEventSource());
        assertEquals("2.1", record.getEventVersion());
        assertEquals("us-east-1", record.getAwsRegion());
        assertNotNull(record.getEventTime(), "eventTime must parse");
        assertEquals(S3_NOTIFICATION_EVENT_NAMES.get(name), record.getEventName());
        assertFalse(record.getEventName().startsWith("s3:"), "S3 sends event names without the s3: prefix");
        assertEquals(BUCKET, record.getS3().getBucket().getName());
        assertEquals("arn:aws:s3:::" + BUCKET, record.getS3().getBucket().getArn());

        String key = record.getS3().getObject().getKey();
        assertFalse(key.contains(" "), "S3 never sends a raw space in a notification key: " + key);
        assertEquals(rawKey, URLDecoder.decode(key, UTF_8), "form-URL-decoded key of " + sample);
        assertEquals(formEncodeLikeS3(rawKey), key, "fixture key must be encoded exactly as S3 encodes " + rawKey);
        assertNotNull(record.getS3().getObject().getSequencer(), "sequencer orders events of the same key");
        if (record.getEventName().startsWith("ObjectCreated:")) {
            assertNotNull(record.getS3().getObject().getSizeAsLong(), "created objects carry a size");
            assertNotNull(record.getS3().getObject().geteTag(), "created objects carry an eTag");
        }
    }

    @Test
    void theS3TestEventHasItsRealShape() {
        Map<String, Object> event = object(read(EVENTS.resolve("s3-notification/test-event.json")));
        assertEquals("Amazon S3", event.get("Service"));
        assertEquals("s3:TestEvent", event.get("Event"));
        assertEquals(BUCKET, event.get("Bucket"));
        assertNotNull(event.get("Time"));
        assertNotNull(event.get("RequestId"));
        assertNotNull(event.get("HostId"));
        assertFalse(event.containsKey("Records"), "the test event has no Records and must be ignored");
    }

    // ------------------------------------------------------------------ EventBridge (envelope + S3 detail)

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventBridgeSamples")
    void eventBridgeEnvelopesLoadWithTheRuntimeSerializer(String sample) {
        ScheduledEvent event = EventLoader.loadScheduledEvent(abs(sample));
        assertEquals("0", event.getVersion());
        assertNotNull(event.getId());
        assertNotNull(event.getDetailType(), "detail-type must map");
        assertNotNull(event.getSource());
        assertEquals(ACCOUNT, event.getAccount());
        assertNotNull(event.getTime(), "time must parse");
        assertNotNull(event.getRegion());
        assertNotNull(event.getResources());
        assertEquals(1, event.getResources().size(), sample);
        assertNotNull(event.getDetail(), sample);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventBridgeS3Samples")
    void eventBridgeS3EventsCarryTheRawKey(String sample) {
        String name = fileName(sample);
        String rawKey = EVENTBRIDGE_KEYS.get(name);
        assertNotNull(rawKey, "add the intended raw key of " + sample + " to EVENTBRIDGE_KEYS");

        ScheduledEvent event = EventLoader.loadScheduledEvent(abs(sample));
        assertEquals("aws.s3", event.getSource());
        assertTrue(Set.of("Object Created", "Object Deleted").contains(event.getDetailType()), event.getDetailType());
        assertEquals(List.of("arn:aws:s3:::" + BUCKET), event.getResources());
        Map<String, Object> detail = event.getDetail();
        assertEquals(BUCKET, map(detail.get("bucket")).get("name"));
        Map<String, Object> object = map(detail.get("object"));
        assertEquals(rawKey, object.get("key"), "EventBridge key is used as is (no URL decoding) in " + sample);
        assertEquals(EVENTBRIDGE_REASONS.get(name), detail.get("reason"));
        assertNotNull(detail.get("request-id"));
        assertNotNull(detail.get("requester"));
        if (event.getDetailType().equals("Object Deleted")) {
            assertTrue(Set.of("Permanently Deleted", "Delete Marker Created").contains(detail.get("deletion-type")));
            assertFalse(object.containsKey("size"), "delete events carry no size");
        } else {
            assertNotNull(object.get("size"));
            assertNotNull(object.get("etag"), "EventBridge spells it etag (notifications: eTag)");
        }
        if ("Lifecycle Expiration".equals(detail.get("reason"))) {
            assertEquals("s3.amazonaws.com", detail.get("requester"));
            assertFalse(detail.containsKey("source-ip-address"), "no request, no source IP");
        }
    }

    @Test
    void formDecodingAnEventBridgeKeyWouldCorruptTheTrickyOnes() {
        // Why the decoding must be chosen per event shape: these raw keys do not survive a form-URL decode.
        assertNotEquals(EVENTBRIDGE_KEYS.get("object-created-put-spaces-and-plus.json"),
                URLDecoder.decode(EVENTBRIDGE_KEYS.get("object-created-put-spaces-and-plus.json"), UTF_8));
        assertThrows(IllegalArgumentException.class,
                () -> URLDecoder.decode(EVENTBRIDGE_KEYS.get("object-created-put-percent.json"), UTF_8));
    }

    @Test
    void bothShapesCoverEveryTrickyCharacter() {
        for (Map<String, String> keys : List.of(S3_NOTIFICATION_KEYS, EVENTBRIDGE_KEYS)) {
            String all = String.join("\n", keys.values());
            for (String tricky : List.of(" ", "+", "é", "~", "(", ")", "%", "/index.html")) {
                assertTrue(all.contains(tricky), "no sample key contains '" + tricky + "'");
            }
        }
    }

    // ------------------------------------------------------------------ SQS

    @ParameterizedTest(name = "{0}")
    @MethodSource("sqsSamples")
    void sqsBatchesLoadAndTheirBodiesAreWhatTheySayTheyAre(String sample) {
        List<Expected> expected = SQS_EXPECTATIONS.get(fileName(sample));
        assertNotNull(expected, "add the expected bodies of " + sample + " to SQS_EXPECTATIONS");

        SQSEvent event = EventLoader.loadSQSEvent(abs(sample));
        assertNotNull(event.getRecords());
        assertEquals(expected.size(), event.getRecords().size(), sample);
        for (int i = 0; i < expected.size(); i++) {
            SQSEvent.SQSMessage message = event.getRecords().get(i);
            assertEquals("aws:sqs", message.getEventSource());
            assertEquals("us-east-1", message.getAwsRegion());
            assertTrue(message.getEventSourceArn().startsWith("arn:aws:sqs:us-east-1:" + ACCOUNT + ":"));
            assertNotNull(message.getMessageId());
            assertNotNull(message.getReceiptHandle());
            assertEquals(md5Hex(message.getBody()), message.getMd5OfBody(), "md5OfBody of record " + i);
            for (String attribute : List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId",
                    "ApproximateFirstReceiveTimestamp")) {
                assertNotNull(message.getAttributes().get(attribute), attribute + " of record " + i);
            }
            assertEquals(expected.get(i), classify(message.getBody()), sample + " record " + i);
        }
    }

    @Test
    void theMixedBatchRedeliversAnEventBridgeEventUnderANewMessageId() {
        SQSEvent event = EventLoader.loadSQSEvent(abs("sqs/mixed-batch.json"));
        List<String> eventIds = new ArrayList<>();
        Set<String> messageIds = new HashSet<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            messageIds.add(message.getMessageId());
            Map<String, Object> body = tryObject(message.getBody());
            if (body != null && "aws.s3".equals(body.get("source"))) {
                eventIds.add((String) body.get("id"));
            }
        }
        assertEquals(event.getRecords().size(), messageIds.size(), "SQS message ids are unique");
        assertEquals(3, eventIds.size());
        assertEquals(2, new HashSet<>(eventIds).size(), "one EventBridge event is delivered twice (at-least-once)");
    }

    // ------------------------------------------------------------------ SNS-wrapped signals

    @ParameterizedTest(name = "{0}")
    @MethodSource("snsSamples")
    void snsSamplesLoadWithTheRuntimeSerializer(String sample) {
        SNSEvent event = EventLoader.loadSNSEvent(abs(sample));
        assertNotNull(event.getRecords());
        assertEquals(1, event.getRecords().size(), sample);
        SNSEvent.SNSRecord record = event.getRecords().get(0);
        assertEquals("aws:sns", record.getEventSource());
        assertEquals("1.0", record.getEventVersion());
        SNSEvent.SNS sns = record.getSNS();
        assertEquals("Notification", sns.getType());
        assertTrue(sns.getTopicArn().startsWith("arn:aws:sns:us-east-1:" + ACCOUNT + ":"), sns.getTopicArn());
        assertTrue(record.getEventSubscriptionArn().startsWith(sns.getTopicArn() + ":"));
        assertNotNull(sns.getMessageId());
        assertNotNull(sns.getTimestamp(), "Timestamp must parse");
        assertNotNull(sns.getMessage());
        assertFalse(sns.getMessage().isBlank());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alarmSnsSamples")
    void alarmsViaSnsCarryAJsonStringMessage(String sample) {
        String expectedState = sample.endsWith("-ok.json") ? "OK" : sample.endsWith("-insufficient-data.json") ? "INSUFFICIENT_DATA" : "ALARM";
        SNSEvent.SNS sns = EventLoader.loadSNSEvent(abs(sample)).getRecords().get(0).getSNS();
        Map<String, Object> message = object(sns.getMessage());
        assertEquals(expectedState, message.get("NewStateValue"));
        assertEquals(expectedState.equals("OK") ? "ALARM" : "OK", message.get("OldStateValue"));
        assertEquals("US East (N. Virginia)", message.get("Region"), "Region is a display name, not a code");
        String alarmArn = (String) message.get("AlarmArn");
        assertEquals("us-east-1", alarmArn.split(":")[3], "take the region from AlarmArn");
        assertEquals(ACCOUNT, message.get("AWSAccountId"));
        assertTrue(sns.getSubject().startsWith(expectedState + ": \"" + message.get("AlarmName") + "\""));
        Map<String, Object> trigger = map(message.get("Trigger"));
        assertEquals("AWS/Route53", trigger.get("Namespace"));
        assertEquals("HealthCheckStatus", trigger.get("MetricName"));
        Map<String, Object> dimension = map(list(trigger.get("Dimensions")).get(0));
        assertEquals("HealthCheckId", dimension.get("name"));
        assertNotNull(dimension.get("value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alarmLambdaActionSamples")
    void alarmLambdaActionsLoadAsCloudWatchMetricAlarmEvents(String sample) {
        String expectedState = sample.endsWith("-ok.json") ? "OK" : "ALARM";
        CloudWatchMetricAlarmEvent event = EventLoader.loadCloudWatchMetricAlarmEvent(abs(sample));
        assertEquals("aws.cloudwatch", event.getSource());
        assertEquals(ACCOUNT, event.getAccountId());
        assertEquals("us-east-1", event.getRegion());
        assertTrue(event.getAlarmArn().startsWith("arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:"));
        assertNotNull(event.getTime());
        assertEquals(expectedState, event.getAlarmData().getState().getValue());
        assertEquals(expectedState.equals("OK") ? "ALARM" : "OK", event.getAlarmData().getPreviousState().getValue());
        CloudWatchMetricAlarmEvent.MetricDetail metric =
                event.getAlarmData().getConfiguration().getMetrics().get(0).getMetricStat().getMetric();
        assertEquals("AWS/Route53", metric.getNamespace());
        assertEquals("HealthCheckStatus", metric.getName());
        assertNotNull(metric.getDimensions().get("HealthCheckId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alarmEventBridgeSamples")
    void alarmsViaEventBridgeCarryStateAndMetrics(String sample) {
        String expectedState = sample.endsWith("-ok.json") ? "OK" : "ALARM";
        ScheduledEvent event = EventLoader.loadScheduledEvent(abs(sample));
        assertEquals("aws.cloudwatch", event.getSource());
        assertEquals("CloudWatch Alarm State Change", event.getDetailType());
        Map<String, Object> detail = event.getDetail();
        assertNotNull(detail.get("alarmName"));
        assertEquals(expectedState, map(detail.get("state")).get("value"));
        assertEquals(expectedState.equals("OK") ? "ALARM" : "OK", map(detail.get("previousState")).get("value"));
        Map<String, Object> metric = map(map(map(list(map(detail.get("configuration")).get("metrics")).get(0))
                .get("metricStat")).get("metric"));
        assertEquals("AWS/Route53", metric.get("namespace"));
        assertEquals("HealthCheckStatus", metric.get("name"));
        assertNotNull(map(metric.get("dimensions")).get("HealthCheckId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("budgetSamples")
    void budgetNotificationsArePlainText(String sample) {
        String alertType = sample.contains("forecasted") ? "FORECASTED" : "ACTUAL";
        String message = EventLoader.loadSNSEvent(abs(sample)).getRecords().get(0).getSNS().getMessage();
        assertNull(tryObject(message), "a Budgets notification is not JSON");
        List<String> lines = message.lines().toList();
        assertTrue(lines.get(0).startsWith("AWS Budget Notification "), lines.get(0));
        assertTrue(lines.contains("AWS Account " + ACCOUNT));
        assertTrue(lines.stream().anyMatch(l -> l.matches("Budget Name: cloudfront-[a-z-]+")));
        assertTrue(lines.contains("Budget Type: Cost") || lines.contains("Budget Type: Usage"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Budgeted Amount: ")));
        assertTrue(lines.contains("Alert Type: " + alertType));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Alert Threshold: > ")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(alertType + " Amount: ")));
    }

    @Test
    void costAnomaliesArriveTwiceViaSnsAndOnceViaEventBridgeWithOneAnomalyId() {
        SNSEvent.SNS first = EventLoader.loadSNSEvent(abs("cost-anomaly/sns-anomaly.json")).getRecords().get(0).getSNS();
        SNSEvent.SNS again = EventLoader.loadSNSEvent(abs("cost-anomaly/sns-anomaly-duplicate.json"))
                .getRecords().get(0).getSNS();
        Map<String, Object> anomaly = object(first.getMessage());
        for (String field : List.of("accountId", "anomalyId", "anomalyStartDate", "anomalyEndDate",
                "anomalyDetailsLink", "dimensionalValue", "monitorArn", "monitorName", "monitorType", "impact",
                "rootCauses", "subscriptionId", "subscriptionName")) {
            assertTrue(anomaly.containsKey(field), "SNS anomaly message lacks " + field);
        }
        Map<String, Object> impact = map(anomaly.get("impact"));
        for (String field : List.of("maxImpact", "totalImpact", "totalActualSpend", "totalExpectedSpend",
                "totalImpactPercentage")) {
            assertInstanceOf(Number.class, impact.get(field), field);
        }
        Map<String, Object> rootCause = map(list(anomaly.get("rootCauses")).get(0));
        for (String field : List.of("service", "region", "usageType", "linkedAccount", "linkedAccountName")) {
            assertNotNull(rootCause.get(field), "root cause lacks " + field);
        }
        assertNotEquals(first.getMessageId(), again.getMessageId(), "a duplicate is a new SNS message");
        assertEquals(anomaly.get("anomalyId"), object(again.getMessage()).get("anomalyId"));

        ScheduledEvent viaEventBridge = EventLoader.loadScheduledEvent(abs("cost-anomaly/eventbridge-anomaly-detected.json"));
        assertEquals("aws.ce", viaEventBridge.getSource());
        assertEquals("Anomaly Detected", viaEventBridge.getDetailType());
        Map<String, Object> detail = viaEventBridge.getDetail();
        assertEquals(anomaly.get("anomalyId"), detail.get("anomalyId"));
        assertEquals(anomaly.get("dimensionalValue"), detail.get("dimensionValue"),
                "EventBridge spells it dimensionValue, SNS dimensionalValue");
        assertFalse(detail.containsKey("dimensionalValue"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidationUsageSamples")
    void invalidationUsageSignalsCarryAKindAttribute(String sample) {
        SNSEvent.SNS sns = EventLoader.loadSNSEvent(abs(sample)).getRecords().get(0).getSNS();
        SNSEvent.MessageAttribute kind = sns.getMessageAttributes().get("kind");
        assertNotNull(kind, "subscribers filter on the kind attribute");
        assertEquals("String", kind.getType());
        assertEquals("invalidation-usage", kind.getValue());
        Map<String, Object> message = object(sns.getMessage());
        assertEquals("invalidation-usage", message.get("kind"));
        assertTrue(((String) message.get("month")).matches("\\d{4}-\\d{2}"));
        assertEquals(1000, ((Number) message.get("freePaths")).intValue());
        assertEquals("stack", message.get("accountScope"));
        double used = ((Number) message.get("pathsUsed")).doubleValue();
        double threshold = ((Number) message.get("threshold")).doubleValue();
        assertTrue(used >= threshold * 1000, "the signal is published only at or over its threshold");
    }

    // ------------------------------------------------------------------ schedules

    @ParameterizedTest(name = "{0}")
    @MethodSource("scheduleSamples")
    void scheduledEventsAreEmptyDetailRuleEvents(String sample) {
        ScheduledEvent event = EventLoader.loadScheduledEvent(abs(sample));
        assertEquals("Scheduled Event", event.getDetailType());
        assertEquals("aws.events", event.getSource());
        assertTrue(event.getResources().get(0).startsWith("arn:aws:events:us-east-1:" + ACCOUNT + ":rule/"));
        assertTrue(event.getDetail().isEmpty());
    }

    // ------------------------------------------------------------------ sample selection

    static Stream<String> allSampleNames() {
        return allSamples().stream().map(SampleEventsTest::relative);
    }

    static Stream<String> s3NotificationSamples() {
        return ofShape(Shape.S3_NOTIFICATION);
    }

    static Stream<String> eventBridgeSamples() {
        return ofShape(Shape.EVENTBRIDGE);
    }

    static Stream<String> eventBridgeS3Samples() {
        return ofShape(Shape.EVENTBRIDGE).filter(s -> s.startsWith("eventbridge/"));
    }

    static Stream<String> sqsSamples() {
        return ofShape(Shape.SQS);
    }

    static Stream<String> snsSamples() {
        return ofShape(Shape.SNS);
    }

    static Stream<String> alarmSnsSamples() {
        return ofShape(Shape.SNS).filter(s -> s.startsWith("cloudwatch-alarm/"));
    }

    static Stream<String> alarmEventBridgeSamples() {
        return ofShape(Shape.EVENTBRIDGE).filter(s -> s.startsWith("cloudwatch-alarm/"));
    }

    static Stream<String> alarmLambdaActionSamples() {
        return ofShape(Shape.ALARM_LAMBDA_ACTION).filter(s -> !s.contains("-composite-"));
    }

    @Test
    void compositeAlarmActionLoadsAsCloudWatchCompositeAlarmEvent() {
        CloudWatchCompositeAlarmEvent event = EventLoader.loadCloudWatchCompositeAlarmEvent(abs("cloudwatch-alarm/lambda-action-composite-alarm.json"));
        assertEquals("aws.cloudwatch", event.getSource());
        assertTrue(event.getAlarmArn().startsWith("arn:aws:cloudwatch:us-east-1:" + ACCOUNT + ":alarm:"));
        assertEquals("ALARM", event.getAlarmData().getState().getValue());
        assertTrue(event.getAlarmData().getConfiguration().getAlarmRule().startsWith("ALARM("));
    }

    static Stream<String> budgetSamples() {
        return ofShape(Shape.SNS).filter(s -> s.startsWith("budgets/"));
    }

    static Stream<String> invalidationUsageSamples() {
        return ofShape(Shape.SNS).filter(s -> s.startsWith("invalidation-usage/"));
    }

    static Stream<String> scheduleSamples() {
        return ofShape(Shape.EVENTBRIDGE).filter(s -> s.startsWith("schedule/"));
    }

    private static Stream<String> ofShape(Shape shape) {
        List<String> samples = allSamples().stream().filter(f -> shapeOf(f) == shape).map(SampleEventsTest::relative)
                .toList();
        assertFalse(samples.isEmpty(), "no sample of shape " + shape);
        return samples.stream();
    }

    /** Every JSON sample under events/, except the edge function's own events/edge/. */
    private static List<Path> allSamples() {
        try (Stream<Path> walk = Files.walk(EVENTS)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !EVENTS.relativize(p).startsWith("edge"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shape a sample must load as, from its folder and name; null when no test knows it. */
    private static Shape shapeOf(Path file) {
        String sample = relative(file);
        String folder = sample.contains("/") ? sample.substring(0, sample.indexOf('/')) : "";
        String name = fileName(sample);
        return switch (folder) {
            case "s3-notification" -> name.equals("test-event.json") ? Shape.S3_TEST_EVENT : Shape.S3_NOTIFICATION;
            case "eventbridge", "schedule" -> Shape.EVENTBRIDGE;
            case "sqs" -> Shape.SQS;
            case "budgets", "invalidation-usage" -> Shape.SNS;
            case "cloudwatch-alarm", "cost-anomaly", "billing-alarm" -> name.startsWith("sns-") ? Shape.SNS
                    : name.startsWith("eventbridge-") ? Shape.EVENTBRIDGE
                    : name.startsWith("lambda-action-") && folder.equals("cloudwatch-alarm") ? Shape.ALARM_LAMBDA_ACTION
                    : null;
            default -> null;
        };
    }

    // ------------------------------------------------------------------ helpers

    private static Expected classify(String body) {
        Map<String, Object> json;
        try {
            Object parsed = JSON.std.anyFrom(body);
            if (!(parsed instanceof Map<?, ?>)) {
                return new Expected(Body.JSON_NOT_S3, null);
            }
            json = map(parsed);
        } catch (IOException e) {
            return new Expected(Body.NOT_JSON, null);
        }
        if (json.get("Records") instanceof List<?> records && !records.isEmpty()
                && "aws:s3".equals(map(records.get(0)).get("eventSource"))) {
            String key = (String) map(map(map(records.get(0)).get("s3")).get("object")).get("key");
            return new Expected(Body.S3_NOTIFICATION, URLDecoder.decode(key, UTF_8));
        }
        if ("aws.s3".equals(json.get("source"))
                && Set.of("Object Created", "Object Deleted").contains(json.get("detail-type"))) {
            return new Expected(Body.EVENTBRIDGE_S3, (String) map(map(json.get("detail")).get("object")).get("key"));
        }
        if ("s3:TestEvent".equals(json.get("Event"))) {
            return new Expected(Body.S3_TEST_EVENT, null);
        }
        return new Expected(Body.JSON_NOT_S3, null);
    }

    /** application/x-www-form-urlencoded as S3 applies it to notification keys: '+' for space, '/' left alone. */
    private static String formEncodeLikeS3(String rawKey) {
        return URLEncoder.encode(rawKey, UTF_8).replace("%2F", "/");
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parseJson(String text) {
        try {
            return JSON.std.anyFrom(text);
        } catch (IOException e) {
            throw new AssertionError("not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> object(String text) {
        Object parsed = parseJson(text);
        assertInstanceOf(Map.class, parsed);
        return map(parsed);
    }

    private static Map<String, Object> tryObject(String text) {
        try {
            return JSON.std.anyFrom(text) instanceof Map<?, ?> m ? map(m) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertInstanceOf(Map.class, value);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertInstanceOf(List.class, value);
        return (List<Object>) value;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String relative(Path file) {
        return EVENTS.relativize(file).toString().replace('\\', '/');
    }

    private static String fileName(String sample) {
        return sample.substring(sample.lastIndexOf('/') + 1);
    }

    /** EventLoader falls back to a file path when the name is not a classpath resource. */
    private static String abs(String sample) {
        return EVENTS.resolve(sample).toAbsolutePath().toString();
    }

    /**
     * The repository root: the {@code edgeautopilot.repoRoot} property set by the root pom's surefire configuration,
     * else the nearest folder above the working directory holding {@code template.yaml} or the reactor pom.
     */
    private static Path repoRoot() {
        String property = System.getProperty("edgeautopilot.repoRoot");
        if (property != null && !property.isBlank() && Files.isDirectory(Paths.get(property).resolve("events"))) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) || isReactorPom(dir.resolve("pom.xml"))) {
                return dir.normalize();
            }
        }
        throw new IllegalStateException("cannot find the repository root (no edgeautopilot.repoRoot property, and no "
                + "template.yaml or edge-autopilot reactor pom.xml above " + Paths.get("").toAbsolutePath() + ")");
    }

    private static boolean isReactorPom(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        // A module pom names edge-autopilot as its <parent>; only the reactor pom names itself so.
        String withoutParent = read(pom).replaceAll("(?s)<parent>.*?</parent>", "");
        return withoutParent.contains("<artifactId>edge-autopilot</artifactId>");
    }
}
