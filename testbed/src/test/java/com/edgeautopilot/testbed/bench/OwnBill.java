package com.edgeautopilot.testbed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The system's own monthly AWS bill for the coalescer at a given rate of S3 changes, from counts the benchmarks
 * measured (warm duration per invocation, DynamoDB requests per S3 event on the burst) and the assumptions in
 * {@link Assumptions}, at the list prices of {@code bench/prices.md}. Pure arithmetic: every input is a parameter.
 */
final class OwnBill {

    static final double MONTH_SECONDS = 30 * 86_400;

    /** What the month looks like; every value is printed beside the bill. */
    record Assumptions(double changesPerMonth, int distributions, double batchingWindowSeconds, double flushTicksPerMonth,
                       int idleSqsPollers, double sqsLongPollSeconds, double coldStartsPerMonth, double readsPerTickPerDistribution,
                       double usageSignalsPerMonth) {

        static Assumptions standard() {
            return new Assumptions(1_000_000, 10, 10, MONTH_SECONDS / 60, 5, 20, 30 * 24, 1, 20);
        }

        /**
         * Ingest invocations: changes arriving evenly (the worst case for batching) give one invocation per batching
         * window, never more than one per change.
         */
        double ingestInvocations() {
            return Math.min(changesPerMonth, MONTH_SECONDS / batchingWindowSeconds);
        }
    }

    /** Measured inputs. NaN for a count that was not measured makes its line "not measured". */
    record Measured(double warmIngestMsPerEvent, double warmFlushMsPerTick, double coldStartMs, int memoryMb,
                    double dynamoWritesPerEvent, double dynamoReadsPerEvent) {
    }

    /** One line of the bill: {@code usd} at list price, {@code usdAfterFreeTier} with the always-free tiers. */
    record Line(String service, String quantity, double usd, double usdAfterFreeTier, String basis) {
    }

    private OwnBill() {
    }

    static List<Line> coalescer(Assumptions a, Measured m, Prices p) {
        List<Line> lines = new ArrayList<>();
        double invocations = a.ingestInvocations() + a.flushTicksPerMonth();
        double requestUsd = invocations / 1e6 * p.of("lambda.request");
        lines.add(new Line("Lambda requests", count(invocations), requestUsd, Math.max(0, invocations - 1e6) / 1e6 * p.of("lambda.request"),
                String.format(Locale.ROOT, "%s ingest invocations (one per %.0f s batching window at most) + %s flush ticks",
                        count(a.ingestInvocations()), a.batchingWindowSeconds(), count(a.flushTicksPerMonth()))));
        double gb = m.memoryMb() / 1024.0;
        double seconds = (a.changesPerMonth() * m.warmIngestMsPerEvent() + a.flushTicksPerMonth() * m.warmFlushMsPerTick()
                + a.coldStartsPerMonth() * m.coldStartMs()) / 1000;
        double gbs = seconds * gb;
        lines.add(new Line("Lambda duration (arm64)", count(gbs) + " GB-s", gbs * p.of("lambda.arm64.gbs"),
                Math.max(0, gbs - 400_000) * p.of("lambda.arm64.gbs"),
                String.format(Locale.ROOT, "%.0f MB × (changes × %.2f ms warm per 1-record batch + ticks × %.2f ms + %s cold starts × %.0f ms)",
                        (double) m.memoryMb(), m.warmIngestMsPerEvent(), m.warmFlushMsPerTick(), count(a.coldStartsPerMonth()), m.coldStartMs())));
        double writes = a.changesPerMonth() * m.dynamoWritesPerEvent();
        lines.add(new Line("DynamoDB writes", count(writes) + " WRU", writes / 1e6 * p.of("dynamodb.write"), writes / 1e6 * p.of("dynamodb.write"),
                String.format(Locale.ROOT, "%.2f write requests per S3 event (burst benchmark)", m.dynamoWritesPerEvent())));
        double tickReads = a.flushTicksPerMonth() * a.distributions() * a.readsPerTickPerDistribution();
        double reads = a.changesPerMonth() * m.dynamoReadsPerEvent() + tickReads;
        lines.add(new Line("DynamoDB reads", count(reads) + " RRU", reads / 1e6 * p.of("dynamodb.read"), reads / 1e6 * p.of("dynamodb.read"),
                String.format(Locale.ROOT, "%.3f read requests per S3 event (burst benchmark) + %s on idle ticks (%.0f per distribution per tick, assumed)",
                        m.dynamoReadsPerEvent(), count(tickReads), a.readsPerTickPerDistribution())));
        double sends = a.changesPerMonth();
        double receiveAndDelete = 2 * Math.max(a.ingestInvocations(), a.changesPerMonth() / 10);
        double idlePolls = a.idleSqsPollers() * MONTH_SECONDS / a.sqsLongPollSeconds();
        double sqs = sends + receiveAndDelete + idlePolls;
        lines.add(new Line("SQS requests", count(sqs), sqs / 1e6 * p.of("sqs.request"), Math.max(0, sqs - 1e6) / 1e6 * p.of("sqs.request"),
                String.format(Locale.ROOT, "%s SendMessage (EventBridge) + %s ReceiveMessage/DeleteMessageBatch (≤ 10 messages each) + %s idle long polls (%d pollers, %.0f s)",
                        count(sends), count(receiveAndDelete), count(idlePolls), a.idleSqsPollers(), a.sqsLongPollSeconds())));
        double s3Events = a.changesPerMonth();
        lines.add(new Line("EventBridge", count(s3Events) + " S3 events + " + count(a.flushTicksPerMonth()) + " schedule",
                s3Events / 1e6 * p.of("eventbridge.optin") + a.flushTicksPerMonth() / 1e6 * p.of("eventbridge.schedule"),
                s3Events / 1e6 * p.of("eventbridge.optin") + a.flushTicksPerMonth() / 1e6 * p.of("eventbridge.schedule"),
                "S3 object events are opt-in data events; S3 notifications straight to SQS (also supported) would make this $0"));
        lines.add(new Line("SNS", count(a.usageSignalsPerMonth()) + " publishes", a.usageSignalsPerMonth() / 1e6 * p.of("sns.publish"), 0,
                "usage signals at the alert thresholds (assumed at most 2 per distribution a month)"));
        return lines;
    }

    static double total(List<Line> lines, boolean afterFreeTier) {
        return lines.stream().mapToDouble(l -> afterFreeTier ? l.usdAfterFreeTier() : l.usd()).sum();
    }

    /** Invalidation spend for {@code changes} S3 changes if they all looked like the trace: paid paths beyond the free ones. */
    static double invalidationUsd(double pathsPerChange, double changes, double freePaths, Prices p) {
        return Math.max(0, pathsPerChange * changes - freePaths) * p.of("cloudfront.path");
    }

    static String count(double value) {
        if (Double.isNaN(value)) {
            return "not measured";
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
