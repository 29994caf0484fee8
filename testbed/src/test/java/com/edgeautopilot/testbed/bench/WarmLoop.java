package com.edgeautopilot.testbed.bench;

import com.edgeautopilot.testbed.Invocation;
import com.edgeautopilot.testbed.LambdaRuntimeHarness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Warm invocations of a function, measured in-process by {@link WarmLoopHandler} in a Lambda-like child JVM. */
final class WarmLoop {

    /** Per-call wall time (ms) and heap bytes allocated; {@code problem} says why there are none. */
    record Result(Samples millis, Samples allocatedBytes, int errors, String problem) {
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
                    result.outcome() + " " + result.errorType() + ": " + result.errorMessage());
        }
        Map<String, Object> answer = result.responseObject();
        if (answer.containsKey("unsupported")) {
            return new Result(Samples.of(List.of()), Samples.of(List.of()), 0, String.valueOf(answer.get("unsupported")));
        }
        int errors = ((Number) answer.get("errors")).intValue();
        String problem = errors == 0 ? null : errors + " of the calls failed, first: " + answer.get("firstError");
        return new Result(Samples.of(scaled(answer.get("nanos"), 1e-6)), Samples.of(scaled(answer.get("allocatedBytes"), 1)), errors, problem);
    }

    private static List<Double> scaled(Object numbers, double factor) {
        List<Double> values = new ArrayList<>();
        for (Object number : (List<?>) numbers) {
            values.add(((Number) number).doubleValue() * factor);
        }
        return values;
    }
}
