package com.edgeautopilot.testbed.bench;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Counts the AWS API calls a function makes in the warm loop's JVM, by {@code Service.Operation} (one per call, the
 * SDK's retries not counted again), and the DynamoDB capacity units they consume: it asks DynamoDB for them on every
 * call that takes {@code ReturnConsumedCapacity} and sums what comes back, as read or write units; a conditional write
 * whose condition fails (an exception without ConsumedCapacity) is counted as the 1 write unit DynamoDB documents for
 * an item ≤ 1 KB, a cancelled transaction as 2 per item. Installed as an SDK global interceptor through the probe
 * folder's {@code software/amazon/awssdk/global/handlers/execution.interceptors} ({@link LambdaClasspath#probes}), so the
 * function's own clients are counted without a change to the function; only the warm loop's classpath has it. Uses
 * the SDK core's generic field access only, so it loads whatever service clients the function has.
 */
public final class BenchRequestCounter implements ExecutionInterceptor {

    /** Where the SDK looks for global interceptors on the classpath. */
    static final String GLOBAL_INTERCEPTORS = "software/amazon/awssdk/global/handlers/execution.interceptors";
    static final String DYNAMODB = "DynamoDb";
    /** Keys of {@link #units()}. */
    static final String READ_UNITS = "DynamoDb.readUnits";
    static final String WRITE_UNITS = "DynamoDb.writeUnits";
    /** DynamoDB operations whose units are read units (this class is copied alone into the probe folder: it names no other bench class). */
    static final Set<String> DYNAMODB_READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");

    private static final Map<String, AtomicLong> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, DoubleAdder> UNITS = new ConcurrentHashMap<>();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!DYNAMODB.equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return context.request();
        }
        SdkRequest.Builder builder = context.request().toBuilder();
        Optional<SdkField<?>> field = builder instanceof SdkPojo pojo ? field(pojo, "ReturnConsumedCapacity") : Optional.empty();
        if (field.isEmpty()) {
            return context.request();
        }
        field.get().set(builder, "TOTAL");
        return builder.build();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        CALLS.computeIfAbsent(call, c -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!DYNAMODB.equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return;
        }
        Object consumed = context.response().getValueForField("ConsumedCapacity", Object.class).orElse(null);
        double units = 0;
        for (Object capacity : consumed instanceof List<?> list ? list : consumed == null ? List.of() : List.of(consumed)) {
            Object value = field((SdkPojo) capacity, "CapacityUnits").map(f -> f.getValueOrDefault(capacity)).orElse(null);
            units += value instanceof Number number ? number.doubleValue() : 0;
        }
        add(attributes, units);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (!DYNAMODB.equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
                || !(context.exception() instanceof AwsServiceException failure) || failure.awsErrorDetails() == null) {
            return;
        }
        String code = failure.awsErrorDetails().errorCode();
        if ("ConditionalCheckFailedException".equals(code)) {
            add(attributes, 1);
        } else if ("TransactionCanceledException".equals(code)) {
            add(attributes, 2.0 * context.request().getValueForField("TransactItems", List.class).map(List::size).orElse(1));
        }
    }

    private static void add(ExecutionAttributes attributes, double units) {
        boolean read = DYNAMODB_READS.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        UNITS.computeIfAbsent(read ? READ_UNITS : WRITE_UNITS, u -> new DoubleAdder()).add(units);
    }

    private static Optional<SdkField<?>> field(SdkPojo pojo, String memberName) {
        return pojo.sdkFields().stream().filter(f -> memberName.equals(f.memberName())).findFirst();
    }

    static void reset() {
        CALLS.clear();
        UNITS.clear();
    }

    /** Calls counted since the last {@link #reset()}, by {@code Service.Operation}. */
    static Map<String, Long> counted() {
        Map<String, Long> counted = new TreeMap<>();
        CALLS.forEach((call, count) -> counted.put(call, count.get()));
        return counted;
    }

    /** DynamoDB capacity units consumed since the last {@link #reset()}: {@link #READ_UNITS}, {@link #WRITE_UNITS}. */
    static Map<String, Double> units() {
        Map<String, Double> units = new TreeMap<>();
        UNITS.forEach((kind, sum) -> units.put(kind, sum.sum()));
        return units;
    }
}
