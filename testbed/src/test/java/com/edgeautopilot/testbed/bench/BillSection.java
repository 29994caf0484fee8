package com.edgeautopilot.testbed.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The "own AWS bill" part of {@code bench/RESULTS.md}: the coalescer's month, the other functions' at a stated rate, invalidation spend. */
final class BillSection {

    /** The rows of bench/functions.txt the coalescer's bill reads its warm and cold times from. */
    static final String INGEST = "coalescer-ingest";
    static final String INGEST_10 = "coalescer-ingest-10";
    static final String FLUSH = "coalescer-flush";

    private BillSection() {
    }

    static String render(Path root, BenchMain.Measurements m, OwnBill.DynamoUnits dynamoUnits, Path plannerMd) throws IOException {
        Prices prices = Prices.load(root.resolve("bench/prices.md"));
        OwnBill.Assumptions a = OwnBill.Assumptions.standard();
        BenchTable.Function ingest = m.table().functions().stream().filter(f -> f.name().equals(INGEST)).findFirst().orElseThrow();
        OwnBill.Measured measured = new OwnBill.Measured(warmMedian(m, INGEST), warmMedian(m, INGEST_10), warmMedian(m, FLUSH),
                Samples.of(ResultsReport.totals(m.cold().get(INGEST))).median(), ingest.memoryMb(), dynamoUnits);
        List<OwnBill.Line> lines = OwnBill.coalescer(a, measured, prices, OwnBill.Delivery.EVENTBRIDGE);

        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n## The system's own AWS bill%n%n"
                        + "The coalescer at %s S3 changes a month over %d distributions, at the list prices of [prices.md](prices.md) "
                        + "(us-east-1), from the counts measured above (warm ms of a 1-record and a 10-record ingest, a tick, cold start) and the "
                        + "DynamoDB capacity units measured on the coalescer benchmark's day ([COALESCER.md](COALESCER.md): one distribution at this "
                        + "rate for a day, ReturnConsumedCapacity on every call, the steady state of its last 24 flushes (2 hours), with 22 to 24 hours of "
                        + "flushed items behind it; a rejected conditional write counted as the documented 1 WCU). DynamoDB is priced by those "
                        + "units, not by requests: a Query consumes the size of every item it reads, before its filter. Assumptions: changes arrive evenly over "
                        + "the month and the distributions, the worst case for batching: one ingest invocation per %.0f s batching window "
                        + "(%.2f records each), and a distribution's changes never go quiet for %.0f s, so each flushes at every %.0f s max delay; "
                        + "a flush tick a minute, %s cold starts a month (one an hour, billed at the measured cold-start time), "
                        + "Lambda's SQS pollers long-poll an idle queue (%d pollers, %.0f s). The warm times are on loopback stand-ins: "
                        + "DynamoDB's own latency in AWS adds to them. Target: < $2 a month.%n%n",
                OwnBill.count(a.changesPerMonth()), a.distributions(), a.batchingWindowSeconds(), a.recordsPerInvocation(),
                a.quietPeriodSeconds(), a.maxDelaySeconds(), OwnBill.count(a.coldStartsPerMonth()), a.idleSqsPollers(), a.sqsLongPollSeconds()))
                .append("| service | quantity a month | list price | with always-free tiers | basis |\n|---|---:|---:|---:|---|\n");
        for (OwnBill.Line line : lines) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", line.service(), line.quantity(), usd(line.usd()),
                    usd(line.usdAfterFreeTier()), line.basis()));
        }
        md.append(String.format(Locale.ROOT, "| **total** | | **%s** | **%s** | |%n", usd(OwnBill.total(lines, false)), usd(OwnBill.total(lines, true))));

        OwnBill.Assumptions slower = a.withWindows(60, 900);
        md.append("\nBy delivery (template parameter `ChangeDelivery`) and by how long changes may wait (`IngestBatchingWindowSeconds`, "
                        + "`MaxDelaySeconds`), same counts and prices. The last two columns break out the two largest parts of the list price: "
                        + "delivering the events (SQS requests: sends, receives and the pollers' idle long polls; with EventBridge delivery "
                        + "also the S3 events themselves) and the object item each change writes twice (recorded, then cleared by the flush "
                        + "that invalidated it):\n\n"
                        + "| delivery | batching window / max delay | list price | with always-free tiers | of it: delivery (SQS, EventBridge) "
                        + "| of it: object items (record + clear) |\n|---|---|---:|---:|---:|---:|\n");
        double objectItemsUsd = OwnBill.objectItemWriteUnits(a, dynamoUnits) / 1e6 * prices.of("dynamodb.write");
        for (OwnBill.Delivery delivery : OwnBill.Delivery.values()) {
            for (OwnBill.Assumptions option : List.of(a, slower)) {
                List<OwnBill.Line> bill = OwnBill.coalescer(option, measured, prices, delivery);
                double deliveryUsd = bill.stream().filter(line -> line.service().equals("SQS requests") || line.service().equals("EventBridge"))
                        .mapToDouble(OwnBill.Line::usd).sum();
                md.append(String.format(Locale.ROOT, "| %s | %.0f s / %.0f s%s | %s | %s | %s | %s |%n", delivery.description,
                        option.batchingWindowSeconds(), option.maxDelaySeconds(), option == a ? " (defaults)" : "",
                        usd(OwnBill.total(bill, false)), usd(OwnBill.total(bill, true)), usd(deliveryUsd), usd(objectItemsUsd)));
            }
        }

        md.append(otherFunctions(m, prices));

        Map<String, UpstreamReports.Trace> traces = UpstreamReports.traces(plannerMd);
        md.append(String.format(Locale.ROOT, "%n### Invalidation spend saved%n%n"
                + "CloudFront invalidation spend for %s changes a month if all of them looked like one of the planner benchmark's traces "
                + "(paths per changed key with no free paths left, from [PLANNER.md](PLANNER.md); then the account's 1,000 free paths a month taken off), "
                + "this planner with an inventory against one path per changed object.%n%n"
                + "| trace | paths per change: planner / one per object | planner | one path per object | saved a month |%n|---|---:|---:|---:|---:|%n",
                OwnBill.count(a.changesPerMonth())));
        for (UpstreamReports.Trace trace : traces.values()) {
            double plannerPerKey = trace.plannerPaths() / trace.keys();
            double perObjectPerKey = trace.perObjectPaths() / trace.keys();
            double planner = OwnBill.invalidationUsd(plannerPerKey, a.changesPerMonth(), 1000, prices);
            double perObject = OwnBill.invalidationUsd(perObjectPerKey, a.changesPerMonth(), 1000, prices);
            md.append(String.format(Locale.ROOT, "| %s | %.4f / %.3f | %s | %s | %s |%n", trace.name(), plannerPerKey, perObjectPerKey,
                    usd(planner), usd(perObject), usd(perObject - planner)));
        }
        return md.toString();
    }

    /** The rows of bench/functions.txt origin failover's and the cost digests' bills read. */
    static final String FAILOVER_ALARM = "failover-alarm";
    static final String FAILOVER_TICK = "failover-tick";
    static final String COST_SIGNAL = "cost-signal";
    static final String COST_TICK = "cost-digest-tick";

    private static String otherFunctions(BenchMain.Measurements m, Prices prices) {
        OtherFunctionsBill.FailoverMonth failover = OtherFunctionsBill.FailoverMonth.standard();
        OtherFunctionsBill.CostMonth costs = OtherFunctionsBill.CostMonth.standard();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%nOrigin failover and the cost digests, at a stated rate, from their warm time, AWS calls and DynamoDB capacity units "
                        + "per invocation measured above (the warm loop repeats one delivery, so after its first call the alarm is a repeated "
                        + "transition: the switch itself, its UpdateDistribution and its notice, happens once per transition and is priced per "
                        + "transition). Origin failover: %d protected distributions, %.0f outages each a month (an ALARM and an OK transition each), "
                        + "every transition delivered by %d inputs (EventBridge rule and SNS), the follow-up tick a minute. Cost digests: %s cost "
                        + "signals a month, a daily digest, the tick a minute. Both: %s cold starts a month. List prices; the always-free tiers "
                        + "are per account and already used by the coalescer's table.%n%n"
                        + "| function | service | quantity a month | list price | basis |%n|---|---|---:|---:|---|%n",
                failover.distributions(), failover.outagesPerDistribution(), failover.deliveriesPerTransition(), OwnBill.count(costs.signals()),
                OwnBill.count(failover.coldStarts())));
        List<OwnBill.Line> failoverLines = OtherFunctionsBill.failover(failover, warm(m, FAILOVER_ALARM), warm(m, FAILOVER_TICK),
                coldMedian(m, FAILOVER_ALARM), memory(m, FAILOVER_ALARM), prices);
        List<OwnBill.Line> costLines = OtherFunctionsBill.costAlerts(costs, warm(m, COST_SIGNAL), warm(m, COST_TICK),
                coldMedian(m, COST_SIGNAL), memory(m, COST_SIGNAL), prices);
        for (var bill : List.of(Map.entry("origin-failover", failoverLines), Map.entry("cost-alerts", costLines))) {
            for (OwnBill.Line line : bill.getValue()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", bill.getKey(), line.service(), line.quantity(), usd(line.usd()), line.basis()));
            }
            md.append(String.format(Locale.ROOT, "| %s | **total** | | **%s** | |%n", bill.getKey(), usd(OwnBill.total(bill.getValue(), false))));
        }
        return md.toString();
    }

    private static OtherFunctionsBill.Warm warm(BenchMain.Measurements m, String name) {
        WarmLoop.Result warm = m.warm().get(name);
        if (warm == null) {
            throw new IllegalStateException("bench/functions.txt has no row '" + name + "' (the own bill reads its warm time)");
        }
        return new OtherFunctionsBill.Warm(warm);
    }

    private static double coldMedian(BenchMain.Measurements m, String name) {
        return Samples.of(ResultsReport.totals(m.cold().get(name))).median();
    }

    private static int memory(BenchMain.Measurements m, String name) {
        return m.table().functions().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().memoryMb();
    }

    private static double warmMedian(BenchMain.Measurements m, String name) {
        WarmLoop.Result warm = m.warm().get(name);
        return warm == null ? Double.NaN : warm.millis().median();
    }

    static String usd(double value) {
        if (Double.isNaN(value)) {
            return "not measured";
        }
        return value >= 100 ? String.format(Locale.ROOT, "$%,.0f", value) : String.format(Locale.ROOT, "$%.2f", value);
    }
}
