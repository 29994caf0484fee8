package com.edgeautopilot.costs.handler;

import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.costs.advisor.AdvisorRun;
import com.edgeautopilot.costs.advisor.PriceClassReport;
import com.edgeautopilot.costs.digest.DigestRun;
import com.edgeautopilot.costs.event.CostSignalParser;
import com.edgeautopilot.costs.event.ParsedSignal;
import com.edgeautopilot.costs.intake.AlertIntake;
import com.edgeautopilot.costs.reconcile.UsageReconciler;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The function's use cases behind the handler: take signals in, run digests, report price classes, reconcile usage.
 * Each records its metrics (namespace EdgeAutopilot, dimension Function=cost-alerts).
 */
public final class CostAlerts {

    /** What one signal became. */
    public record SignalOutcome(String id, String result, String source, String fingerprint, String group, String change, String detail) {
    }

    public record IntakeResponse(int received, int failed, List<SignalOutcome> signals) {
    }

    public record DigestResponse(List<DigestRun.Outcome> digests) {
    }

    private final CostSignalParser parser;
    private final AlertIntake intake;
    private final DigestRun digests;
    private final AdvisorRun advisor;
    private final UsageReconciler reconciler;
    private final Clock clock;
    private final Log log;
    private final Supplier<Metrics> metrics;

    public CostAlerts(CostSignalParser parser, AlertIntake intake, DigestRun digests, AdvisorRun advisor, UsageReconciler reconciler,
                      Clock clock, Log log, Supplier<Metrics> metrics) {
        this.parser = parser;
        this.intake = intake;
        this.digests = digests;
        this.advisor = advisor;
        this.reconciler = reconciler;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * Each SNS record alone: a record that cannot be stored (DynamoDB failing) is logged and counted, the others go on,
     * and the response says which failed; the handler then fails the invocation so Lambda retries it (intake is
     * idempotent: a repeated delivery changes nothing) and finally sends it to the on-failure destination.
     */
    public IntakeResponse snsBatch(List<Map<String, Object>> records, String invocationId) {
        List<SignalOutcome> outcomes = new ArrayList<>();
        int failed = 0;
        Log scoped = log.forRequest(invocationId);
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> record = records.get(i);
            Object sns = record.get("Sns");
            String id = sns instanceof Map<?, ?> m && m.get("MessageId") != null ? String.valueOf(m.get("MessageId")) : "record-" + i;
            SignalOutcome outcome = take(id, () -> parser.snsRecord(record), scoped);
            failed += outcome.result().equals("failed") ? 1 : 0;
            outcomes.add(outcome);
        }
        record(outcomes);
        return new IntakeResponse(records.size(), failed, outcomes);
    }

    public IntakeResponse eventBridge(Map<String, Object> event, String invocationId) {
        String id = String.valueOf(event.getOrDefault("id", invocationId));
        SignalOutcome outcome = take(id, () -> parser.eventBridge(event), log.forRequest(invocationId));
        record(List.of(outcome));
        return new IntakeResponse(1, outcome.result().equals("failed") ? 1 : 0, List.of(outcome));
    }

    private SignalOutcome take(String id, Supplier<ParsedSignal> parse, Log scoped) {
        try {
            ParsedSignal parsed = parse.get();
            return switch (parsed) {
                case ParsedSignal.Ignored ignored -> {
                    scoped.info("cost signal ignored", "signalId", id, "reason", ignored.reason());
                    yield new SignalOutcome(id, "ignored", null, null, null, null, ignored.reason());
                }
                case ParsedSignal.Recognised recognised -> {
                    AlertIntake.Outcome o = intake.accept(recognised.alert(), clock.millis());
                    yield new SignalOutcome(id, "recognised", recognised.alert().source().name(), recognised.alert().fingerprint(), o.group(),
                            o.change().name(), o.inhibitedBy() == null ? null : "inhibited by " + o.inhibitedBy());
                }
                case ParsedSignal.Unrecognised unrecognised -> {
                    scoped.warn("unrecognised cost signal kept as an alert", "signalId", id, "reason", unrecognised.reason());
                    AlertIntake.Outcome o = intake.accept(unrecognised.alert(), clock.millis());
                    yield new SignalOutcome(id, "unrecognised", unrecognised.alert().source().name(), unrecognised.alert().fingerprint(),
                            o.group(), o.change().name(), unrecognised.reason());
                }
            };
        } catch (RuntimeException e) {
            scoped.error("cost signal failed; the invocation will fail so Lambda retries it", e, "signalId", id);
            return new SignalOutcome(id, "failed", null, null, null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void record(List<SignalOutcome> outcomes) {
        Metrics m = metrics.get();
        m.put("SignalsReceived", outcomes.size(), Metrics.Unit.Count);
        m.put("SignalsUnrecognised", outcomes.stream().filter(o -> o.result().equals("unrecognised")).count(), Metrics.Unit.Count);
        m.put("SignalsFailed", outcomes.stream().filter(o -> o.result().equals("failed")).count(), Metrics.Unit.Count);
        m.flush();
    }

    public DigestResponse digest(String invocationId) {
        List<DigestRun.Outcome> outcomes = digests.run(invocationId, clock.millis());
        Metrics m = metrics.get();
        List<DigestRun.Outcome> failed = outcomes.stream().filter(o -> o.action().equals("failed")).toList();
        m.put("DigestsSent", outcomes.stream().filter(o -> o.action().equals("sent")).count(), Metrics.Unit.Count);
        m.put("DigestsFailed", failed.size(), Metrics.Unit.Count);
        m.flush();
        Log scoped = log.forRequest(invocationId);
        outcomes.forEach(o -> scoped.info("digest run", "group", o.group(), "action", o.action(), "kind", o.kind(), "sequence", o.sequence(),
                "reason", o.reason()));
        if (!failed.isEmpty()) {
            // the other groups went out; failing the run makes the errors alarm fire, and the next run sends these
            throw new IllegalStateException(failed.size() + " of " + outcomes.size() + " due digests failed and are retried by the next run: "
                    + failed.stream().map(o -> o.group() + " (" + o.reason() + ")").toList());
        }
        return new DigestResponse(outcomes);
    }

    public PriceClassReport priceClassReport(String invocationId) {
        PriceClassReport report = advisor.run(clock.millis());
        costExplorerRequest();
        log.forRequest(invocationId).info("price-class report sent", "period", report.period(), "truncated", report.truncated());
        return report;
    }

    public UsageReconciler.Result reconcile(String invocationId) {
        UsageReconciler.Result result = reconciler.run(clock.millis());
        costExplorerRequest();
        log.forRequest(invocationId).info("account-wide invalidation paths handed to the coalescer", "month", result.month(),
                "accountPaths", result.accountPaths());
        return result;
    }

    private void costExplorerRequest() {
        Metrics m = metrics.get();
        m.put("CostExplorerRequests", 1, Metrics.Unit.Count);
        m.flush();
    }
}
