package com.edgeautopilot.cli.demo;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.cli.CliRun;
import com.edgeautopilot.cli.functions.EdgeRouterFunction;
import com.edgeautopilot.testbed.DynamoDbLocal;
import com.edgeautopilot.testbed.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class DemoCommandTest {

    @BeforeAll
    static void standIns() {
        DynamoDbLocal.shared();
        MotoServer.shared();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) value;
    }

    static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    @Test
    void completesAndItsJsonHasEverySection() {
        CliRun run = CliRun.run("demo", "--json", "--files", "120");
        assertEquals(0, run.exit(), run::toString);
        Map<String, Object> doc = run.json();
        assertTrue(doc.keySet().containsAll(List.of("demo", "standIns", "scenes", "elapsedSeconds")), doc.keySet().toString());
        List<Map<String, Object>> scenes = maps(doc.get("scenes"));
        assertEquals(List.of("invalidation-coalescer", "edge-geo-router", "origin-failover", "cost-alerts"), scenes.stream().map(s -> s.get("id")).toList());

        Map<String, Object> coalescer = scenes.get(0);
        assertTrue(coalescer.keySet().containsAll(List.of("setup", "config", "deploy", "ingest", "flushes", "totals", "onePathPerObject",
                "everyUrlExactly", "cloudFront", "awsCalls")), coalescer.keySet().toString());
        Map<String, Object> deploy = map(coalescer.get("deploy"));
        Map<String, Object> ingest = map(coalescer.get("ingest"));
        assertEquals(120, number(deploy, "uploaded"));
        assertEquals(number(deploy, "events"), number(ingest, "changesReceived"));
        assertTrue(number(deploy, "events") > number(ingest, "distinctObjects"), "some events are duplicates");
        assertEquals(number(ingest, "distinctObjects"), number(ingest, "pending"), "duplicates coalesce in DynamoDB");
        assertEquals(0, number(ingest, "failedMessages"));

        List<Map<String, Object>> flushes = maps(coalescer.get("flushes"));
        assertEquals(1, flushes.size(), flushes.toString());
        Map<String, Object> flush = flushes.get(0);
        assertEquals("schedule", flush.get("during"));
        assertEquals("QUIET", flush.get("trigger"));
        assertEquals(number(ingest, "pending"), number(flush, "cleared"));
        assertEquals(0, number(flush, "leftPending"));
        assertFalse(maps(flush.get("paths")).isEmpty());
        for (Map<String, Object> path : maps(flush.get("paths"))) {
            assertTrue(path.get("reason") instanceof String reason && !reason.isBlank(), "every path says why: " + path);
        }
        Map<String, Object> totals = map(coalescer.get("totals"));
        assertEquals(maps(flush.get("paths")).size(), number(totals, "paths"));
        assertEquals(1, number(totals, "requests"));
        assertEquals(number(totals, "requests"), number(map(coalescer.get("cloudFront")), "invalidationsListed"), "the requests reached moto");
        assertEquals(number(ingest, "distinctObjects"), number(map(coalescer.get("onePathPerObject")), "paths"));
        Map<String, Object> calls = map(map(coalescer.get("awsCalls")).get("byService"));
        assertEquals(1, ((Number) map(calls.get("CloudFront")).get("CreateInvalidation")).intValue(), calls.toString());
        assertTrue(map(calls.get("DynamoDb")).containsKey("UpdateItem"), calls.toString());

        Map<String, Object> edge = scenes.get(1);
        if (EdgeRouterFunction.nodeProblem().isEmpty()) {
            List<Map<String, Object>> requests = maps(edge.get("requests"));
            assertTrue(requests.size() >= 5, requests.toString());
            assertEquals("redirect 302 → https://de.example.com/products/shoes?color=red&size=42", requests.get(0).get("decision"));
            assertTrue(requests.stream().anyMatch(r -> "blocked 403".equals(r.get("decision"))), requests.toString());
        } else {
            assertTrue(edge.containsKey("skipped"));
        }
    }

    @Test
    void aBigDeployAlsoShowsTheFlushTheCoalescerStartsWhileIngesting() {
        CliRun run = CliRun.run("demo", "--json", "--files", "2100", "--scene", "invalidation-coalescer");
        assertEquals(0, run.exit(), run::toString);
        Map<String, Object> coalescer = maps(run.json().get("scenes")).get(0);
        List<Map<String, Object>> flushes = maps(coalescer.get("flushes"));
        assertEquals("ingest", flushes.get(0).get("during"), flushes.toString());
        assertEquals("SIZE", flushes.get(0).get("trigger"));
        assertFalse(maps(flushes.get(0).get("paths")).isEmpty());
        assertEquals("schedule", flushes.get(flushes.size() - 1).get("during"));
        Map<String, Object> totals = map(coalescer.get("totals"));
        long requests = flushes.stream().mapToLong(f -> number(f, "requests")).sum();
        assertEquals(requests, number(totals, "requests"));
    }

    @Test
    void humanOutputTellsTheStoryScenesInOrder() {
        CliRun run = CliRun.run("demo", "--files", "40");
        assertEquals(0, run.exit(), run::toString);
        String out = run.out();
        int coalescer = out.indexOf("1. Invalidation coalescer");
        int edge = out.indexOf("2. Edge geo router");
        assertTrue(coalescer >= 0 && edge > coalescer, out);
        for (String label : new String[]{"setup", "deploy", "ingest", "wait", "flush", "paths", "cost", "versus", "aws"}) {
            assertTrue(out.contains("\n   " + label + " "), "missing '" + label + "' in\n" + out);
        }
        assertTrue(out.contains("Done in"), out);
        assertTrue(run.err().contains("ingesting S3 events"), "progress goes to stderr: " + run.err());
        assertFalse(out.contains("\"level\""), "function logs stay out of the demo's output");
        assertFalse(out.contains("\"_aws\""), "so do the functions' EMF metric lines (they go to the log file)");
    }

    @Test
    void unknownSceneIsAUsageError() {
        CliRun run = CliRun.run("demo", "--scene", "no-such-scene");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("no scene 'no-such-scene'"), run::toString);
    }
}
