package com.edgeautopilot.testbed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The system's own monthly AWS bill for the coalescer at a given rate of S3 changes, from counts the benchmarks
 * measured (warm duration of a 1-record and a 10-record ingest, DynamoDB capacity units per changed object, marker, flush) and
 * the assumptions in {@link Assumptions}, at the list prices of {@code bench/prices.md}. Pure arithmetic: every input
 * is a parameter.
 */
final class OwnBill {

    static final double MONTH_SECONDS = 30 * 86_400;

    /** How S3 changes reach the change queue (template parameter ChangeDelivery). */
    enum Delivery {
        EVENTBRIDGE("EventBridge (the bucket's EventBridge switch, a rule to the queue)"),
        S3_NOTIFICATIONS("S3 event notifications straight to the queue");

        final String description;

        Delivery(String description) {
            this.description = description;
        }
    }

    /**
     * What the month looks like; every value is printed beside the bill. Changes arrive evenly over the month and over
     * the distributions: the worst case for batching (fewest records per invocation, a flush per distribution at every
     * max delay because the quiet period never comes).
     */
    record Assumptions(double changesPerMonth, int distributions, double batchingWindowSeconds, double quietPeriodSeconds,
                       double maxDelaySeconds, double flushTicksPerMonth, int idleSqsPollers, double sqsLongPollSeconds,
                       double coldStartsPerMonth, double usageSignalsPerMonth) {

        /** The template's defaults (IngestBatchingWindowSeconds, QuietPeriodSeconds, MaxDelaySeconds, a tick a minute). */
        static Assumptions standard() {
            return new Assumptions(1_000_000, 10, 10, 60, 300, MONTH_SECONDS / 60, 5, 20, 30 * 24, 20);
        }

        Assumptions withWindows(double batchingWindowSeconds, double maxDelaySeconds) {
            return new Assumptions(changesPerMonth, distributions, batchingWindowSeconds, quietPeriodSeconds, maxDelaySeconds,
                    flushTicksPerMonth, idleSqsPollers, sqsLongPollSeconds, coldStartsPerMonth, usageSignalsPerMonth);
        }

        /** One invocation per batching window, never more than one per change. */
        double ingestInvocations() {
            return Math.min(changesPerMonth, MONTH_SECONDS / batchingWindowSeconds);
        }

        double recordsPerInvocation() {
            return changesPerMonth / ingestInvocations();
        }

        /** Distributions an invocation's records fall on (each writes one pending marker and reads the state once). */
        double distributionsPerInvocation() {
            return distributions * (1 - Math.pow(1 - 1.0 / distributions, recordsPerInvocation()));
        }

        /**
         * Flushes: when a distribution's changes come closer together than the quiet period, it flushes at every max
         * delay; otherwise each change flushes alone once quiet.
         */
        double flushes() {
            double gapPerDistribution = distributions * MONTH_SECONDS / changesPerMonth;
            return gapPerDistribution < quietPeriodSeconds ? distributions * MONTH_SECONDS / maxDelaySeconds : changesPerMonth;
        }
    }

    /** Measured inputs. NaN for a count that was not measured makes its line "not measured". */
    record Measured(double warmIngestMsOneRecord, double warmIngestMsTenRecords, double warmFlushMsPerTick, double coldStartMs,
                    int memoryMb, DynamoUnits dynamo) {

        /** Warm ms of an ingest of {@code records}: linear between the two measured batch sizes. */
        double ingestMs(double records) {
            return warmIngestMsOneRecord + (warmIngestMsTenRecords - warmIngestMsOneRecord) * (records - 1) / 9;
        }
    }

    /**
     * DynamoDB capacity units (what on-demand bills: WRU, RRU) the coalescer benchmark measured with
     * ReturnConsumedCapacity on the bill's own scenario, in its steady state: per changed object (its item recorded and
     * cleared), per pending marker and per state read (one each per distribution per ingest invocation), per flush
     * besides the object items (writes) and besides the tick's state read (reads), per tick's state read.
     */
    record DynamoUnits(double writeUnitsPerChange, double writeUnitsPerMarker, double readUnitsPerStateRead,
                       double writeUnitsPerFlush, double readUnitsPerFlush, double readUnitsPerTickRead) {
    }

    /** One line of the bill: {@code usd} at list price, {@code usdAfterFreeTier} with the always-free tiers. */
    record Line(String service, String quantity, double usd, double usdAfterFreeTier, String basis) {
    }

    private OwnBill() {
    }

    static List<Line> coalescer(Assumptions a, Measured m, Prices p, Delivery delivery) {
        List<Line> lines = new ArrayList<>();
        double ingests = a.ingestInvocations();
        double records = a.recordsPerInvocation();
        double invocations = ingests + a.flushTicksPerMonth();
        lines.add(new Line("Lambda requests", count(invocations), invocations / 1e6 * p.of("lambda.request"),
                Math.max(0, invocations - 1e6) / 1e6 * p.of("lambda.request"),
                String.format(Locale.ROOT, "%s ingest invocations (one per %.0f s batching window, %.2f records each) + %s flush ticks",
                        count(ingests), a.batchingWindowSeconds(), records, count(a.flushTicksPerMonth()))));
        double gb = m.memoryMb() / 1024.0;
        double seconds = (ingests * m.ingestMs(records) + a.flushTicksPerMonth() * m.warmFlushMsPerTick()
                + a.coldStartsPerMonth() * m.coldStartMs()) / 1000;
        double gbs = seconds * gb;
        lines.add(new Line("Lambda duration (arm64)", count(gbs) + " GB-s", gbs * p.of("lambda.arm64.gbs"),
                Math.max(0, gbs - 400_000) * p.of("lambda.arm64.gbs"),
                String.format(Locale.ROOT, "%.0f MB × (invocations × %.1f ms warm for %.2f records, between %.1f ms measured for 1 and %.1f ms for 10"
                                + " + ticks × %.2f ms + %s cold starts × %.0f ms)",
                        (double) m.memoryMb(), m.ingestMs(records), records, m.warmIngestMsOneRecord(), m.warmIngestMsTenRecords(),
                        m.warmFlushMsPerTick(), count(a.coldStartsPerMonth()), m.coldStartMs())));
        DynamoUnits units = m.dynamo();
        double markers = ingests * a.distributionsPerInvocation();
        double objectWrites = objectItemWriteUnits(a, units);
        double markerWrites = markers * units.writeUnitsPerMarker();
        double flushWrites = a.flushes() * units.writeUnitsPerFlush();
        double writes = objectWrites + markerWrites + flushWrites;
        lines.add(new Line("DynamoDB writes", count(writes) + " WRU", writes / 1e6 * p.of("dynamodb.write"), writes / 1e6 * p.of("dynamodb.write"),
                String.format(Locale.ROOT, "%s changes × %.2f (object item recorded + cleared) + %s pending markers (%.2f distributions per invocation)"
                                + " × %.2f + %s flushes × %.1f (measured units)",
                        count(a.changesPerMonth()), units.writeUnitsPerChange(), count(markers), a.distributionsPerInvocation(),
                        units.writeUnitsPerMarker(), count(a.flushes()), units.writeUnitsPerFlush())));
        double stateReads = markers * units.readUnitsPerStateRead();
        double flushReads = a.flushes() * units.readUnitsPerFlush();
        double tickReads = a.flushTicksPerMonth() * a.distributions() * units.readUnitsPerTickRead();
        double reads = stateReads + flushReads + tickReads;
        lines.add(new Line("DynamoDB reads", count(reads) + " RRU", reads / 1e6 * p.of("dynamodb.read"), reads / 1e6 * p.of("dynamodb.read"),
                String.format(Locale.ROOT, "%s state reads (one per distribution per ingest) × %.2f + %s flushes × %.1f + %s tick state reads"
                                + " (one per distribution) × %.2f (measured units)",
                        count(markers), units.readUnitsPerStateRead(), count(a.flushes()), units.readUnitsPerFlush(),
                        count(a.flushTicksPerMonth() * a.distributions()), units.readUnitsPerTickRead())));
        double sends = a.changesPerMonth();
        double receiveAndDelete = 2 * Math.max(ingests, a.changesPerMonth() / 10);
        double idlePolls = a.idleSqsPollers() * MONTH_SECONDS / a.sqsLongPollSeconds();
        double sqs = sends + receiveAndDelete + idlePolls;
        lines.add(new Line("SQS requests", count(sqs), sqs / 1e6 * p.of("sqs.request"), Math.max(0, sqs - 1e6) / 1e6 * p.of("sqs.request"),
                String.format(Locale.ROOT, "%s SendMessage (%s) + %s ReceiveMessage/DeleteMessageBatch (≤ 10 messages each) + %s idle long polls (%d pollers, %.0f s)",
                        count(sends), delivery == Delivery.EVENTBRIDGE ? "by EventBridge" : "by S3", count(receiveAndDelete), count(idlePolls),
                        a.idleSqsPollers(), a.sqsLongPollSeconds())));
        double s3Events = delivery == Delivery.EVENTBRIDGE ? a.changesPerMonth() : 0;
        double notificationsUsd = delivery == Delivery.S3_NOTIFICATIONS ? a.changesPerMonth() * p.of("s3.notification") : 0;
        double eventBridgeUsd = s3Events / 1e6 * p.of("eventbridge.optin") + a.flushTicksPerMonth() / 1e6 * p.of("eventbridge.schedule")
                + notificationsUsd;
        lines.add(new Line("EventBridge", count(s3Events) + " S3 events + " + count(a.flushTicksPerMonth()) + " schedule", eventBridgeUsd, eventBridgeUsd,
                delivery == Delivery.EVENTBRIDGE ? "S3 object events are opt-in data events, billed as published events"
                        : "S3 notifications go to SQS without EventBridge (s3.notification: no S3 charge listed); only the flush schedule"));
        lines.add(new Line("SNS", count(a.usageSignalsPerMonth()) + " publishes", a.usageSignalsPerMonth() / 1e6 * p.of("sns.publish"), 0,
                "usage signals at the alert thresholds (assumed at most 2 per distribution a month)"));
        return lines;
    }

    /** Write units a month of the object items: each change's item recorded, then cleared by its flush. */
    static double objectItemWriteUnits(Assumptions a, DynamoUnits units) {
        return a.changesPerMonth() * units.writeUnitsPerChange();
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
