package com.edgeautopilot.coalescer.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3EventParserTest {

    private final S3EventParser parser = new S3EventParser();

    private static String notification(String eventName, String key, String sequencer) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-11-21T10:00:00.000Z",
                 "eventName":"%s","s3":{"s3SchemaVersion":"1.0","bucket":{"name":"example-site-bucket"},
                 "object":{"key":"%s","size":10,"sequencer":"%s"}}}]}""".formatted(eventName, key, sequencer);
    }

    private static String eventBridge(String detailType, String key, String sequencer) {
        return """
                {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"%s","source":"aws.s3",
                 "account":"123456789012","time":"2026-11-21T10:00:00Z","region":"us-east-1",
                 "resources":["arn:aws:s3:::example-site-bucket"],
                 "detail":{"version":"0","bucket":{"name":"example-site-bucket"},
                 "object":{"key":"%s","size":5,"etag":"b1946ac92492d2347c6235b4d2611184","sequencer":"%s"},
                 "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","reason":"PutObject"}}""".formatted(detailType, key, sequencer);
    }

    @ParameterizedTest(name = "notification key {0} decodes to {1}")
    @CsvSource(delimiter = '|', value = {
            "docs/a+b.html|docs/a b.html",
            "docs/a%2Bb.html|docs/a+b.html",
            "caf%C3%A9/na%C3%AFve.html|café/naïve.html",
            "%7Euser/page%281%29.html|~user/page(1).html",
            "100%25.html|100%.html",
            "docs/index.html|docs/index.html"})
    void decodesNotificationKeys(String raw, String decoded) {
        var parsed = assertInstanceOf(ParsedMessage.Changes.class, parser.parse(notification("ObjectCreated:Put", raw, "0055AED6DCD90281E5")));
        assertEquals(decoded, parsed.changes().get(0).key());
        assertEquals("example-site-bucket", parsed.changes().get(0).bucket());
    }

    @ParameterizedTest(name = "EventBridge key {0}: raw reading {0}, form-decoded reading {1}")
    @CsvSource(delimiter = '|', value = {
            "docs/a+b.html|docs/a b.html",
            "docs/a%2Bb.html|docs/a+b.html",
            "caf%C3%A9/na%C3%AFve.html|café/naïve.html",
            "100%25.html|100%.html"})
    void readsEventBridgeKeysPerSetting(String raw, String decoded) {
        String event = eventBridge("Object Created", raw, "0055AED6DCD90281E5");
        var rawOnly = assertInstanceOf(ParsedMessage.Changes.class, new S3EventParser(S3EventParser.EventBridgeKeys.RAW).parse(event));
        assertEquals(List.of(raw), rawOnly.changes().stream().map(S3Change::key).toList());
        var formOnly = assertInstanceOf(ParsedMessage.Changes.class, new S3EventParser(S3EventParser.EventBridgeKeys.FORM_ENCODED).parse(event));
        assertEquals(List.of(decoded), formOnly.changes().stream().map(S3Change::key).toList());
        var both = assertInstanceOf(ParsedMessage.Changes.class, parser.parse(event));
        assertEquals(List.of(raw, decoded), both.changes().stream().map(S3Change::key).toList());
    }

    @Test
    void unambiguousEventBridgeKeysYieldOneChange() {
        var parsed = assertInstanceOf(ParsedMessage.Changes.class, parser.parse(eventBridge("Object Created", "café/naïve (1)~.html", "0A")));
        assertEquals(List.of("café/naïve (1)~.html"), parsed.changes().stream().map(S3Change::key).toList());
        var percent = assertInstanceOf(ParsedMessage.Changes.class, parser.parse(eventBridge("Object Created", "100%.html", "0A")));
        assertEquals(List.of("100%.html"), percent.changes().stream().map(S3Change::key).toList());
    }

    @Test
    void deletesInvalidateToo() {
        var removed = assertInstanceOf(ParsedMessage.Changes.class, parser.parse(notification("ObjectRemoved:DeleteMarkerCreated", "a.html", "0A")));
        assertTrue(removed.changes().get(0).deleted());
        var deleted = assertInstanceOf(ParsedMessage.Changes.class, parser.parse(eventBridge("Object Deleted", "a.html", "0B")));
        assertTrue(deleted.changes().get(0).deleted());
    }

    @Test
    void sequencersArePaddedSoStringOrderIsEventOrder() {
        String shorter = Sequencers.normalize("0055AED6DCD90281E5");
        String longer = Sequencers.normalize("0055AED6DCD90281E6000");
        assertTrue(longer.compareTo(shorter) > 0);
        assertEquals(32, shorter.length());
        assertNull(Sequencers.normalize(""));
    }

    @Test
    void eventBridgeEventWithoutSequencerUsesEventIdAsToken() {
        var parsed = assertInstanceOf(ParsedMessage.Changes.class,
                parser.parse(eventBridge("Object Created", "a.html", "").replace(",\"sequencer\":\"\"", "")));
        assertNull(parsed.changes().get(0).sequencer());
        assertEquals("event:17793124-05d4-b198-2fde-7ededc63b103", parsed.changes().get(0).token());
    }

    @Test
    void testEventIsIgnored() {
        assertInstanceOf(ParsedMessage.Ignored.class, parser.parse("""
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-21T10:00:00.000Z","Bucket":"example-site-bucket",
                 "RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}"""));
    }

    @Test
    void snsEnvelopeIsUnwrapped() {
        String inner = notification("ObjectCreated:Put", "a+b.html", "0A").replace("\"", "\\\"").replace("\n", " ");
        var parsed = assertInstanceOf(ParsedMessage.Changes.class, parser.parse("{\"Type\":\"Notification\",\"Message\":\"" + inner + "\"}"));
        assertEquals("a b.html", parsed.changes().get(0).key());
    }

    @Test
    void badInputIsInvalidWithAReason() {
        for (String body : List.of("not json", "", "[1,2]", "{\"hello\":\"world\"}",
                eventBridge("Object Created", "", "0A"),
                notification("ObjectCreated:Put", "", "0A"),
                notification("ObjectCreated:Put", "bad%ZZkey", "0A"),
                notification("ObjectCreated:Put", "a.html", "not-hex"),
                "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}")) {
            var invalid = assertInstanceOf(ParsedMessage.Invalid.class, parser.parse(body), body);
            assertFalse(invalid.reason().isBlank());
        }
    }

    @ParameterizedTest(name = "lifecycle expiration {0} invalidates the expired object")
    @CsvSource(delimiter = '|', value = {
            "s3-notification/lifecycle-expiration-delete.json|archive/2025/old-report.pdf",
            "s3-notification/lifecycle-expiration-delete-marker-created.json|campaigns/black+friday/index.html"})
    void lifecycleExpirationsAreRemovals(String event, String key) {
        var parsed = assertInstanceOf(ParsedMessage.Changes.class, parser.parse(com.edgeautopilot.testbed.RepoPaths.event(event)));
        assertEquals(key, parsed.changes().get(0).key());
        assertTrue(parsed.changes().get(0).deleted());
    }

    @ParameterizedTest(name = "{0} does not change what CloudFront serves")
    @CsvSource({
            "ObjectRestore:Post", "ObjectRestore:Completed", "ObjectRestore:Delete", "ReducedRedundancyLostObject",
            "Replication:OperationFailedReplication", "Replication:OperationMissedThreshold",
            "Replication:OperationReplicatedAfterThreshold", "Replication:OperationNotTracked",
            "LifecycleTransition", "IntelligentTiering", "ObjectTagging:Put", "ObjectTagging:Delete", "ObjectAcl:Put",
            "ObjectAnnotation:Put"})
    void nonContentNotificationsAreIgnored(String eventName) {
        assertInstanceOf(ParsedMessage.Ignored.class, parser.parse(notification(eventName, "a.html", "0A")));
    }

    @Test
    void aKeyLongerThanS3AllowsIsInvalid() {
        String key = "k".repeat(1025);
        assertInstanceOf(ParsedMessage.Invalid.class, parser.parse(notification("ObjectCreated:Put", key, "0A")));
        assertInstanceOf(ParsedMessage.Invalid.class, parser.parse(eventBridge("Object Created", key, "0A")));
        assertInstanceOf(ParsedMessage.Changes.class, parser.parse(notification("ObjectCreated:Put", "k".repeat(1024), "0A")));
    }

    @Test
    void nonContentEventsAreIgnoredNotFailed() {
        assertInstanceOf(ParsedMessage.Ignored.class, parser.parse(eventBridge("Object Restore Completed", "a.html", "0A")));
        assertInstanceOf(ParsedMessage.Ignored.class, parser.parse(notification("ObjectTagging:Put", "a.html", "0A")));
    }
}
