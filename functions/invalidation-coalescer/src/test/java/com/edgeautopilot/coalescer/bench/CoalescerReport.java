package com.edgeautopilot.coalescer.bench;

import com.edgeautopilot.coalescer.bench.CoalescerBurstBenchmark.Burst;
import com.edgeautopilot.coalescer.bench.CoalescerBurstBenchmark.Day;
import com.edgeautopilot.coalescer.bench.DynamoMeter.Tally;
import com.edgeautopilot.coalescer.bench.DynamoMeter.Use;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/COALESCER.md} from what {@link CoalescerBurstBenchmark} counted. The bill ({@code bench/run},
 * testbed's {@code UpstreamReports}) reads rows of it back by their labels: keep them when changing the text.
 */
final class CoalescerReport {

    private CoalescerReport() {
    }

    static String render(Burst burst, Day day) {
        StringBuilder md = new StringBuilder();
        md.append("# Coalescer burst benchmark\n\n")
                .append("Command: `bench/run-coalescer` (DynamoDB Local in process, strict CloudFront double; no network).\n\n")
                .append(format("Machine: %d cores, %s, JDK %s. Date: %s.%n%n",
                        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"), java.time.LocalDate.now()))
                .append("Requests are counted as the function sends them (the SDK's retries not counted again). Capacity units are what "
                        + "DynamoDB bills on demand: every call asks for `ReturnConsumedCapacity=TOTAL`, and DynamoDB Local computes them as "
                        + "DynamoDB does (a read: the size of every item it reads, before a FilterExpression, rounded up to 4 KB, half for an "
                        + "eventually consistent read; a write: the larger of the item's size before and after, rounded up to 1 KB; twice that "
                        + "in a transaction). A conditional write whose condition fails answers with an exception that carries no "
                        + "ConsumedCapacity: it is counted as 1 WCU, what DynamoDB documents for a rejected write of an item ≤ 1 KB "
                        + "(the items here are smaller).\n\n");
        burst(md, burst);
        day(md, day);
        return md.toString();
    }

    private static void burst(StringBuilder md, Burst b) {
        Tally t = b.tally();
        long writes = t.writeRequests();
        md.append("## Burst\n\n")
                .append(format("%,d EventBridge S3 events for %,d objects (late duplicates, out-of-order sequencers) in SQS batches of 1,000 "
                        + "through the handler, then flushed by ticks 3 minutes apart, on a fresh table.%n%n", b.events(), b.objects()))
                .append("| measure | value |\n|---|---|\n")
                .append(row("S3 events (SQS batches of 1,000)", format("%,d", b.events())))
                .append(row("changed objects", format("%,d", b.objects())))
                .append(row("DynamoDB write requests", format("%,d (%s)", writes, b.writesByOperation())))
                .append(row("writes per changed object", format("%.2f", (double) writes / b.objects())))
                .append(row("writes per S3 event", format("%.2f", (double) writes / b.events())))
                .append(row("object-item writes per changed object (record + clear)", format("%.2f", (double) t.requests(Use.OBJECT_ITEM) / b.objects())))
                .append(row("pending-marker writes (one per distribution per ingest batch that wrote)",
                        format("%d of %d batches", t.requests(Use.PENDING_MARKER), b.batches())))
                .append(row("flushes (batches planned)", format("%d", t.requests(Use.OPEN_BATCH))))
                .append(row("DynamoDB read requests", format("%,d (%s)", t.readRequests(), b.readsByOperation())))
                .append(row("DynamoDB write units (WCU)", format("%,.1f (object items %,.1f, pending markers %,.1f, flushes %,.1f)", t.writeUnits(),
                        t.units(Use.OBJECT_ITEM), t.units(Use.PENDING_MARKER), t.flushWriteUnits())))
                .append(row("object-item write units per changed object (record + clear)", format("%.2f", t.units(Use.OBJECT_ITEM) / b.objects())))
                .append(row("DynamoDB read units (RCU)", format("%,.1f", t.units(Use.READ))))
                .append(row("rejected conditional writes (1 WCU each)", format("%,d %s", t.rejectedWrites(), b.rejectedBy())))
                .append(row("busiest partition key", format("%s: %,d writes (%.1f%% of all)", b.busiestPartition().getKey(),
                        b.busiestPartition().getValue(), 100.0 * b.busiestPartition().getValue() / writes)))
                .append(row("CreateInvalidation requests", format("%d", b.invalidations())))
                .append(row("paths submitted", format("%,d", b.paths())))
                .append(row("ingest wall time (10 batches, DynamoDB Local)", format("%,d ms", b.ingestMillis())))
                .append(row("ingest + flushes wall time", format("%,d ms", b.totalMillis())))
                .append("\nWrites per object: one conditional UpdateItem when it becomes pending, one conditional DeleteItem (on the ")
                .append("version it read) when the flush that invalidated it clears it. A late duplicate or an older sequencer of an object this ")
                .append("container recorded is not written. One that reaches another container is rejected by the condition while its object ")
                .append("is pending (one write), or, once the object was flushed, recorded again and cleared by the next flush as a late copy ")
                .append("without invalidating it (two writes). The burst runs in one container, so its late deliveries (the last 2,000 events) ")
                .append("cost no write; run through fresh containers they would cost 2,000 to 4,000 (0.25 to 0.5 per changed object). Plus ")
                .append("one pending-marker write per distribution per ingest batch that wrote, and per flush: lease, batch header and path ")
                .append("chunks, open and close, one transaction per accepted request recording it with its usage, what the batch ")
                .append("invalidated (one compressed item, `FlushedObjects`), release. Reads: one state read per distribution per ingest batch ")
                .append("(the flush check decides on the state the marker write returns); the rest per flush.\n\n");
    }

    private static void day(StringBuilder md, Day d) {
        int flushes = d.ticks().size();
        int steadyFrom = flushes - CoalescerBurstBenchmark.STEADY_FLUSHES;
        md.append("## The bill's day\n\n")
                .append(format("The own bill's scenario for one distribution: 1,000,000 changes a month over 10 distributions is 11.6 changes "
                                + "per %d s max delay, so %d SQS batches of %d new objects, the clock advancing %d s after each and a tick "
                                + "flushing it: a day, the dedupe window (`DEDUPE_WINDOW_SECONDS`, 1 day) for which what a flush invalidated "
                                + "is remembered. On its own table (the burst's items do not weigh on it). The last %d flushes, with 22 to 24 "
                                + "hours of remembered flushes behind them, are the steady state the bill uses. Then one idle tick (nothing "
                                + "due): its state read is what every tick costs.%n%n",
                        CoalescerBurstBenchmark.MAX_DELAY.toSeconds(), flushes, CoalescerBurstBenchmark.CHANGES_PER_FLUSH,
                        CoalescerBurstBenchmark.MAX_DELAY.toSeconds(), CoalescerBurstBenchmark.STEADY_FLUSHES))
                .append(format("| measure | whole day (%d flushes) | last %d flushes (steady state) |%n|---|---|---|%n",
                        flushes, CoalescerBurstBenchmark.STEADY_FLUSHES));
        Tally tickRead = d.idleTick();
        List<Window> windows = List.of(new Window(d, 0), new Window(d, steadyFrom));
        md.append(rows("changed objects", windows, w -> format("%,d", w.changes)))
                .append(rows("object-item write units per changed object (record + clear)", windows,
                        w -> format("%.2f", w.all.units(Use.OBJECT_ITEM) / w.changes)))
                .append(rows("pending-marker write units per ingest batch", windows,
                        w -> format("%.2f", w.ingests.units(Use.PENDING_MARKER) / w.flushes)))
                .append(rows("state-read units per ingest batch", windows, w -> format("%.2f", w.ingests.units(Use.READ) / w.flushes)))
                .append(rows("write units per flush (besides the object items)", windows, w -> format("%.1f", w.all.flushWriteUnits() / w.flushes)))
                .append(rows("read units per flush (besides the tick's state read)", windows, w -> format("%.1f",
                        (w.ticks.units(Use.READ) - w.flushes * tickRead.units(Use.READ)) / w.flushes)))
                .append(rows("write requests per flush (besides the object items)", windows, w -> format("%.1f",
                        (double) (w.all.requests(Use.OPEN_BATCH) + w.all.requests(Use.OTHER_WRITE)) / w.flushes)))
                .append(rows("read requests per flush (besides the tick's state read)", windows, w -> format("%.1f",
                        (double) (w.ticks.readRequests() - w.flushes * tickRead.readRequests()) / w.flushes)))
                .append(rows("rejected conditional writes (1 WCU each)", windows, w -> format("%,d", w.all.rejectedWrites())))
                .append(format("| rejected conditional writes over the day, by write | %s | |%n", d.rejectedBy()))
                .append(format("| tick state-read units (an idle tick: %d read) | %.2f | |%n", tickRead.readRequests(), tickRead.units(Use.READ)))
                .append(format("| day wall time (DynamoDB Local) | %,d ms | |%n", d.millis()))
                .append("\nPer flush: the reads are the lease's and the flush's own (state, in-flight invalidations, the pending query "
                        + "on every shard, what was invalidated within the dedupe window, counts), the writes those of the burst's list "
                        + "above. A Query's units are the size of every item it reads, before its FilterExpression: the pending query reads "
                        + "only pending object items (a flush deletes the items it invalidated), and the read of what was invalidated "
                        + "(about 40 bytes an object, compressed) is keyed by time, so it reads the dedupe window only, whatever TTL has "
                        + "not yet deleted.\n");
    }

    /** Flushes {@code from} to the end of the day, summed. */
    private static final class Window {
        final Tally ingests;
        final Tally ticks;
        final Tally all;
        final int flushes;
        final int changes;

        Window(Day d, int from) {
            ingests = Tally.sum(d.ingests().subList(from, d.ingests().size()));
            ticks = Tally.sum(d.ticks().subList(from, d.ticks().size()));
            all = Tally.sum(List.of(ingests, ticks));
            flushes = d.ticks().size() - from;
            changes = flushes * CoalescerBurstBenchmark.CHANGES_PER_FLUSH;
        }
    }

    private static String rows(String label, List<Window> windows, java.util.function.Function<Window, String> value) {
        return "| " + label + " | " + String.join(" | ", windows.stream().map(value).toList()) + " |\n";
    }

    private static String row(String label, String value) {
        return "| " + label + " | " + value + " |\n";
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }
}
