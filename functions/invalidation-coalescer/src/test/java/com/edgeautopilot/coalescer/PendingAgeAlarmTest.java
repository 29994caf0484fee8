package com.edgeautopilot.coalescer;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.TemplateModel;
import com.edgeautopilot.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.edgeautopilot.coalescer.support.CoalescerRig.BUCKET;
import static com.edgeautopilot.coalescer.support.CoalescerRig.DIST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changes stuck behind CloudFront refusals must reach the template's pending-age alarm: the gauge is emitted on every
 * tick while changes are pending (backing off, refused, lease held elsewhere), not only after a successful flush.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class PendingAgeAlarmTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    @Test
    void changesRefusedForOverAnHourBreachTheTemplatesAlarmInEveryPeriod() {
        TemplateModel template = TemplateModel.load(RepoPaths.template());
        String alarm = "CoalescerPendingAgeAlarm";
        String namespace = template.resourcePropertyText(alarm, "Namespace");
        String metric = template.resourcePropertyText(alarm, "MetricName");
        long period = Long.parseLong(template.resourcePropertyText(alarm, "Period"));
        double threshold = Double.parseDouble(template.resourcePropertyText(alarm, "Threshold"));
        int evaluationPeriods = Integer.parseInt(template.resourcePropertyText(alarm, "EvaluationPeriods"));
        assertEquals("Maximum", template.resourcePropertyText(alarm, "Statistic"));
        assertEquals("GreaterThanThreshold", template.resourcePropertyText(alarm, "ComparisonOperator"));
        Map<?, ?> dimension = (Map<?, ?>) ((List<?>) template.resourceProperty(alarm, "Dimensions")).get(0);

        CoalescerRig rig = new CoalescerRig(DB);
        List<String> foreign = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            foreign.add("/other-tool/" + i);
        }
        rig.cloudFront.submit(DIST, "another-tool", foreign); // never completes: every flush is refused
        List<String> foreignWildcards = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            foreignWildcards.add("/other-tool-" + i + "/*");
        }
        rig.cloudFront.submit(DIST, "another-tool-wildcards", foreignWildcards); // no file and no wildcard free
        long start = rig.clock.millis();
        rig.ingest(List.of(S3Events.eventBridge(BUCKET, "a.html", "0A", false)), 0);
        long stuckFor = (long) threshold + (evaluationPeriods + 1) * period;
        while (rig.clock.millis() - start < stuckFor * 1000) {
            rig.clock.advance(Duration.ofMinutes(1)); // the FlushSchedule's rate(1 minute)
            rig.tick();
        }
        assertEquals(1, rig.store.pending(DIST).size(), "still stuck");

        TreeMap<Long, Double> maximumPerPeriod = new TreeMap<>();
        for (Map<String, Object> line : rig.metricLines(namespace, metric)) {
            assertEquals(String.valueOf(dimension.get("Value")), line.get(String.valueOf(dimension.get("Name"))), "dimension the alarm selects");
            long timestamp = ((Number) Json.path(line, "_aws", "Timestamp")).longValue();
            double value = ((Number) line.get(metric)).doubleValue();
            maximumPerPeriod.merge(timestamp / (period * 1000), value, Math::max);
        }
        long firstBreachingPeriod = (start / 1000 + (long) threshold) / period + 1;
        long lastPeriod = rig.clock.millis() / 1000 / period - 1;
        assertTrue(lastPeriod - firstBreachingPeriod + 1 >= evaluationPeriods, "enough simulated time to fire");
        for (long p = firstBreachingPeriod; p <= lastPeriod; p++) {
            Double maximum = maximumPerPeriod.get(p);
            assertTrue(maximum != null && maximum > threshold, "period " + p + " has maximum " + maximum + " (needs > " + threshold + ")");
        }
    }
}
