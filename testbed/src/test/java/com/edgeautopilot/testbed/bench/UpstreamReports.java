package com.edgeautopilot.testbed.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headline numbers of the benchmarks {@code bench/run} calls, read back from the files they write:
 * {@code bench/COALESCER.md} (burst: requests per S3 event; the bill's day: capacity units) and {@code bench/PLANNER.md} (1M-key plan times, paths
 * per changed key on the traces).
 */
final class UpstreamReports {

    /** Counted on the coalescer burst. */
    record Burst(double events, double changedObjects, double writes, double reads, double writesPerObject,
                 double createInvalidations, double paths) {
        double writesPerEvent() {
            return writes / events;
        }

        double readsPerEvent() {
            return Double.isNaN(reads) ? Double.NaN : reads / events;
        }
    }

    /** Paths sent with no free paths left, per trace, for the planner with inventory and one path per object. */
    record Trace(String name, double keys, double plannerPaths, double perObjectPaths) {
    }

    private UpstreamReports() {
    }

    static Burst burst(Path coalescerMd) throws IOException {
        String text = Files.readString(coalescerMd);
        return new Burst(number(text, "\\| S3 events[^|]*\\| ([\\d,.]+)"), number(text, "\\| changed objects \\| ([\\d,.]+)"),
                number(text, "\\| DynamoDB write requests \\| ([\\d,.]+)"), number(text, "\\| DynamoDB read requests \\| ([\\d,.]+)"),
                number(text, "\\| writes per changed object \\| ([\\d,.]+)"),
                number(text, "\\| CreateInvalidation requests \\| ([\\d,.]+)"), number(text, "\\| paths submitted \\| ([\\d,.]+)"));
    }

    /**
     * The DynamoDB capacity units of the coalescer benchmark's day ("The bill's day"), from its steady-state column
     * (the last flushes, a full dedupe window behind them); the tick's state read from its one column.
     */
    static final String DAY_HEADING = "## The bill's day";

    static OwnBill.DynamoUnits dayUnits(Path coalescerMd) throws IOException {
        String file = Files.readString(coalescerMd);
        int day = file.indexOf(DAY_HEADING);
        if (day < 0) {
            throw new IllegalStateException(coalescerMd + " has no '" + DAY_HEADING + "' section: run bench/run-coalescer");
        }
        String text = file.substring(day);
        return new OwnBill.DynamoUnits(steadyState(text, "object-item write units per changed object"),
                steadyState(text, "pending-marker write units per ingest batch"), steadyState(text, "state-read units per ingest batch"),
                steadyState(text, "write units per flush (besides the object items)"),
                steadyState(text, "read units per flush (besides the tick's state read)"),
                number(text, "\\| tick state-read units[^|]*\\| ([\\d,.]+) \\|"));
    }

    /** The second value of the day table's row whose label starts with {@code label}. */
    private static double steadyState(String text, String label) {
        return number(text, "\\| " + Pattern.quote(label) + "[^|]*\\| [^|]+ \\| ([\\d,.]+) \\|");
    }

    /** Median ms to plan 1M changed keys, without ({@code "none"}) or with an inventory. */
    static OptionalDouble planMillion(Path plannerMd, boolean withInventory) throws IOException {
        String text = Files.readString(plannerMd);
        Matcher row = Pattern.compile("\\| 1,000,000 \\| [\\d,]+ \\| ([^|]+) \\| [^|]+ \\| ([\\d,]+) \\|").matcher(text);
        while (row.find()) {
            boolean inventory = !row.group(1).strip().equals("none");
            if (inventory == withInventory) {
                return OptionalDouble.of(parse(row.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    static Map<String, Trace> traces(Path plannerMd) throws IOException {
        String text = Files.readString(plannerMd);
        Map<String, Trace> traces = new LinkedHashMap<>();
        trace(text, "Static-site deploy", "### Static-site deploy", number(text, "deploy\\*\\*: [^\\n]*?([\\d,]+) keys"), traces);
        trace(text, "Hotfix", "### Hotfix", number(text, "\\*\\*Hotfix\\*\\*: ([\\d,]+) files"), traces);
        trace(text, "CMS trickle", "### CMS trickle", number(text, "; ([\\d,]+) key changes"), traces);
        return traces;
    }

    private static void trace(String text, String name, String heading, double keys, Map<String, Trace> traces) {
        int at = text.indexOf(heading);
        if (at < 0 || Double.isNaN(keys)) {
            return;
        }
        int end = text.indexOf("\n### ", at + heading.length());
        String section = text.substring(at, end < 0 ? text.length() : end);
        double planner = number(section, "\\| this planner, with inventory \\| 0 \\| ([\\d,]+) \\(");
        double perObject = number(section, "\\| one path per object \\| 0 \\| ([\\d,]+) \\(");
        traces.put(name, new Trace(name, keys, planner, perObject));
    }

    private static double number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? parse(matcher.group(1)) : Double.NaN;
    }

    private static double parse(String number) {
        return Double.parseDouble(number.replace(",", ""));
    }
}
