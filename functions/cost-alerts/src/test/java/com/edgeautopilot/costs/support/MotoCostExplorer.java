package com.edgeautopilot.costs.support;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.testbed.MotoServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Gives moto's Cost Explorer canned {@code GetCostAndUsage} results: moto answers each distinct request body with the
 * next queued result (and the same body with the same result afterwards), through its
 * {@code /moto-api/static/ce/cost-and-usage-results} endpoint.
 */
public final class MotoCostExplorer {

    private MotoCostExplorer() {
    }

    /** Queues one result whose single month holds these usage types: type to {quantity, unit, cost}. */
    public static void queue(MotoServer moto, String start, String end, Map<String, Object[]> usageTypes) {
        List<Object> groups = usageTypes.entrySet().stream().map(e -> (Object) Map.of(
                "Keys", List.of(e.getKey()),
                "Metrics", Map.of(
                        "UsageQuantity", Map.of("Amount", e.getValue()[0].toString(), "Unit", e.getValue()[1]),
                        "UnblendedCost", Map.of("Amount", e.getValue()[2].toString(), "Unit", "USD")))).toList();
        Map<String, Object> result = Map.of("ResultsByTime", List.of(Map.of(
                "TimePeriod", Map.of("Start", start, "End", end), "Total", Map.of(), "Groups", groups, "Estimated", false)),
                "DimensionValueAttributes", List.of(), "GroupDefinitions", List.of(Map.of("Type", "DIMENSION", "Key", "USAGE_TYPE")));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(moto.endpoint() + "/moto-api/static/ce/cost-and-usage-results"))
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("results", List.of(result))))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("moto refused the canned Cost Explorer result: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
