package com.edgeautopilot.coalescer.operations;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.handler.Coalescer;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.coalescer.support.StrictCloudFront;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.OperationsContract;
import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.TemplateModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The template's alarms on the coalescer's own metrics read together with the EMF lines the coalescer prints
 * (DynamoDB Local, strict CloudFront double), in the failure each alarm is meant to catch, so namespace, metric,
 * dimensions, statistic and threshold cannot drift from the code. AWS-published metrics: RepoTemplateOperationsTest.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CoalescerAlarmContractTest {

    private static final String BUCKET = "example-site-bucket";
    private static final String DIST = "E2QWRUHAPOMQZL";
    private static final Map<String, String> DIMENSIONS = Map.of("Function", "invalidation-coalescer");

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private final TemplateModel template = TemplateModel.load(RepoPaths.template());
    private CoalescerRig rig;
    private ControllableClock clock;
    private StrictCloudFront cloudFront;
    private Coalescer coalescer;
    private int nextMessageId;

    @BeforeEach
    void wire() {
        rig = new CoalescerRig(DB);
        clock = rig.clock;
        cloudFront = rig.cloudFront;
        coalescer = rig.coalescer;
    }

    @Test
    void refusalsAlarmFiresWhileCloudFrontKeepsRefusingAndStaysQuietWhenItAccepts() {
        OperationsContract.Alarm alarm = alarm("InvalidationRefusalsAlarm");
        List<OperationsContract.EmfDatum> accepted = emitted(() -> {
            change("a.html");
            ticks(Duration.ofMinutes(30));
        });
        assertFalse(alarm.firesOn(accepted), "no refusal, no alarm");

        cloudFront.throttleNext(Integer.MAX_VALUE);
        List<OperationsContract.EmfDatum> refused = emitted(() -> {
            change("b.html");
            ticks(Duration.ofMinutes(60));
        });
        assertTrue(refused.stream().anyMatch(d -> d.name().equals("InvalidationRefusals") && d.dimensions().equals(DIMENSIONS)),
                "the refusal metric is emitted with the alarm's dimensions: " + names(refused));
        assertTrue(alarm.firesOn(refused), "an hour of refusals puts " + alarm.logicalId() + " in ALARM: " + times(refused, "InvalidationRefusals"));
    }

    @Test
    void pendingAgeAlarmWatchesTheGaugeTheCoalescerEmitsWithTheAgeOfStuckChanges() {
        // the gauge is emitted on every tick (also while refused or backing off), so the alarm fires during the outage
        OperationsContract.Alarm alarm = alarm("CoalescerPendingAgeAlarm");
        cloudFront.throttleNext(Integer.MAX_VALUE);
        List<OperationsContract.EmfDatum> stuck = emitted(() -> {
            change("stuck.html");
            ticks(Duration.ofMinutes(80));
        });
        assertTrue(alarm.firesOn(stuck), "a change refused for over an hour puts " + alarm.logicalId() + " in ALARM");
        List<OperationsContract.EmfDatum> data = new java.util.ArrayList<>(stuck);
        data.addAll(emitted(() -> {
            cloudFront.throttleNext(0);
            ticks(Duration.ofMinutes(30));
        }));
        List<OperationsContract.EmfDatum> ages = data.stream()
                .filter(d -> d.namespace().equals(alarm.metric().namespace()) && d.name().equals(alarm.metric().name()))
                .toList();
        assertFalse(ages.isEmpty(), "the coalescer emits " + alarm.metric().name() + ": " + names(data));
        assertTrue(ages.stream().allMatch(d -> d.dimensions().equals(alarm.metric().dimensions())), ages.toString());
        assertTrue(ages.stream().anyMatch(d -> alarm.breachedBy(d.value())), "a change stuck over an hour breaches the threshold: " + ages);
    }

    @Test
    void everyAlarmAndDashboardMetricInTheCoalescersNamespaceIsOneItEmits() {
        List<OperationsContract.EmfDatum> data = emitted(() -> {
            change("a.html");
            ticks(Duration.ofMinutes(10));
            cloudFront.throttleNext(1);
            change("b.html");
            ticks(Duration.ofMinutes(10));
        });
        Set<String> emitted = data.stream().filter(d -> d.dimensions().equals(DIMENSIONS)).map(d -> d.namespace() + " " + d.name())
                .collect(Collectors.toCollection(TreeSet::new));
        // emitted only in the failure it counts, shown by its own scenario: FlushHardeningTest (reference conflict)
        emitted.add("EdgeAutopilot CallerReferenceConflicts");
        for (OperationsContract.Alarm alarm : OperationsContract.alarms(template)) {
            if (alarm.metric().dimensions().equals(DIMENSIONS)) {
                assertTrue(emitted.contains(alarm.metric().namespace() + " " + alarm.metric().name()), alarm.logicalId() + " watches what is not emitted: " + emitted);
            }
        }
        for (OperationsContract.Metric metric : OperationsContract.dashboardMetrics(template, "OperationsDashboard")) {
            if (metric.dimensions().equals(DIMENSIONS)) {
                assertTrue(emitted.contains(metric.namespace() + " " + metric.name()), "dashboard shows what is not emitted: " + metric + " " + emitted);
            }
        }
    }

    private OperationsContract.Alarm alarm(String logicalId) {
        OperationsContract.Alarm alarm = OperationsContract.alarms(template).stream().filter(a -> a.logicalId().equals(logicalId)).findFirst().orElseThrow();
        assertEquals(DIMENSIONS, alarm.metric().dimensions(), logicalId);
        return alarm;
    }

    private void change(String key) {
        String event = S3Events.sqsBatch(List.of(S3Events.eventBridge(BUCKET, key, String.format("%02X", 16 + nextMessageId), false)), nextMessageId);
        nextMessageId++;
        rig.invoke(event);
    }

    /** The flush schedule's ticks, one a minute, for this long. */
    private void ticks(Duration duration) {
        for (long minute = 0; minute < duration.toMinutes(); minute++) {
            clock.advance(Duration.ofMinutes(1));
            cloudFront.completeAll();
            coalescer.flusher().flush(DIST, "tick", false);
        }
    }

    /** The EMF data the coalescer prints (to stdout in Lambda, where the runtime sends it to CloudWatch Logs) while this runs. */
    private List<OperationsContract.EmfDatum> emitted(Runnable scenario) {
        int from = rig.printed().length();
        scenario.run();
        return OperationsContract.emf(rig.printed().substring(from));
    }

    private static Set<String> names(List<OperationsContract.EmfDatum> data) {
        return data.stream().map(OperationsContract.EmfDatum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Long> times(List<OperationsContract.EmfDatum> data, String name) {
        long start = data.isEmpty() ? 0 : data.get(0).timestampMillis();
        return data.stream().filter(d -> d.name().equals(name)).map(d -> (d.timestampMillis() - start) / 60_000).toList();
    }
}
