package com.edgeautopilot.testbed.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the AWS API calls a function makes in the warm loop's JVM, by {@code Service.Operation} (one per call, the
 * SDK's retries not counted again). Installed as an SDK global interceptor through the probe folder's
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} ({@link LambdaClasspath#probes}), so the
 * function's own clients are counted without a change to the function; only the warm loop's classpath has it.
 */
public final class BenchRequestCounter implements ExecutionInterceptor {

    /** Where the SDK looks for global interceptors on the classpath. */
    static final String GLOBAL_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";

    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(call, c -> new AtomicLong()).incrementAndGet();
    }

    static void reset() {
        CALLS.clear();
    }

    /** Calls counted since the last {@link #reset()}, by {@code Service.Operation}. */
    static Map<String, Long> counted() {
        Map<String, Long> counted = new TreeMap<>();
        CALLS.forEach((call, count) -> counted.put(call, count.get()));
        return counted;
    }
}
