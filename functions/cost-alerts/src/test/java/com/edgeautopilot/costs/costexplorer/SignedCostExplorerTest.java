package com.edgeautopilot.costs.costexplorer;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.costs.support.MotoCostExplorer;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServerExtension;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-made Cost Explorer adapter: a real SigV4-signed AWS JSON 1.1 call, against moto and a strict loopback double. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class SignedCostExplorerTest {

    @RegisterExtension
    static final MotoServerExtension MOTO = MotoServerExtension.resettingBeforeEachTest();

    private record Seen(String method, String path, Map<String, List<String>> headers, String body) {
    }

    /** A strict loopback stand-in for Cost Explorer: records each request, answers {@code status} with {@code body}. */
    private static HttpServer loopback(int status, String body, List<Seen> seen) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", SignedCostExplorer.CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static CostExplorer against(HttpServer server) {
        LocalAws aws = MOTO.aws();
        return new SignedCostExplorer(aws.clients().httpClient(), aws.clients().credentialsProvider(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @Test
    void getCostAndUsageOnMotoWithCannedResults() {
        LocalAws aws = MOTO.aws();
        Map<String, Object[]> usage = new LinkedHashMap<>();
        usage.put("EU-DataTransfer-Out-Bytes", new Object[]{"512.5", "GB", "43.5625"});
        usage.put("Invalidations", new Object[]{"1043", "URL", "0.215"});
        MotoCostExplorer.queue(MOTO.server(), "2026-10-01", "2026-11-01", usage);
        CostExplorer ce = new SignedCostExplorer(aws.clients().httpClient(), aws.clients().credentialsProvider(), SignedCostExplorer.configuredEndpoint());
        assertEquals(aws.motoEndpoint(), SignedCostExplorer.configuredEndpoint(), "the SDK's aws.endpointUrl setting points it at moto");

        CostExplorer.Result result = ce.usageByType("Amazon CloudFront", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-01"));

        assertEquals(List.of(new CostExplorer.UsageByType("EU-DataTransfer-Out-Bytes", 512.5, "GB", 43.5625),
                new CostExplorer.UsageByType("Invalidations", 1043, "URL", 0.215)), result.usage());
        assertEquals(false, result.truncated());
    }

    @Test
    void theRequestIsSignedAwsJsonOneOneForCeInUsEast1() throws IOException {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        // the documented response shape of GetCostAndUsage (API reference), two months and a next page
        String response = "{\"GroupDefinitions\":[{\"Type\":\"DIMENSION\",\"Key\":\"USAGE_TYPE\"}],\"ResultsByTime\":["
                + "{\"TimePeriod\":{\"Start\":\"2026-09-01\",\"End\":\"2026-10-01\"},\"Total\":{},\"Groups\":[{\"Keys\":[\"US-Requests-Tier2-HTTPS\"],"
                + "\"Metrics\":{\"UsageQuantity\":{\"Amount\":\"1000\",\"Unit\":\"Requests\"},\"UnblendedCost\":{\"Amount\":\"0.001\",\"Unit\":\"USD\"}}}],\"Estimated\":false},"
                + "{\"TimePeriod\":{\"Start\":\"2026-10-01\",\"End\":\"2026-11-01\"},\"Total\":{},\"Groups\":[{\"Keys\":[\"US-Requests-Tier2-HTTPS\"],"
                + "\"Metrics\":{\"UsageQuantity\":{\"Amount\":\"500\",\"Unit\":\"Requests\"},\"UnblendedCost\":{\"Amount\":\"0.0005\",\"Unit\":\"USD\"}}}],\"Estimated\":true}],"
                + "\"NextPageToken\":\"page-2\",\"DimensionValueAttributes\":[]}";
        HttpServer server = loopback(200, response, seen);
        try {
            CostExplorer ce = against(server);
            CostExplorer.Result result = ce.usageByType("Amazon CloudFront", LocalDate.parse("2026-09-01"), LocalDate.parse("2026-11-01"));

            assertEquals(1, seen.size(), "one request, the next page is not fetched (each request is charged)");
            Seen request = seen.get(0);
            assertEquals("POST", request.method());
            assertEquals("/", request.path());
            assertEquals(List.of("AWSInsightsIndexService.GetCostAndUsage"), request.headers().get("X-amz-target"));
            assertEquals(List.of("application/x-amz-json-1.1"), request.headers().get("Content-type"));
            String authorization = request.headers().get("Authorization").get(0);
            assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + LocalAws.ACCESS_KEY_ID + "/"), authorization);
            assertTrue(authorization.contains("/us-east-1/ce/aws4_request"), authorization);
            assertTrue(authorization.contains("SignedHeaders=") && authorization.contains("x-amz-target") && authorization.contains("Signature="), authorization);
            assertEquals(List.of(LocalAws.SESSION_TOKEN), request.headers().get("X-amz-security-token"));
            Map<String, Object> body = Json.parseObject(request.body());
            assertEquals(Map.of("Start", "2026-09-01", "End", "2026-11-01"), body.get("TimePeriod"));
            assertEquals("MONTHLY", body.get("Granularity"));
            assertEquals(List.of("UsageQuantity", "UnblendedCost"), body.get("Metrics"));
            assertEquals(Map.of("Dimensions", Map.of("Key", "SERVICE", "Values", List.of("Amazon CloudFront"))), body.get("Filter"));
            assertEquals(List.of(Map.of("Type", "DIMENSION", "Key", "USAGE_TYPE")), body.get("GroupBy"));

            assertEquals(List.of(new CostExplorer.UsageByType("US-Requests-Tier2-HTTPS", 1500, "Requests", 0.0015)), result.usage(),
                    "summed over the months");
            assertTrue(result.truncated(), "a NextPageToken is reported, not followed");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anErrorAnswerFailsWithItsType() throws IOException {
        HttpServer server = loopback(400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"not authorized to perform ce:GetCostAndUsage\"}",
                new CopyOnWriteArrayList<>());
        try {
            CostExplorer ce = against(server);
            RuntimeException e = assertThrows(SignedCostExplorer.CostExplorerException.class,
                    () -> ce.usageByType("Amazon CloudFront", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-01")));
            assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains("AccessDeniedException"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    /** Cost Explorer's documented throttling answer (LimitExceededException, HTTP 400), then the answer: retried by the SDK's standard strategy. */
    @Test
    void throttlingIsRetriedAndAnAccessErrorIsNot() throws IOException {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        String throttled = "{\"__type\":\"LimitExceededException\",\"Message\":\"You made too many calls in a short period of time.\"}";
        String answer = "{\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"2026-10-01\",\"End\":\"2026-11-01\"},\"Groups\":[{\"Keys\":[\"Invalidations\"],"
                + "\"Metrics\":{\"UsageQuantity\":{\"Amount\":\"1043\",\"Unit\":\"URL\"},\"UnblendedCost\":{\"Amount\":\"0.215\",\"Unit\":\"USD\"}}}]}]}";
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.of(), ""));
            boolean throttle = calls.incrementAndGet() <= 2;
            byte[] bytes = (throttle ? throttled : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", SignedCostExplorer.CONTENT_TYPE);
            exchange.sendResponseHeaders(throttle ? 400 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            CostExplorer.Result result = against(server).usageByType("Amazon CloudFront", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-01"));
            assertEquals(List.of(new CostExplorer.UsageByType("Invalidations", 1043, "URL", 0.215)), result.usage());
            assertEquals(3, seen.size(), "two throttled attempts, then the answer");
        } finally {
            server.stop(0);
        }
        List<Seen> denied = new CopyOnWriteArrayList<>();
        HttpServer refusing = loopback(400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"no\"}", denied);
        try {
            assertThrows(SignedCostExplorer.CostExplorerException.class,
                    () -> against(refusing).usageByType("Amazon CloudFront", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-01")));
            assertEquals(1, denied.size(), "an access error is not retried");
        } finally {
            refusing.stop(0);
        }
    }
}
