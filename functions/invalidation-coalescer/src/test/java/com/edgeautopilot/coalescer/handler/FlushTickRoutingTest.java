package com.edgeautopilot.coalescer.handler;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.TemplateModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduled events are told apart by their rule: the flush tick flushes, a digest tick is never taken for one. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class FlushTickRoutingTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    @Test
    void theFlushScheduleFlushesAndAnotherScheduleIsRefused() {
        CoalescerRig rig = new CoalescerRig(DB);
        Map<String, Object> flushed = rig.invoke(RepoPaths.event("schedule/coalescer-flush.json"));
        assertEquals("IDLE", ((Map<?, ?>) ((List<?>) flushed.get("flushes")).get(0)).get("decision"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> rig.invoke(RepoPaths.event("schedule/cost-digest.json")));
        assertTrue(refused.getMessage().contains("not the coalescer's flush tick"), refused.getMessage());
        assertTrue(rig.metricLines("EdgeAutopilot", "OldestPendingAgeSeconds").isEmpty());
    }

    @Test
    void theTemplatesScheduleInputIsAFlushTickAndAnUnnamedGeneratedRuleIsNot() {
        String input = TemplateModel.load(RepoPaths.template())
                .resourcePropertyText("InvalidationCoalescerFunction", "Events", "FlushTick", "Properties", "Input");
        Map<String, Object> flushed = new CoalescerRig(DB).invoke(input);
        assertEquals(1, ((List<?>) flushed.get("flushes")).size(), "the template's constant input flushes");
        String generated = "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"123456789012\",\"time\":\"2026-11-21T10:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/edge-autopilot-CostAlertsFunctionDigestTick-1X2Y3Z\"],\"detail\":{}}";
        assertThrows(IllegalArgumentException.class, () -> new CoalescerRig(DB).invoke(generated), "another function's rule");
    }
}
