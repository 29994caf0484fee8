package com.edgeautopilot.cli.replay;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.cli.CliRun;
import com.edgeautopilot.cli.functions.StandInDistributions;
import com.edgeautopilot.testbed.DynamoDbLocal;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServer;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replays sample events through each function of the repository, on the test bed (DynamoDB Local in this JVM, moto on loopback). */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class ReplayCommandTest {

    static String event(String relative) {
        return RepoPaths.eventsDir().resolve(relative).toString();
    }

    @BeforeAll
    static void standIns() {
        // started once for the class; the CLI reuses running stand-ins and leaves them running
        DynamoDbLocal.shared();
        MotoServer.shared();
    }

    /** The output split per invocation: the AWS-call lines, then the response (or error) line. */
    record Invocation(List<Map<String, Object>> calls, Map<String, Object> result) {
        List<Map<String, Object>> calls(String service, String operation) {
            return calls.stream().filter(c -> service.equals(c.get("service")) && operation.equals(c.get("operation"))).toList();
        }
    }

    static List<Invocation> invocations(CliRun run) {
        List<Invocation> result = new ArrayList<>();
        List<Map<String, Object>> calls = new ArrayList<>();
        for (Map<String, Object> line : run.jsonLines()) {
            if ("aws-call".equals(line.get("type"))) {
                calls.add(line);
            } else {
                result.add(new Invocation(calls, line));
                calls = new ArrayList<>();
            }
        }
        assertTrue(calls.isEmpty(), "AWS calls after the last response: " + calls);
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @Test
    void coalescerIngestsAnSqsWrappedEventBridgeEventThenTheScheduleFlushesIt() {
        CliRun run = CliRun.run("replay", event("sqs/eventbridge-object-created.json"), event("schedule/coalescer-flush.json"));
        assertEquals(0, run.exit(), run::toString);
        List<Invocation> invocations = invocations(run);
        assertEquals(2, invocations.size(), run::toString);

        Invocation ingest = invocations.get(0);
        assertEquals("response", ingest.result().get("type"));
        assertEquals("invalidation-coalescer", ingest.result().get("function"));
        assertEquals("SQS batch of 1 message", ingest.result().get("shape"));
        assertEquals("2026-11-21T09:58:31.910Z", ingest.result().get("time"), "the clock follows the event");
        assertEquals(Map.of("batchItemFailures", List.of()), ingest.result().get("response"));
        List<Map<String, Object>> writes = ingest.calls("DynamoDb", "UpdateItem");
        assertTrue(writes.stream().anyMatch(c -> String.valueOf(map(c.get("request")).get("ExpressionAttributeValues"))
                        .contains("downloads/c++ guide+tips.pdf")),
                "the object is recorded as pending under its raw key (kept in an attribute; the sort key is its hash): " + writes);
        for (Map<String, Object> call : ingest.calls()) {
            assertEquals(200, ((Number) call.get("status")).intValue(), call.toString());
            assertTrue(String.valueOf(call.get("endpoint")).startsWith("http://127.0.0.1:"), call.toString());
            assertTrue(String.valueOf(map(call.get("request")).get("TableName")).startsWith("edge-autopilot-CoalescerTable"), call.toString());
        }
        assertTrue(ingest.calls("CloudFront", "CreateInvalidation").isEmpty(), "no flush before the quiet period");

        Invocation flush = invocations.get(1);
        assertEquals("EventBridge scheduled event", flush.result().get("shape"));
        assertEquals("2026-11-21T10:00:00Z", flush.result().get("time"));
        Map<String, Object> outcome = map(list(map(flush.result().get("response")).get("flushes")).get(0));
        assertEquals("QUIET", outcome.get("decision"), outcome.toString());
        assertEquals(2, ((Number) outcome.get("paths")).intValue(), "raw and form-decoded readings of the EventBridge key");
        assertEquals(0, ((Number) outcome.get("leftPending")).intValue());
        List<Map<String, Object>> created = flush.calls("CloudFront", "CreateInvalidation");
        assertEquals(1, created.size(), flush.calls().toString());
        assertEquals(201, ((Number) created.get(0).get("status")).intValue());
        Map<String, Object> batch = map(map(created.get(0).get("request")).get("InvalidationBatch"));
        assertTrue(list(map(batch.get("Paths")).get("Items")).contains("/downloads/c++%20guide+tips.pdf"), batch.toString());
        String distributionId = (String) outcome.get("distributionId");
        assertEquals(distributionId, map(created.get(0).get("request")).get("DistributionId"));
        String invalidationId = (String) list(outcome.get("invalidationIds")).get(0);
        assertEquals(invalidationId, LocalAws.current().cloudFront()
                .getInvalidation(b -> b.distributionId(distributionId).id(invalidationId)).invalidation().id(), "it exists in moto");
        assertTrue(run.err().contains("distribution E2QWRUHAPOMQZL is played by " + distributionId), run.err());
    }

    @Test
    void withWallClockTimeTheScheduleFindsTheQuietPeriodNotOverYet() {
        CliRun run = CliRun.run("replay", "--clock", "now", "--quiet", event("sqs/eventbridge-object-created.json"),
                event("schedule/coalescer-flush.json"));
        assertEquals(0, run.exit(), run::toString);
        Map<String, Object> outcome = map(list(map(invocations(run).get(1).result().get("response")).get("flushes")).get(0));
        assertEquals("WAITING", outcome.get("decision"));
    }

    @Test
    void edgeRouterRunsAViewerEventWithoutAwsCalls() {
        CliRun run = CliRun.run("replay", event("edge/viewer-de.json"), event("edge/blocked-kp.json"));
        assertEquals(0, run.exit(), run::toString);
        List<Invocation> invocations = invocations(run);
        assertEquals(2, invocations.size());
        for (Invocation invocation : invocations) {
            assertTrue(invocation.calls().isEmpty());
            assertEquals("edge-geo-router", invocation.result().get("function"));
        }
        Map<String, Object> redirect = map(invocations.get(0).result().get("response"));
        assertEquals(302, ((Number) redirect.get("statusCode")).intValue(), redirect.toString());
        assertEquals("https://de.example.com/products/shoes?color=red&size=42", map(map(redirect.get("headers")).get("location")).get("value"));
        assertEquals(403, ((Number) map(invocations.get(1).result().get("response")).get("statusCode")).intValue());
        assertFalse(run.err().contains("DynamoDB Local"), "no stand-ins for a function that calls no AWS service");
    }

    @Test
    void endpointsFromTheEnvironmentAreUsedWhenLoopback() {
        String distributionId = StandInDistributions.create(LocalAws.configure(DynamoDbLocal.shared(), MotoServer.shared()).cloudFront(),
                "example-site-bucket", "replay test");
        Map<String, String> env = CliRun.env(Map.of(
                "AWS_ENDPOINT_URL_DYNAMODB", DynamoDbLocal.shared().endpoint().toString(),
                "AWS_ENDPOINT_URL", MotoServer.shared().endpoint().toString()));
        CliRun run = CliRun.run("", env, "replay", "--quiet", "--env", "DISTRIBUTION_IDS=" + distributionId,
                "--env", "SITE_ROUTES=[{\"bucket\":\"example-site-bucket\",\"distributionId\":\"" + distributionId + "\"}]",
                event("eventbridge/object-created-put.json"), "--function", "invalidation-coalescer",
                event("schedule/coalescer-flush.json"));
        assertEquals(0, run.exit(), run::toString);
        List<Invocation> invocations = invocations(run);
        assertEquals("EventBridge S3 event (Object Created)", invocations.get(0).result().get("shape"));
        assertEquals(1, invocations.get(1).calls("CloudFront", "CreateInvalidation").size(), run::toString);
        assertTrue(run.err().contains("endpoints from AWS_ENDPOINT_URL*"), run.err());
    }

    @Test
    void refusesNonLoopbackEndpointsAndServicesWithoutOne() {
        CliRun remote = CliRun.run("", CliRun.env(Map.of("AWS_ENDPOINT_URL", "http://203.0.113.10:4566")), "replay",
                event("schedule/coalescer-flush.json"));
        assertEquals(1, remote.exit(), remote::toString);
        assertTrue(remote.err().contains("not a loopback address"), remote.err());
        assertEquals("", remote.out());
        CliRun partial = CliRun.run("", CliRun.env(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1")), "replay",
                event("schedule/coalescer-flush.json"));
        assertEquals(1, partial.exit(), partial::toString);
        assertTrue(partial.err().contains("cloudfront has no endpoint setting"), partial.err());
    }

    @Test
    void aHandlerFailureIsAnErrorLineAndExitStatusOne(@TempDir Path dir) throws IOException {
        Path odd = Files.writeString(dir.resolve("odd.json"), "{\"hello\":\"world\"}");
        CliRun unrecognised = CliRun.run("replay", odd.toString());
        assertEquals(1, unrecognised.exit());
        assertTrue(unrecognised.err().contains("no function of this repository receives an event of this shape"), unrecognised.err());

        CliRun forced = CliRun.run("replay", "--quiet", "--function", "invalidation-coalescer", odd.toString());
        assertEquals(1, forced.exit(), forced::toString);
        Map<String, Object> line = forced.jsonLines().get(forced.jsonLines().size() - 1);
        assertEquals("error", line.get("type"));
        assertTrue(String.valueOf(map(line.get("error")).get("message")).contains("unsupported event"), line.toString());

        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"Records\": [");
        CliRun notJson = CliRun.run("replay", broken.toString());
        assertEquals(1, notJson.exit());
        assertTrue(notJson.err().contains("broken.json: not valid JSON"), notJson.err());
    }
}
