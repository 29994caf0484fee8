package com.edgeautopilot.costs;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.costs.handler.CostAlertsHandler;
import com.edgeautopilot.costs.handler.CostAlertsWiring;
import com.edgeautopilot.costs.support.CostSignals;
import com.edgeautopilot.costs.support.TestFunction;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.fuzz.EventMutator;
import com.edgeautopilot.testbed.fuzz.FuzzTally;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input through cost alerts (issue 13, item 4): thousands of seeded mutations of the repository's cost signals
 * (SNS: budgets, anomalies, billing alarms, the coalescer's usage signal; EventBridge: anomalies, billing alarms), of
 * the envelope and of the SNS message inside it. Every invocation answers (a signal no parser knows is kept as an
 * "unrecognised" alert with a WARN line, so the digest shows it) or fails clearly (an unsupported event, or a signal
 * DynamoDB could not store: Lambda retries it, then the on-failure destination keeps it). A parser never crashes on
 * bad input, and valid signals delivered beside the bad ones are recognised.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CostAlertsFuzzTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CostAlertsTable", "CoalescerTable").freshTablesForEachTest();

    private static final long SEED = 1_300_004L;
    private static final List<String> SNS = List.of("budgets/sns-actual.json", "budgets/sns-forecasted.json", "cost-anomaly/sns-anomaly.json",
            "billing-alarm/sns-alarm.json", "billing-alarm/sns-ok.json", "invalidation-usage/sns-usage-threshold.json");
    private static final List<String> EVENTBRIDGE = List.of("cost-anomaly/eventbridge-anomaly-detected.json", "billing-alarm/eventbridge-alarm.json");
    /** "ClassName: message" of a signal that could not be stored; only DynamoDB's refusals are a storage failure. */
    private static final Pattern FAILED = Pattern.compile("(?:\\[|, )[\\w-]+ \\((\\w+): ");

    private final ControllableClock clock = new ControllableClock(Instant.parse("2026-11-21T14:00:00Z"));

    @Test
    void badCostSignalsAreKeptOrRefusedClearlyAndValidOnesBesideThemAreRecognised() {
        LocalAws aws = LocalAws.configure(DB.server(), null);
        CostAlertsHandler handler = new CostAlertsHandler(CostAlertsWiring.wire(TestFunction.config(TestFunction.environment(DB,
                "arn:aws:sns:us-east-1:123456789012:unused")), aws.clients(), clock, TestFunction.quietLog()));
        EventMutator mutator = new EventMutator(SEED);
        Random insideOrOut = new Random(SEED);
        FuzzTally sns = new FuzzTally("cost alerts SNS");
        FuzzTally eventBridge = new FuzzTally("cost alerts EventBridge");
        List<String> validOutcomes = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            String sample = sample(SNS.get(i % SNS.size()));
            invoke(handler, insideOrOut.nextBoolean() ? mutator.next(sample) : insideMessage(mutator, sample), sns);
            if (i % 4 == 0) {
                invoke(handler, mutator.next(sample(EVENTBRIDGE.get(i % EVENTBRIDGE.size()))), eventBridge);
            }
            if (i % 100 == 0) {
                validOutcomes.addAll(results(handler, withMessageId(sample(SNS.get((i / 100) % SNS.size())), "valid-" + i)));
            }
        }
        sns.validProcessed((int) validOutcomes.stream().filter("recognised"::equals).count());
        System.out.println(sns.summary() + "\n" + eventBridge.summary());
        assertEquals(List.of(), sns.broken());
        assertEquals(List.of(), eventBridge.broken());
        assertEquals(20, validOutcomes.size());
        assertTrue(validOutcomes.stream().allMatch("recognised"::equals), "valid signals beside the bad ones: " + validOutcomes);
        assertTrue(sns.outcome("kept as unrecognised") > 100, "the unrecognised ones reach the digest: " + sns.summary());
    }

    /**
     * Regression case found by the run above (HUGE_STRING, seed -9093047174771095685): a signal whose grouping label is
     * over 2,048 bytes could never be stored ("Hash primary key values must be under 2048 bytes"), so every delivery
     * failed until the dead-letter queue and the signal never reached a digest.
     */
    @Test
    void aSignalWithAHugeGroupingLabelIsStoredLikeAnyOther() {
        LocalAws aws = LocalAws.configure(DB.server(), null);
        CostAlertsHandler handler = new CostAlertsHandler(CostAlertsWiring.wire(TestFunction.config(TestFunction.environment(DB,
                "arn:aws:sns:us-east-1:123456789012:unused")), aws.clients(), clock, TestFunction.quietLog()));
        String service = "Amazon CloudFront " + "x".repeat(3_000);
        assertEquals(List.of("recognised"), results(handler, Json.write(CostSignals.anomalySns("huge-1", "123456789012", service, 50, "m-1"))));
        assertEquals(List.of("recognised"), results(handler, Json.write(CostSignals.anomalySns("huge-2", "123456789012", service, 60, "m-2"))));
    }

    /** The sample's SNS message mutated (when it is JSON), put back in its envelope. */
    private static EventMutator.Mutation insideMessage(EventMutator mutator, String sample) {
        Map<String, Object> event = Json.parseObject(sample);
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) Json.list(event, "Records").get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> envelope = (Map<String, Object>) record.get("Sns");
        String message = String.valueOf(envelope.get("Message"));
        if (!message.startsWith("{")) {
            return mutator.next(sample);
        }
        EventMutator.Mutation inner = mutator.next(message);
        envelope.put("Message", inner.text());
        return new EventMutator.Mutation(inner.kind(), inner.seed(), Json.write(event));
    }

    private void invoke(CostAlertsHandler handler, EventMutator.Mutation mutation, FuzzTally tally) {
        clock.advance(Duration.ofSeconds(1));
        try {
            List<String> results = results(handler, mutation.text());
            tally.count(mutation, results.contains("unrecognised") ? "kept as unrecognised" : results.isEmpty() ? "answered" : String.join("+", results));
        } catch (IllegalArgumentException unsupported) {
            tally.count(mutation, "refused as unsupported (retried, then the DLQ)");
        } catch (IllegalStateException notStored) {
            Matcher failure = FAILED.matcher(notStored.getMessage());
            while (failure.find()) {
                if (!failure.group(1).endsWith("DynamoDbException") && !failure.group(1).equals("ValidationException")) {
                    tally.broke(mutation, "a bad signal crashed its parser instead of coming back unrecognised: " + notStored.getMessage());
                    return;
                }
            }
            tally.count(mutation, "not storable (retried, then the DLQ)");
        } catch (RuntimeException | StackOverflowError e) {
            tally.broke(mutation, e.toString());
        }
    }

    /** The result of each signal in one invocation ("recognised", "unrecognised", "ignored"). */
    private static List<String> results(CostAlertsHandler handler, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> response = Json.parseObject(out.toString(StandardCharsets.UTF_8));
        List<String> results = new ArrayList<>();
        if (response.get("signals") instanceof List<?> signals) {
            signals.forEach(s -> results.add(String.valueOf(((Map<?, ?>) s).get("result"))));
        }
        return results;
    }

    private static String withMessageId(String sample, String id) {
        Map<String, Object> event = Json.parseObject(sample);
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) Json.list(event, "Records").get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> envelope = (Map<String, Object>) record.get("Sns");
        envelope.put("MessageId", id);
        return Json.write(event);
    }

    private static String sample(String path) {
        return Json.write(Json.parseObject(RepoPaths.event(path)));
    }
}
