package com.edgeautopilot.cli.demo;

import com.edgeautopilot.cli.functions.CostAlertsFunction;
import com.edgeautopilot.cli.functions.FunctionOutput;
import com.edgeautopilot.cli.functions.LocalFunction;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.costs.advisor.PriceClassReport;
import com.edgeautopilot.costs.config.CostAlertsConfig;
import com.edgeautopilot.costs.costexplorer.CostExplorer;
import com.edgeautopilot.costs.handler.CostAlertsHandler;
import com.edgeautopilot.costs.handler.CostAlertsWiring;
import com.edgeautopilot.costs.notify.Notification;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.RepoPaths;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cost-alerts function at work: an hour of noisy cost signals (the samples of events/, delivered again and again,
 * both shapes, an anomaly that grows, a billing alarm that resolves) through the real handler on a moving clock with
 * the template's timers, the digest tick every minute, the digests it sends; then a price-class report from sample Cost
 * Explorer results.
 */
final class CostAlertsScene implements Scene {

    static final Instant T0 = Instant.parse("2026-11-21T14:00:00Z");

    /** Last month's sample CloudFront usage: mostly North America and Europe, some Japan, South America, Australia. */
    static final CostExplorer.Result SAMPLE_USAGE = new CostExplorer.Result(List.of(
            new CostExplorer.UsageByType("US-DataTransfer-Out-Bytes", 4200, "GB", 357.0),
            new CostExplorer.UsageByType("EU-DataTransfer-Out-Bytes", 2600, "GB", 221.0),
            new CostExplorer.UsageByType("JP-DataTransfer-Out-Bytes", 310, "GB", 35.34),
            new CostExplorer.UsageByType("SA-DataTransfer-Out-Bytes", 180, "GB", 19.8),
            new CostExplorer.UsageByType("AU-DataTransfer-Out-Bytes", 95, "GB", 10.83),
            new CostExplorer.UsageByType("US-Requests-Tier2-HTTPS", 61_000_000, "Requests", 61.0),
            new CostExplorer.UsageByType("EU-Requests-Tier2-HTTPS", 38_000_000, "Requests", 45.6),
            new CostExplorer.UsageByType("JP-Requests-Tier2-HTTPS", 4_100_000, "Requests", 4.92),
            new CostExplorer.UsageByType("SA-Requests-Tier2-HTTPS", 2_300_000, "Requests", 5.06),
            new CostExplorer.UsageByType("AU-Requests-Tier2-HTTPS", 1_200_000, "Requests", 1.5),
            new CostExplorer.UsageByType("Invalidations", 1043, "URL", 0.215)), false);

    @Override
    public String id() {
        return CostAlertsFunction.NAME;
    }

    @Override
    public String title() {
        return "Cost alerts: an hour of noisy cost signals become a few digests; last month's price classes compared";
    }

    @Override
    public Map<String, Object> play(Stage stage) throws Exception {
        Narrator say = stage.narrator();
        ControllableClock clock = new ControllableClock(T0);
        LocalFunction.Setup setup = new LocalFunction.Setup(stage.repoRoot(), stage.template(), stage.aws(), stage.resources(), Map.of(),
                Map.of(), clock, stage.logs(), stage.progress()::note);
        Map<String, String> env = CostAlertsFunction.environment(setup);
        CostAlertsConfig config = CostAlertsFunction.config(env);
        CostAlertsWiring.Ports real = CostAlertsFunction.ports(config, setup);
        List<Map<String, Object>> sent = new ArrayList<>();
        CostAlertsWiring.Ports ports = new CostAlertsWiring.Ports(real.store(), notification -> {
            real.notifier().send(notification); // the real SNS Publish (moto), then noted for the story
            sent.add(sent(clock, notification));
        }, (service, start, end) -> SAMPLE_USAGE, real.distributions(), real.coalescerUsage());
        CostAlertsHandler handler = new CostAlertsHandler(CostAlertsWiring.wire(config, ports, clock, Log.to(stage.logs())));
        say.line("timers", String.format(Locale.ROOT, "group_wait %ds, group_interval %ds, repeat_interval %ds, grouped by account + service (template defaults)",
                config.groupWait().toSeconds(), config.groupInterval().toSeconds(), config.repeatInterval().toSeconds()));

        Map<String, Integer> received = new TreeMap<>();
        stage.progress().start("cost signals", 60);
        for (int m = 0; m < 60; m++) {
            int minute = m;
            clock.set(T0.plus(Duration.ofMinutes(minute)));
            for (String sample : signalsAt(minute)) {
                clock.advance(Duration.ofMillis(50));
                Map<String, Object> event = event(sample, minute);
                received.merge(sample.substring(0, sample.indexOf('/')), 1, Integer::sum);
                FunctionOutput.redirected(stage.logs(), () -> handler.handle(event, "signal-" + minute));
            }
            clock.set(T0.plus(Duration.ofMinutes(minute)).plusSeconds(30));
            FunctionOutput.redirected(stage.logs(), () -> handler.handle(Map.of("tick", "cost-digest"), "tick-" + minute));
            stage.progress().update(minute + 1, sent.size() + " digests");
        }
        stage.progress().done();
        int total = received.values().stream().mapToInt(Integer::intValue).sum();
        say.line("signals", total + " deliveries in an hour " + received);
        List<String> lines = new ArrayList<>();
        sent.forEach(d -> lines.add(d.get("at") + "  " + d.get("subject")));
        say.line("digests", lines.isEmpty() ? List.of("(none)") : lines);
        if (!sent.isEmpty()) {
            say.line("first", ((String) sent.get(0).get("text")).lines().toList());
        }

        List<Map<String, Object>> digests = List.copyOf(sent);
        clock.set(Instant.parse("2026-12-02T06:00:00Z"));
        Object response = FunctionOutput.redirected(stage.logs(), () -> handler.handle(Map.of("action", "price-class-report"), "report"));
        PriceClassReport report = (PriceClassReport) response;
        List<String> classes = new ArrayList<>();
        for (PriceClassReport.ClassEstimate e : report.classes()) {
            classes.add(String.format(Locale.ROOT, "%-15s $%,9.2f  %4.1f%% of bytes from a farther edge", e.priceClass(), e.estimatedCostUsd(),
                    e.fartherEdgeShare() * 100));
        }
        classes.add("current classes: " + report.currentClasses() + " (sample Cost Explorer results, " + report.period() + ")");
        say.line("classes", classes);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("signals", total);
        json.put("signalsBySource", received);
        json.put("digests", digests.stream().map(d -> Map.of("at", d.get("at"), "subject", d.get("subject"), "kind", d.get("kind"))).toList());
        json.put("priceClassReport", Json.parseObject(Json.write(report)));
        return json;
    }

    private static Map<String, Object> sent(ControllableClock clock, Notification notification) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("at", Instant.ofEpochMilli(clock.millis()).toString().substring(11, 16));
        d.put("subject", notification.subject());
        d.put("kind", notification.attributes().get("kind"));
        d.put("text", notification.text());
        return d;
    }

    /** The samples delivered at a minute: the news of the hour, and a steady noise of repeats of what is already known. */
    static List<String> signalsAt(int minute) {
        List<String> samples = new ArrayList<>();
        switch (minute) {
            case 1 -> samples.add("cost-anomaly/sns-anomaly.json");
            case 2 -> samples.add("cost-anomaly/eventbridge-anomaly-detected.json");
            case 3 -> samples.add("budgets/sns-forecasted.json");
            case 10 -> samples.addAll(List.of("billing-alarm/sns-alarm.json", "billing-alarm/eventbridge-alarm.json"));
            case 15 -> samples.add("invalidation-usage/sns-usage-threshold.json");
            case 20 -> samples.add("billing-alarm/sns-alarm.json#AmazonS3");
            case 40 -> samples.add("cost-anomaly/eventbridge-anomaly-detected.json#grown");
            case 45 -> samples.add("invalidation-usage/sns-usage-over-free-tier.json");
            case 50 -> samples.add("billing-alarm/sns-ok.json#AmazonS3");
            default -> {
            }
        }
        if (minute >= 1) {
            for (int i = 0; i < 6; i++) {
                samples.add(i % 2 == 0 ? "cost-anomaly/sns-anomaly.json" : "cost-anomaly/sns-anomaly-duplicate.json");
            }
        }
        if (minute >= 3 && minute % 5 == 0) {
            samples.add("budgets/sns-forecasted.json");
        }
        return samples;
    }

    /** A sample, varied by its {@code #variant}: another service's billing alarm, an anomaly that grew. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> event(String sample, int minute) {
        String[] parts = sample.split("#", 2);
        Map<String, Object> event = Json.parseObject(RepoPaths.event(parts[0]));
        if (parts.length == 1) {
            return event;
        }
        if (parts[1].equals("grown")) {
            Map<String, Object> impact = (Map<String, Object>) ((Map<String, Object>) event.get("detail")).get("impact");
            impact.put("totalImpact", 188.40);
            return event;
        }
        Map<String, Object> sns = (Map<String, Object>) ((Map<String, Object>) Json.list(event, "Records").get(0)).get("Sns");
        String message = (String) sns.get("Message");
        String at = String.format(Locale.ROOT, "2026-11-21T14:%02d:00.000+0000", minute);
        sns.put("Message", message.replace("AmazonCloudFront", parts[1]).replace("cloudfront-estimated-charges", "s3-estimated-charges")
                .replaceAll("\"StateChangeTime\":\"[^\"]+\"", "\"StateChangeTime\":\"" + at + "\""));
        return event;
    }
}
