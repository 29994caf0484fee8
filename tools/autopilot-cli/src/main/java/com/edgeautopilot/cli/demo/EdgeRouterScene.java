package com.edgeautopilot.cli.demo;

import com.edgeautopilot.cli.functions.EdgeRouterFunction;
import com.edgeautopilot.common.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The edge geo router at work: sample viewer requests from events/edge/ through the CloudFront Function as rendered
 * from src/function.js and policy.json, run by node the way CloudFront calls it, and what it decided.
 */
final class EdgeRouterScene implements Scene {

    /** A few requests that show the policy's branches; files missing from events/edge/ are skipped. */
    static final List<String> EVENTS = List.of("viewer-de.json", "viewer-ca-qc-region.json", "blocked-kp.json",
            "crawler-googlebot-de.json", "already-redirected-de.json", "override-cookie-de.json", "missing-country.json");

    @Override
    public String id() {
        return EdgeRouterFunction.NAME;
    }

    @Override
    public String title() {
        return "Edge geo router: viewer requests through the CloudFront Function (policy.json), run on node";
    }

    @Override
    public Map<String, Object> play(Stage stage) {
        Narrator say = stage.narrator();
        Map<String, Object> json = new LinkedHashMap<>();
        Optional<String> problem = EdgeRouterFunction.nodeProblem();
        if (problem.isPresent()) {
            json.put("skipped", problem.get());
            say.line("skipped", problem.get());
            return json;
        }
        Path dir = stage.repoRoot().resolve("events").resolve("edge");
        List<Map<String, Object>> requests = new ArrayList<>();
        for (String name : EVENTS) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            Map<String, Object> event = Json.parseObject(com.edgeautopilot.testbed.RepoPaths.read(file));
            EdgeRouterFunction.Result result = EdgeRouterFunction.run(stage.repoRoot(), file);
            String country = header(event, "cloudfront-viewer-country");
            String region = header(event, "cloudfront-viewer-country-region");
            String userAgent = header(event, "user-agent");
            String host = header(event, "host");
            String target = Json.string(event, "request", "uri") + query(event);
            String decision = EdgeRouterFunction.decision(result.returned());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("event", "events/edge/" + name);
            r.put("country", country);
            r.put("region", region);
            r.put("method", Json.string(event, "request", "method"));
            r.put("host", host);
            r.put("uri", target);
            r.put("userAgent", userAgent);
            r.put("cookies", Json.object(event, "request", "cookies") == null ? Map.of() : Json.object(event, "request", "cookies").keySet());
            r.put("decision", decision);
            r.put("statusCode", result.returned().get("statusCode"));
            r.put("location", Json.string(result.returned(), "headers", "location", "value"));
            requests.add(r);
            String who = country == null ? "(none)" : country + (region == null ? "" : "-" + region);
            List<String> extras = new ArrayList<>();
            if (userAgent != null && userAgent.toLowerCase(java.util.Locale.ROOT).matches(".*(bot|crawler|spider).*")) {
                extras.add("crawler");
            }
            Map<String, Object> cookies = Json.object(event, "request", "cookies");
            if (cookies != null) {
                cookies.forEach((k, v) -> extras.add("cookie " + k + "=" + (v instanceof Map<?, ?> m ? m.get("value") : v)));
            }
            say.line(who, Json.string(event, "request", "method") + " " + host + target + (extras.isEmpty() ? "" : "  (" + String.join(", ", extras) + ")"),
                    "→ " + decision + "   [events/edge/" + name + "]");
        }
        json.put("policy", "functions/edge-geo-router/policy.json");
        json.put("requests", requests);
        return json;
    }

    private static String header(Map<String, Object> event, String name) {
        return Json.string(event, "request", "headers", name, "value");
    }

    private static String query(Map<String, Object> event) {
        Map<String, Object> qs = Json.object(event, "request", "querystring");
        if (qs == null || qs.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        qs.forEach((k, v) -> parts.add(v instanceof Map<?, ?> m && m.get("value") != null ? k + "=" + m.get("value") : k));
        return "?" + String.join("&", parts);
    }
}
