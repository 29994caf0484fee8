package com.edgeautopilot.testbed.bench;

import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.TemplateModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Smoke test of bench/run's Java side without running a benchmark: its inputs parse and its arithmetic holds. */
class BenchHarnessTest {

    @Test
    void theFunctionTableNamesModulesEventsAndTheRowsTheBillReads() {
        BenchTable table = BenchTable.load(RepoPaths.root().resolve("bench/functions.txt"));
        assertFalse(table.layers().isEmpty(), "at least the common layer");
        for (BenchTable.Layer layer : table.layers()) {
            assertTrue(Files.isRegularFile(RepoPaths.root().resolve(layer.module()).resolve("pom.xml")), layer.toString());
        }
        for (BenchTable.Function function : table.functions()) {
            assertTrue(Files.isRegularFile(RepoPaths.root().resolve(function.module()).resolve("pom.xml")), function.name());
            assertFalse(RepoPaths.event(function.event()).isBlank(), function.name());
        }
        List<String> names = table.functions().stream().map(BenchTable.Function::name).toList();
        assertTrue(names.containsAll(List.of(BillSection.INGEST, BillSection.INGEST_10, BillSection.FLUSH)), names.toString());
    }

    /**
     * Cold starts run on the classpath Lambda gives each function: the bench table's layers for a function are the
     * template's {@code Layers} of the function with the same handler, and each layer line's module is what the
     * Makefile's {@code build-<name>} target (run by {@code sam build}) deploys as that layer.
     */
    @Test
    void eachFunctionRunsWithTheLayersTheTemplateGivesIt() throws IOException {
        BenchTable table = BenchTable.load(RepoPaths.root().resolve("bench/functions.txt"));
        TemplateModel template = TemplateModel.load(RepoPaths.template());
        String makefile = Files.readString(RepoPaths.root().resolve("Makefile"));
        // the code layers: the fleet layer holds data (the fleet files), which the bench's functions take from their env
        List<String> dataLayers = template.resourcesOfType("AWS::Serverless::LayerVersion").stream()
                .filter(layer -> makefile.contains("build-" + layer + ":\n\t./scripts/build-artifact fleet ")).toList();
        assertEquals(List.of("FleetLayer"), dataLayers);
        List<String> templateLayers = template.resourcesOfType("AWS::Serverless::LayerVersion").stream()
                .filter(layer -> !dataLayers.contains(layer)).toList();
        assertEquals(templateLayers, table.layers().stream().map(BenchTable.Layer::name).toList(), "one layer line per template layer");
        for (BenchTable.Layer layer : table.layers()) {
            assertTrue(makefile.contains("build-" + layer.name() + ":\n\t./scripts/build-artifact layer " + layer.module() + " "), layer.toString());
        }
        List<String> functions = template.resourcesOfType("AWS::Serverless::Function");
        assertFalse(functions.isEmpty());
        for (String function : functions) {
            Object handler = template.resourceProperty(function, "Handler");
            List<String> layers = ((List<?>) template.resourceProperty(function, "Layers")).stream()
                    .map(ref -> String.valueOf(((Map<?, ?>) ref).get("Ref"))).filter(layer -> !dataLayers.contains(layer)).toList();
            List<BenchTable.Function> measured = table.functions().stream().filter(f -> f.handler().equals(handler)).toList();
            assertFalse(measured.isEmpty(), function + " is measured");
            for (BenchTable.Function line : measured) {
                assertEquals(layers, line.layers(), line.name() + " runs with " + function + "'s layers");
            }
        }
    }

    @Test
    void tableErrorsNameTheLine() {
        IllegalArgumentException columns = assertThrows(IllegalArgumentException.class,
                () -> BenchTable.parse(List.of("# comment", "function | f | m | L | h | 1024 | e.json"), "t"));
        assertTrue(columns.getMessage().startsWith("t:2:"), columns.getMessage());
        String layer = "layer | L | layers/l | - | - | - | - | -";
        IllegalArgumentException memory = assertThrows(IllegalArgumentException.class,
                () -> BenchTable.parse(List.of(layer, "function | f | m | L | h | 64 | e.json | -"), "t"));
        assertTrue(memory.getMessage().contains("128..10240"), memory.getMessage());
        IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class,
                () -> BenchTable.parse(List.of(layer, "function | f | m | L, M | h | 512 | e.json | -"), "t"));
        assertTrue(undeclared.getMessage().startsWith("t:2:") && undeclared.getMessage().contains("'M'"), undeclared.getMessage());
        BenchTable table = BenchTable.parse(List.of(layer, "layer | M | layers/m | - | - | - | - | -",
                "function | f | m | M, L | a.B::handleRequest | 512 | e.json | A=1; B=x=y"), "t");
        BenchTable.Function parsed = table.functions().get(0);
        assertEquals(Map.of("A", "1", "B", "x=y"), parsed.env());
        assertEquals("a.B", parsed.handlerClass());
        assertEquals(List.of(Path.of("out/m"), Path.of("out/l")), table.layerArtifacts(parsed, Path.of("out")), "the function's layers, in its order");
    }

    @Test
    void samplesGiveMedianMinMax() {
        Samples odd = Samples.of(List.of(5.0, 1.0, 3.0));
        assertEquals(3.0, odd.median());
        assertEquals("3 (1–5)", odd.format("%.0f"));
        assertEquals(2.5, Samples.of(List.of(4.0, 1.0, 2.0, 3.0)).median());
        assertEquals("–", Samples.of(List.of()).format("%.0f"));
    }

    @Test
    void billUsesThePriceTableAndMeasuredCounts() {
        Prices prices = Prices.load(RepoPaths.root().resolve("bench/prices.md"));
        OwnBill.Assumptions assumptions = OwnBill.Assumptions.standard();
        // 10 ms warm for a 1-record ingest, 28 ms for 10 records; capacity units: 2 per change, 1.5 per marker, 1 per state read,
        // 12 written and 230 read per flush, 0.5 per tick's state read (all different, so a swapped input shows)
        OwnBill.DynamoUnits units = new OwnBill.DynamoUnits(2, 1.5, 1, 12, 230, 0.5);
        OwnBill.Measured measured = new OwnBill.Measured(10, 28, 5, 1000, 1024, units);
        List<OwnBill.Line> lines = OwnBill.coalescer(assumptions, measured, prices, OwnBill.Delivery.EVENTBRIDGE);
        assertEquals(259_200, assumptions.ingestInvocations(), 1e-9, "one invocation per 10 s window over 30 days");
        double records = 1_000_000 / 259_200.0;
        assertEquals(records, assumptions.recordsPerInvocation(), 1e-9);
        assertEquals(10 + 18 * (records - 1) / 9, measured.ingestMs(records), 1e-9, "linear between the measured batch sizes");
        assertEquals(86_400, assumptions.flushes(), 1e-9, "a change every 26 s per distribution never goes quiet: a flush per 300 s max delay");
        double markers = 259_200 * 10 * (1 - Math.pow(0.9, records));
        OwnBill.Line writes = line(lines, "DynamoDB writes");
        assertEquals((1_000_000 * 2 + markers * 1.5 + 86_400 * 12) / 1e6 * prices.of("dynamodb.write"), writes.usd(), 1e-9);
        OwnBill.Line reads = line(lines, "DynamoDB reads");
        assertEquals((markers * 1 + 86_400 * 230 + 43_200 * 10 * 0.5) / 1e6 * prices.of("dynamodb.read"), reads.usd(), 1e-9);
        OwnBill.Measured heavierFlushes = new OwnBill.Measured(10, 28, 5, 1000, 1024, new OwnBill.DynamoUnits(2, 1.5, 1, 12, 460, 0.5));
        assertEquals(86_400 * 230 / 1e6 * prices.of("dynamodb.read"),
                line(OwnBill.coalescer(assumptions, heavierFlushes, prices, OwnBill.Delivery.EVENTBRIDGE), "DynamoDB reads").usd() - reads.usd(), 1e-9,
                "reads scale with the read units measured per flush, flush by flush");
        OwnBill.Line duration = line(lines, "Lambda duration (arm64)");
        double seconds = 259_200 * measured.ingestMs(records) / 1000 + assumptions.flushTicksPerMonth() * 0.005 + assumptions.coldStartsPerMonth() * 1.0;
        assertEquals(seconds * prices.of("lambda.arm64.gbs"), duration.usd(), 1e-9);
        assertEquals(prices.of("eventbridge.optin"), line(lines, "EventBridge").usd(), 1e-9, "1M S3 events through EventBridge");

        List<OwnBill.Line> direct = OwnBill.coalescer(assumptions, measured, prices, OwnBill.Delivery.S3_NOTIFICATIONS);
        assertEquals(0, line(direct, "EventBridge").usd(), 1e-9, "S3 notifications to SQS skip EventBridge; the schedule is free");
        assertEquals(OwnBill.total(lines, false) - prices.of("eventbridge.optin"), OwnBill.total(direct, false), 1e-9);

        OwnBill.Assumptions slower = assumptions.withWindows(60, 900);
        assertEquals(43_200, slower.ingestInvocations(), 1e-9);
        assertEquals(28_800, slower.flushes(), 1e-9);
        OwnBill.Assumptions sparse = new OwnBill.Assumptions(1000, 10, 10, 60, 300, 43_200, 5, 20, 720, 20);
        assertEquals(1000, sparse.flushes(), 1e-9, "changes hours apart flush one by one once quiet");
        assertEquals(1000, sparse.ingestInvocations(), 1e-9);
        assertTrue(OwnBill.total(lines, true) <= OwnBill.total(lines, false));
        assertEquals(0, OwnBill.invalidationUsd(0.0005, 1_000_000, 1000, prices), "500 paths are within the free 1,000");
        assertEquals(prices.of("cloudfront.path") * 1000, OwnBill.invalidationUsd(0.002, 1_000_000, 1000, prices), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> prices.of("no.such.price"));
    }

    @Test
    void upstreamReportsAreReadBack(@TempDir Path dir) throws IOException {
        Path coalescer = dir.resolve("COALESCER.md");
        Files.writeString(coalescer, """
                ## Burst

                | S3 events (SQS batches of 1,000) | 10,000 |
                | changed objects | 8,000 |
                | DynamoDB write requests | 18,053 ({UpdateItem=18053}) |
                | writes per changed object | 2.26 |
                | object-item writes per changed object (record + clear) | 2.00 |
                | DynamoDB read requests | 250 ({Query=250}) |
                | object-item write units per changed object (record + clear) | 2.10 |
                | CreateInvalidation requests | 4 |
                | paths submitted | 3,014 |

                ## The bill's day

                | measure | whole day (288 flushes) | last 24 flushes (steady state) |
                |---|---|---|
                | object-item write units per changed object (record + clear) | 2.00 | 2.05 |
                | pending-marker write units per ingest batch | 1.00 | 1.50 |
                | state-read units per ingest batch | 1.00 | 1.25 |
                | write units per flush (besides the object items) | 12.5 | 13.0 |
                | read units per flush (besides the tick's state read) | 126.3 | 1,233.8 |
                | write requests per flush (besides the object items) | 9.5 | 10.0 |
                | tick state-read units (an idle tick: 1 read) | 0.50 | |
                """);
        UpstreamReports.Burst burst = UpstreamReports.burst(coalescer);
        assertEquals(1.8053, burst.writesPerEvent(), 1e-9);
        assertEquals(0.025, burst.readsPerEvent(), 1e-9);
        assertEquals(2.26, burst.writesPerObject(), 1e-9);
        assertEquals(new OwnBill.DynamoUnits(2.05, 1.5, 1.25, 13.0, 1233.8, 0.5), UpstreamReports.dayUnits(coalescer),
                "the day's steady-state column, not the burst's row of the same name nor the whole day's");
        Path noDay = dir.resolve("old.md");
        Files.writeString(noDay, "| changed objects | 8,000 |\n");
        assertTrue(assertThrows(IllegalStateException.class, () -> UpstreamReports.dayUnits(noDay)).getMessage().contains("bench/run-coalescer"));
        OwnBill.DynamoUnits committed = UpstreamReports.dayUnits(RepoPaths.root().resolve("bench/COALESCER.md"));
        for (double value : List.of(committed.writeUnitsPerChange(), committed.writeUnitsPerMarker(), committed.readUnitsPerStateRead(),
                committed.writeUnitsPerFlush(), committed.readUnitsPerFlush(), committed.readUnitsPerTickRead())) {
            assertTrue(value > 0, "bench/COALESCER.md as committed gives every unit the bill reads: " + committed);
        }
        Path planner = RepoPaths.root().resolve("bench/PLANNER.md");
        Map<String, UpstreamReports.Trace> traces = UpstreamReports.traces(planner);
        assertEquals(List.of("Static-site deploy", "Hotfix", "CMS trickle"), List.copyOf(traces.keySet()));
        traces.values().forEach(t -> assertTrue(t.keys() > 0 && t.plannerPaths() > 0 && t.perObjectPaths() >= t.plannerPaths(), t.toString()));
        assertTrue(UpstreamReports.planMillion(planner, true).isPresent());
    }

    @Test
    void warmLoopGivesEachCallFreshIdsAndKeepsTheRest() {
        String event = "{\"messageId\":\"6efcae45-3ed4-4ae3-8b59-fcf7215335f7\",\"key\":\"a.html\",\"id\":\"862c994b-142b-4cb4-81fb-09c34ddb879c\"}";
        String first = WarmLoopHandler.withFreshIds(event, 1);
        assertEquals(first, WarmLoopHandler.withFreshIds(event, 1), "deterministic");
        assertNotEquals(first, WarmLoopHandler.withFreshIds(event, 2));
        assertFalse(first.contains("6efcae45") || first.contains("862c994b"), first);
        assertTrue(first.contains("\"key\":\"a.html\""), first);
    }

    @Test
    void warmLoopGivesEachCallANewerSequencerSoNoCallIsADuplicate() {
        String body = "{\"Records\":[{\"body\":\"{\\\"object\\\":{\\\"key\\\":\\\"a.html\\\",\\\"sequencer\\\":\\\"00089B74B8BB5B76BD\\\"}}\"}]}";
        String notification = "{\"s3\":{\"object\":{\"key\":\"a.html\",\"sequencer\": \"0A\"}}}";
        assertTrue(WarmLoopHandler.withFreshIds(body, 2).contains("00089B74B8BB5B76BD00000002"), WarmLoopHandler.withFreshIds(body, 2));
        assertTrue(WarmLoopHandler.withFreshIds(body, 3).contains("00089B74B8BB5B76BD00000003"));
        assertTrue(WarmLoopHandler.withFreshIds(notification, 255).contains("\"sequencer\": \"0A000000FF\""), WarmLoopHandler.withFreshIds(notification, 255));
    }

    @Test
    void classLoadLinesAreClassified() {
        assertTrue(ColdStart.isServiceModel("[0.5s][info][class,load] software.amazon.awssdk.services.dynamodb.model.AttributeValue source: file:/x.jar"));
        assertFalse(ColdStart.isServiceModel("[0.5s][info][class,load] software.amazon.awssdk.services.dynamodb.DynamoDbClient source: file:/x.jar"));
    }

    /** A handler with a SnapStart priming hook, as the functions will have. */
    public static final class HookedHandler implements com.amazonaws.services.lambda.crac.Resource {
        @Override
        public void beforeCheckpoint(com.amazonaws.services.lambda.crac.Context<? extends com.amazonaws.services.lambda.crac.Resource> context) {
        }

        @Override
        public void afterRestore(com.amazonaws.services.lambda.crac.Context<? extends com.amazonaws.services.lambda.crac.Resource> context) {
        }
    }

    @Test
    void primingHooksAreFoundOnTheFunctionsClasspath() throws Exception {
        List<Path> classpath = new java.util.ArrayList<>(LambdaClasspath.runtime());
        classpath.add(Path.of(BenchHarnessTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        assertTrue(LambdaClasspath.hasPrimingHook(HookedHandler.class.getName(), classpath));
        assertFalse(LambdaClasspath.hasPrimingHook(HelloHandler.class.getName(), classpath));
        assertFalse(LambdaClasspath.hasPrimingHook("no.such.Handler", classpath));
    }

    @Test
    void artifactSizeCountsFilesUnpackedAndZipped(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("java/lib"));
        Files.write(dir.resolve("java/lib/a.jar"), new byte[10_000]);
        Files.writeString(dir.resolve("b.txt"), "hello");
        ArtifactSize size = ArtifactSize.of("x", dir);
        assertEquals(10_005, size.unpackedBytes());
        assertEquals(2, size.files());
        assertEquals(1, size.jars());
        assertTrue(size.zippedBytes() > 0 && size.zippedBytes() < 10_005, "zeros deflate well: " + size.zippedBytes());
    }

    @Test
    void theOtherFunctionsBillsComeFromTheirMeasuredCallsPerInvocation() {
        Prices prices = Prices.load(RepoPaths.root().resolve("bench/prices.md"));
        WarmLoop.Result alarmCalls = new WarmLoop.Result(Samples.of(List.of(10.0)), Samples.of(List.of(1.0)), 0, null,
                java.util.Map.of("DynamoDb.GetItem", 2.0, "DynamoDb.TransactWriteItems", 1.0, "CloudWatch.DescribeAlarms", 1.0), Map.of());
        WarmLoop.Result tickCalls = new WarmLoop.Result(Samples.of(List.of(2.0)), Samples.of(List.of(1.0)), 0, null,
                java.util.Map.of("DynamoDb.Query", 1.0), Map.of());
        OtherFunctionsBill.FailoverMonth month = new OtherFunctionsBill.FailoverMonth(10, 2, 2, 43_200, 0);
        List<OwnBill.Line> failover = OtherFunctionsBill.failover(month, new OtherFunctionsBill.Warm(alarmCalls),
                new OtherFunctionsBill.Warm(tickCalls), 1000, 1024, prices);
        assertEquals(40, month.transitions());
        // 80 deliveries × (2 writes for the transaction, 2 reads) + 43,200 ticks × 10 distributions × 1 read
        assertEquals("160 writes + 432,160 reads", line(failover, "DynamoDB").quantity());
        assertEquals(160 / 1e6 * prices.of("dynamodb.write") + 432_160 / 1e6 * prices.of("dynamodb.read"), line(failover, "DynamoDB").usd(), 1e-12);
        assertEquals("80 requests", line(failover, "CloudWatch API").quantity());
        assertEquals((80 * 10 + 43_200 * 2) / 1000.0 * prices.of("lambda.arm64.gbs"), line(failover, "Lambda duration (arm64)").usd(), 1e-12);
        // with capacity units measured, those are priced instead of the calls
        WarmLoop.Result alarmUnits = new WarmLoop.Result(Samples.of(List.of(10.0)), Samples.of(List.of(1.0)), 0, null, alarmCalls.awsCallsPerInvocation(),
                Map.of(BenchRequestCounter.WRITE_UNITS, 5.0, BenchRequestCounter.READ_UNITS, 1.5));
        WarmLoop.Result tickUnits = new WarmLoop.Result(Samples.of(List.of(2.0)), Samples.of(List.of(1.0)), 0, null, tickCalls.awsCallsPerInvocation(),
                Map.of(BenchRequestCounter.READ_UNITS, 3.0));
        OwnBill.Line measuredUnits = line(OtherFunctionsBill.failover(month, new OtherFunctionsBill.Warm(alarmUnits),
                new OtherFunctionsBill.Warm(tickUnits), 1000, 1024, prices), "DynamoDB");
        // 80 deliveries × (5 write units, 1.5 read units) + 432,000 tick reads × 3 units
        assertEquals("400 WRU + 1,296,120 RRU", measuredUnits.quantity());
        assertEquals(400 / 1e6 * prices.of("dynamodb.write") + 1_296_120 / 1e6 * prices.of("dynamodb.read"), measuredUnits.usd(), 1e-12);
        List<OwnBill.Line> costs = OtherFunctionsBill.costAlerts(OtherFunctionsBill.CostMonth.standard(), new OtherFunctionsBill.Warm(alarmCalls),
                new OtherFunctionsBill.Warm(tickCalls), 1000, 1024, prices);
        assertEquals(31 * prices.of("ce.request"), line(costs, "Cost Explorer").usd(), 1e-12);
    }

    private static OwnBill.Line line(List<OwnBill.Line> lines, String service) {
        return lines.stream().filter(l -> l.service().equals(service)).findFirst().orElseThrow();
    }
}
