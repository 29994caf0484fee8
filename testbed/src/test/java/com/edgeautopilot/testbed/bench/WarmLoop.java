package com.edgeautopilot.testbed.bench;

import com.edgeautopilot.testbed.Invocation;
import com.edgeautopilot.testbed.LambdaRuntimeHarness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Warm invocations of a function, measured in-process by {@link WarmLoopHandler} in a Lambda-like child JVM. */
final class WarmLoop {

    /**
     * Per-call wall time (ms) and heap bytes allocated, AWS calls per invocation by {@code Service.Operation}, DynamoDB
     * capacity units per invocation ({@link BenchRequestCounter#READ_UNITS}, {@link BenchRequestCounter#WRITE_UNITS}; empty
     * when not measured); {@code problem} says why there are none.
     */
    record Result(Samples millis, Samples allocatedBytes, int errors, String problem, Map<String, Double> awsCallsPerInvocation,
                  Map<String, Double> dynamoUnitsPerInvocation) {

        /** Calls per invocation of one service (e.g. {@code DynamoDb}) whose operation passes the filter. */
        double callsPerInvocation(String service, java.util.function.Predicate<String> operation) {
            return awsCallsPerInvocation.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(service + ".") && operation.test(e.getKey().substring(service.length() + 1)))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }

    private WarmLoop() {
    }

    static Result run(LambdaRuntimeHarness harness, String targetHandlerClass, String event, Map<String, String> env,
                      int warmup, int iterations) {
        Map<String, String> loopEnv = new LinkedHashMap<>(env);
        loopEnv.put("BENCH_TARGET_HANDLER", targetHandlerClass);
        loopEnv.put("BENCH_WARMUP", Integer.toString(warmup));
        loopEnv.put("BENCH_ITERATIONS", Integer.toString(iterations));
        Invocation result = harness.invoke(WarmLoopHandler.class.getName() + "::handleRequest", event, loopEnv);
        if (!result.succeeded()) {
            return new Result(Samples.of(List.of()), Samples.of(List.of()), 0,
                    result.outcome() + " " + result.errorType() + ": " + result.errorMessage(), Map.of(), Map.of());
        }
        Map<String, Object> answer = result.responseObject();
        if (answer.containsKey("unsupported")) {
            return new Result(Samples.of(List.of()), Samples.of(List.of()), 0, String.valueOf(answer.get("unsupported")), Map.of(), Map.of());
        }
        int errors = ((Number) answer.get("errors")).intValue();
        String problem = errors == 0 ? null : errors + " of the calls failed, first: " + answer.get("firstError");
        Map<String, Double> calls = new java.util.TreeMap<>();
        if (answer.get("awsCalls") instanceof Map<?, ?> counted) {
            counted.forEach((call, count) -> calls.put(String.valueOf(call), ((Number) count).doubleValue() / iterations));
        }
        Map<String, Double> units = new java.util.TreeMap<>();
        if (answer.get("dynamoUnits") instanceof Map<?, ?> consumed) {
            consumed.forEach((kind, sum) -> units.put(String.valueOf(kind), ((Number) sum).doubleValue() / iterations));
        }
        return new Result(Samples.of(scaled(answer.get("nanos"), 1e-6)), Samples.of(scaled(answer.get("allocatedBytes"), 1)), errors, problem,
                calls, units);
    }

    private static List<Double> scaled(Object numbers, double factor) {
        List<Double> values = new ArrayList<>();
        for (Object number : (List<?>) numbers) {
            values.add(((Number) number).doubleValue() * factor);
        }
        return values;
    }
}
