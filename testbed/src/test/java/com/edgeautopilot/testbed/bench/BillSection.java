package com.edgeautopilot.testbed.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The "own AWS bill" part of {@code bench/RESULTS.md}: the coalescer's month, the other functions as formulas, invalidation spend. */
final class BillSection {

    /** The rows of bench/functions.txt the coalescer's bill reads its warm and cold times from. */
    static final String INGEST = "coalescer-ingest";
    static final String INGEST_10 = "coalescer-ingest-10";
    static final String FLUSH = "coalescer-flush";

    private BillSection() {
    }

    static String render(Path root, BenchMain.Measurements m, UpstreamReports.Burst burst, Path plannerMd) throws IOException {
        Prices prices = Prices.load(root.resolve("bench/prices.md"));
        OwnBill.Assumptions a = OwnBill.Assumptions.standard();
        BenchTable.Function ingest = m.table().functions().stream().filter(f -> f.name().equals(INGEST)).findFirst().orElseThrow();
        OwnBill.Measured measured = new OwnBill.Measured(warmMedian(m, INGEST), warmMedian(m, INGEST_10), warmMedian(m, FLUSH),
                Samples.of(ResultsReport.totals(m.cold().get(INGEST))).median(), ingest.memoryMb(), burst.objectWritesPerObject(),
                burst.writeUnitsPerFlush(), burst.readsPerFlush());
        List<OwnBill.Line> lines = OwnBill.coalescer(a, measured, prices, OwnBill.Delivery.EVENTBRIDGE);

        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n## The system's own AWS bill%n%n"
                        + "The coalescer at %s S3 changes a month over %d distributions, at the list prices of [prices.md](prices.md) "
                        + "(us-east-1), from the counts measured above (warm ms of a 1-record and a 10-record ingest, a tick, cold start) and on the "
                        + "burst benchmark (DynamoDB writes per changed object; write units and reads per flush on its trickle). Assumptions: changes arrive evenly over "
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
                        + "`MaxDelaySeconds`), same counts and prices:\n\n| delivery | batching window / max delay | list price | with always-free tiers |\n|---|---|---:|---:|\n");
        for (OwnBill.Delivery delivery : OwnBill.Delivery.values()) {
            for (OwnBill.Assumptions option : List.of(a, slower)) {
                List<OwnBill.Line> bill = OwnBill.coalescer(option, measured, prices, delivery);
                md.append(String.format(Locale.ROOT, "| %s | %.0f s / %.0f s%s | %s | %s |%n", delivery.description, option.batchingWindowSeconds(),
                        option.maxDelaySeconds(), option == a ? " (defaults)" : "", usd(OwnBill.total(bill, false)), usd(OwnBill.total(bill, true))));
            }
        }

        md.append("\nThe other functions, as formulas until they are in `bench/functions.txt` (then their warm ms and counts replace the symbols):\n\n")
                .append("| function | month | formula at list price |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| origin-failover | N alarm transitions, s shapes each (SNS, EventBridge, alarm action) | "
                                + "N·s × ($%.2f/1M requests + 1 GB × t_warm s × $%.10f/GB-s + w writes × $%.3f/1M + r reads × $%.3f/1M) + N × $%.2f/1M SNS publishes "
                                + "(CloudFront Get/UpdateDistribution calls are free) |%n",
                        prices.of("lambda.request"), prices.of("lambda.arm64.gbs"), prices.of("dynamodb.write"), prices.of("dynamodb.read"), prices.of("sns.publish")))
                .append(String.format(Locale.ROOT, "| cost-alerts | M alerts, D digests | (M + D) × ($%.2f/1M + 1 GB × t_warm s × $%.10f/GB-s + w × $%.3f/1M) "
                                + "+ D × c Cost Explorer requests × $%.2f + D × $%.2f/1M SNS publishes (+ $%.2f/100k e-mails) |%n",
                        prices.of("lambda.request"), prices.of("lambda.arm64.gbs"), prices.of("dynamodb.write"), prices.of("ce.request"),
                        prices.of("sns.publish"), prices.of("sns.email")));

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
