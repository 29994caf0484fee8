package com.edgeautopilot.testbed.bench;

import com.edgeautopilot.testbed.LambdaRuntimeHarness;
import com.edgeautopilot.testbed.RepoPaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java part of {@code bench/run}: artifact sizes, cold starts (each function next to a bare handler, with and
 * without SnapStart priming), warm invocations, then the own bill; writes {@code bench/RESULTS.md} through
 * {@link ResultsReport}. The artifacts must have been built into {@code <out>/artifacts} (bench/run does it) and
 * {@code bench/PLANNER.md} and {@code bench/COALESCER.md} written.
 *
 * <p>Arguments: {@code runs=5 warmup=50 iterations=200 out=bench/out results=bench/RESULTS.md}; system property
 * {@code bench.note}: a paragraph for the top of the file (e.g. what else ran on the machine).
 */
public final class BenchMain {

    static final String BARE = "bare hello-world handler";
    static final String SDK_FLOOR = "SDK floor: DynamoDB client + one GetItem";
    /** The template's Globals.Function.MemorySize, for the bare handler. */
    static final int BARE_MEMORY_MB = 1024;

    /** Everything measured, for the report. */
    record Measurements(BenchTable table, int runs, int warmup, int iterations, List<ArtifactSize> layers, List<ArtifactSize> functions,
                        Map<String, List<ColdStart.Run>> cold, Map<String, List<ColdStart.Run>> primed, Map<String, Boolean> hooks,
                        Map<String, WarmLoop.Result> warm, String loadAtStart) {
    }

    private BenchMain() {
    }

    /**
     * Runs under exec:java, whose Maven would otherwise wait minutes for a thread DynamoDB Local leaves behind after
     * close (its shard-rollover job sleeps in a non-daemon pool thread), also after a failure: so the JVM is ended here,
     * with the failure printed and a non-zero status.
     */
    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable failure) {
            System.err.println("bench failed: " + failure);
            failure.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("runs", "5", "warmup", "50", "iterations", "200",
                "out", "bench/out", "results", "bench/RESULTS.md"));
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals <= 0 || !options.containsKey(arg.substring(0, equals))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; known: " + options.keySet());
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        Path root = RepoPaths.root();
        Path out = root.resolve(options.get("out"));
        Measurements measured = measure(root, out, Integer.parseInt(options.get("runs")), Integer.parseInt(options.get("warmup")),
                Integer.parseInt(options.get("iterations")));
        String report = ResultsReport.render(root, measured, System.getProperty("bench.note", ""));
        Path results = root.resolve(options.get("results"));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, report);
        System.out.println(report);
    }

    static Measurements measure(Path root, Path out, int runs, int warmup, int iterations) {
        String loadAtStart = ResultsReport.Machine.loadAverage();
        BenchTable table = BenchTable.load(root.resolve("bench/functions.txt"));
        Path artifacts = out.resolve("artifacts");
        List<ArtifactSize> layerSizes = new ArrayList<>();
        for (BenchTable.Layer layer : table.layers()) {
            layerSizes.add(ArtifactSize.of(layer.name(), layer.artifact(artifacts)));
        }
        Map<String, ArtifactSize> functionSizes = new LinkedHashMap<>();
        for (BenchTable.Function function : table.functions()) {
            String module = Path.of(function.module()).getFileName().toString();
            functionSizes.computeIfAbsent(module, m -> ArtifactSize.of(m, function.artifact(artifacts)));
        }

        List<Path> runtime = LambdaClasspath.runtime();
        Path probes = LambdaClasspath.probes(out.resolve("probe"));
        Map<String, List<Path>> classpaths = new LinkedHashMap<>();
        Map<String, Boolean> hooks = new LinkedHashMap<>();
        for (BenchTable.Function function : table.functions()) {
            List<Path> functionPath = LambdaClasspath.function(function.artifact(artifacts), table.layerArtifacts(function, artifacts));
            List<Path> all = new ArrayList<>(runtime);
            all.addAll(functionPath);
            classpaths.put(function.name(), all);
            hooks.put(function.name(), LambdaClasspath.hasPrimingHook(function.handlerClass(), functionPath));
        }
        List<Path> bareClasspath = new ArrayList<>(runtime);
        bareClasspath.add(probes);
        List<Path> floorClasspath = new ArrayList<>(runtime);
        floorClasspath.addAll(LambdaClasspath.function(LambdaClasspath.floorProbe(out.resolve("probe-floor")),
                List.of(table.layers().stream().filter(layer -> layer.name().equals("CommonLayer")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("bench/functions.txt lists no CommonLayer")).artifact(artifacts))));

        Map<String, List<ColdStart.Run>> cold = new LinkedHashMap<>();
        Map<String, List<ColdStart.Run>> primed = new LinkedHashMap<>();
        Map<String, WarmLoop.Result> warm = new LinkedHashMap<>();
        Path logs = out.resolve("coldstart");
        try (StandIns standIns = new StandIns()) {
            Map<String, Map<String, String>> envs = new LinkedHashMap<>();
            for (BenchTable.Function function : table.functions()) {
                envs.put(function.name(), standIns.resolve(function.env()));
            }
            Map<String, String> floorEnv = standIns.resolve(Map.of("FLOOR_TABLE", "${table:CoalescerTable}"));
            // Interleaved (bare, f1, f2, ..., then again) so load from other work on the machine hits all alike.
            for (int run = 0; run < runs; run++) {
                log("cold start run " + (run + 1) + "/" + runs);
                cold.computeIfAbsent(BARE, k -> new ArrayList<>()).add(ColdStart.run(harness("bare", BARE_MEMORY_MB, bareClasspath),
                        HelloHandler.class.getName() + "::handleRequest", "{}", Map.of(), logs.resolve("bare-" + run + ".classes")));
                cold.computeIfAbsent(SDK_FLOOR, k -> new ArrayList<>()).add(ColdStart.run(harness("sdk-floor", BARE_MEMORY_MB, floorClasspath),
                        SdkFloorHandler.class.getName() + "::handleRequest", "{}", floorEnv, logs.resolve("sdk-floor-" + run + ".classes")));
                for (BenchTable.Function function : table.functions()) {
                    String event = WarmLoopHandler.withFreshIds(RepoPaths.event(function.event()), 1_000_000 + run);
                    LambdaRuntimeHarness harness = harness(function.name(), function.memoryMb(), classpaths.get(function.name()));
                    cold.computeIfAbsent(function.name(), k -> new ArrayList<>()).add(ColdStart.run(harness, function.handler(), event,
                            envs.get(function.name()), logs.resolve(function.name() + "-" + run + ".classes")));
                    if (hooks.get(function.name())) {
                        String again = WarmLoopHandler.withFreshIds(RepoPaths.event(function.event()), 2_000_000 + run);
                        primed.computeIfAbsent(function.name(), k -> new ArrayList<>()).add(ColdStart.run(harness.snapStart(true),
                                function.handler(), again, envs.get(function.name()), logs.resolve(function.name() + "-primed-" + run + ".classes")));
                    }
                }
            }
            for (BenchTable.Function function : table.functions()) {
                log("warm invocations of " + function.name());
                List<Path> loopPath = new ArrayList<>(classpaths.get(function.name()));
                loopPath.add(runtime.size(), probes);
                warm.put(function.name(), WarmLoop.run(harness(function.name(), function.memoryMb(), loopPath).timeout(Duration.ofMinutes(10)),
                        function.handlerClass(), RepoPaths.event(function.event()), envs.get(function.name()), warmup, iterations));
            }
        }
        return new Measurements(table, runs, warmup, iterations, layerSizes, List.copyOf(functionSizes.values()), cold, primed, hooks, warm, loadAtStart);
    }

    private static LambdaRuntimeHarness harness(String name, int memoryMb, List<Path> classpath) {
        return LambdaRuntimeHarness.create().functionName(name).memoryMb(memoryMb).classpath(classpath)
                .startupTimeout(Duration.ofMinutes(2)).timeout(Duration.ofMinutes(1));
    }

    private static void log(String message) {
        System.err.println("bench: " + message);
    }
}
