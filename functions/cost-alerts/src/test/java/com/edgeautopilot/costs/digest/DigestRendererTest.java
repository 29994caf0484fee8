package com.edgeautopilot.costs.digest;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.event.CostSignalParser;
import com.edgeautopilot.costs.event.ParsedSignal;
import com.edgeautopilot.costs.grouping.AlertChange;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.grouping.Grouping;
import com.edgeautopilot.costs.store.GroupState;
import com.edgeautopilot.costs.store.StoredAlert;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A digest built from the samples reads in ten seconds: what crossed what, amounts and deltas, causes, paths, links. */
class DigestRendererTest {

    static final long NOW = Instant.parse("2026-11-21T18:10:00Z").toEpochMilli();
    final CostSignalParser parser = new CostSignalParser(Map.of(), 100);

    private Alert sample(String sample) {
        Map<String, Object> event = Json.parseObject(RepoPaths.event(sample));
        @SuppressWarnings("unchecked")
        ParsedSignal parsed = event.containsKey("Records") ? parser.snsRecord((Map<String, Object>) Json.list(event, "Records").get(0)) : parser.eventBridge(event);
        return ((ParsedSignal.Recognised) parsed).alert();
    }

    @Test
    void aCloudFrontDigestFromTheSamples() {
        Alert anomaly = sample("cost-anomaly/eventbridge-anomaly-detected.json");
        Alert forecast = sample("budgets/sns-forecasted.json");
        Alert alarm = sample("billing-alarm/sns-alarm.json");
        Alert usage = sample("invalidation-usage/sns-usage-over-free-tier.json");
        String group = Grouping.byAccountAndService().keyOf(anomaly);
        List<StoredAlert> alerts = List.of(
                new StoredAlert(group, anomaly, true, AlertChange.GREW, null, 3, NOW, NOW, 98.40, 0, NOW + 1, 4),
                new StoredAlert(group, forecast, true, AlertChange.NEW, null, 1, NOW, NOW, null, 0, NOW + 1, 1),
                new StoredAlert(group, alarm, true, AlertChange.NEW, anomaly.fingerprint(), 2, NOW, NOW, null, 0, NOW + 1, 2),
                new StoredAlert(group, usage, false, AlertChange.NEW, null, 5, NOW, NOW, 0.215, 0, NOW + 1, 5));
        GroupState state = new GroupState(group, Grouping.byAccountAndService().labelsOf(anomaly), new DigestSchedule.Timers(1, 2, 0, false, true), java.util.Set.of(), 1, 2, 7);

        Digest digest = DigestBuilder.build(state, DigestSchedule.Kind.UPDATE, alerts, 3, NOW);
        String text = DigestRenderer.text(digest);
        System.out.println(text);

        assertEquals("[CRITICAL] Cost update: Amazon CloudFront @ 123456789012 - 3 firing, 1 new", digest.subject());
        assertTrue(digest.subject().length() < 100);
        assertTrue(text.contains("FIRING (3)"), text);
        assertTrue(text.contains("Cost anomaly in Amazon CloudFront: +$122.71 (133% over expected $92.15, 2026-11-19..2026-11-21)  <GREW>  (+24.31 since last digest)  x3"), text);
        assertTrue(text.contains("root causes: Amazon CloudFront / eu-west-1 / EU-DataTransfer-Out-Bytes / 123456789012 ($122.71)"), text);
        assertTrue(text.contains("also: Billing alarm edge-autopilot-cloudfront-estimated-charges: estimated charges $163.27 > $150.00 (month to date) (folded into this anomaly)"), text);
        assertTrue(text.contains("Budget cloudfront-monthly: FORECASTED cost $112.40 > $100.00 (budget $100.00, 2026-11)  <NEW>"), text);
        assertTrue(text.contains("Invalidation paths 2026-11: 1,043 used of 1,000 free (43 paid)"), text);
        assertTrue(text.contains("https://console.aws.amazon.com/cost-management/home#/anomaly-detection/"), text);
        assertTrue(text.lines().count() < 25, "short enough to read in ten seconds");
        assertEquals(List.of("anomaly:7c2f4e1a-93b5-4d8e-a6f0-1b2c3d4e5f60", forecast.fingerprint(), usage.fingerprint()),
                digest.firing().stream().map(Digest.Entry::fingerprint).toList(), "most severe first; the alarm only folded");
    }

    @Test
    void aHugeGroupStaysFarUnderSnsMessageLimit() {
        String group = "123456789012|Amazon CloudFront";
        List<StoredAlert> alerts = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Alert a = new Alert(Alert.Source.ANOMALY, "anomaly:" + i, "Amazon CloudFront", "123456789012", 10.0 + i, 5.0, "2026-11-19..2026-11-21",
                    Alert.Severity.WARNING, "https://console.aws.amazon.com/cost-management/home#/anomaly-detection/" + "x".repeat(200), i % 2 == 0,
                    "Cost anomaly " + "y".repeat(250), List.of("cause a", "cause b", "cause c", "cause d", "cause e"), Map.of());
            alerts.add(new StoredAlert(group, a, true, i % 2 == 0 ? AlertChange.NEW : AlertChange.RESOLVED, null, 1, NOW, NOW, null, 0, NOW + 1, 1));
        }
        GroupState state = new GroupState(group, Map.of("account", "123456789012", "service", "Amazon CloudFront"),
                new DigestSchedule.Timers(1, 2, 0, false, true), java.util.Set.of(), 1, 0, 1);

        Digest digest = DigestBuilder.build(state, DigestSchedule.Kind.FIRST, alerts, 1, NOW);

        System.out.println("huge group: " + digest.firing().size() + " firing and " + digest.resolved().size() + " resolved listed, " + digest.omitted() + " omitted");
        assertTrue(digest.firing().size() >= 5 && digest.firing().size() <= DigestBuilder.MAX_ENTRIES, digest.firing().size() + " firing listed");
        assertEquals(300, digest.firing().size() + digest.resolved().size() + digest.omitted(), "every alert listed or counted");
        assertTrue(digest.subject().contains("150 firing, 150 new, 150 resolved"), digest.subject());
        assertTrue(digest.firing().get(0).rootCauses().size() <= 3);
        String text = DigestRenderer.text(digest);
        assertTrue(text.contains(" +" + digest.omitted() + " more not listed"), text);
        // the published message carries the text twice (default, email) and the JSON three times (sqs, lambda, https)
        int size = 2 * text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + 3 * Json.write(digest).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(size < 256 * 1024 / 2, size + " bytes");
    }

    /** The README's "far under 256 KB" at its edge: every field as long and as costly to escape as an alert can make it. */
    @Test
    void theWorstDigestAnAlertCanMakeIsPublishedFarUnderSnsLimit() {
        String group = "123456789012|Amazon CloudFront";
        String costly = "\"\\€\u0001".repeat(5_000); // quotes, backslashes, 3-byte and control characters: escaped twice when published
        List<StoredAlert> alerts = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Alert a = new Alert(Alert.Source.ANOMALY, "anomaly:" + i + costly, "Amazon CloudFront", "123456789012", 10.0 + i, 5.0, costly,
                    Alert.Severity.CRITICAL, "https://console.aws.amazon.com/" + costly, i % 3 != 0, costly,
                    List.of(costly, costly, costly, costly), Map.of("raw", costly));
            alerts.add(new StoredAlert(group, a, true, i % 3 != 0 ? AlertChange.NEW : AlertChange.RESOLVED, null, 1, NOW, NOW, null, 0, NOW + 1, 1));
        }
        GroupState state = new GroupState(group, Map.of("account", "123456789012", "service", "Amazon CloudFront"),
                new DigestSchedule.Timers(1, 2, 0, false, true), java.util.Set.of(), 1, 0, 1);

        Digest digest = DigestBuilder.build(state, DigestSchedule.Kind.FIRST, alerts, 1, NOW);
        int published = com.edgeautopilot.costs.notify.SnsNotifier.message(DigestRenderer.notification(digest))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length;

        System.out.println("worst digest: " + published + " bytes published, " + (digest.firing().size() + digest.resolved().size()) + " listed");
        assertTrue(published < 192 * 1024, "far under SNS's 256 KB: " + published + " bytes");
        assertTrue(!digest.firing().isEmpty(), "the most severe alert is still listed");
        assertEquals(1_000, digest.firing().size() + digest.resolved().size() + digest.omitted());
    }
}
