package com.edgeautopilot.testbed.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warm-invocation probe, run as the handler of a Lambda-like child JVM (same classpath, flags and environment as the
 * function's cold start). Its init constructs the function's handler ({@code BENCH_TARGET_HANDLER}, no-arg
 * constructor, as the runtime does). Its one invocation receives the function's sample event and calls the
 * function's {@code handleRequest} in-process {@code BENCH_WARMUP} times, then {@code BENCH_ITERATIONS} times
 * measured: wall time and heap bytes allocated by all threads ({@code com.sun.management.ThreadMXBean}) per call.
 *
 * <p>Every call gets its own copy of the event in which each UUID (message ids, event ids) is replaced by a fresh
 * one and each S3 {@code sequencer} made newer (call number appended), so the function's duplicate detection does not
 * short-circuit repeated calls: each call is a new change of the same objects; the copies are made before the
 * measured loop. AWS calls of the measured calls, and the DynamoDB capacity units they consume, are counted by {@link BenchRequestCounter}. Answers
 * {@code {"nanos":[...],"allocatedBytes":[...],"errors":n,"firstError":"...","awsCalls":{"DynamoDb.GetItem":n,...}}}.
 */
public final class WarmLoopHandler implements RequestStreamHandler {

    private static final Pattern UUID_TEXT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** An S3 sequencer as JSON text, also inside a JSON string (an SQS body): at most 24 digits, so 8 more still fit S3's 32. */
    private static final Pattern SEQUENCER = Pattern.compile("(sequencer\\\\?\"\\s*:\\s*\\\\?\")([0-9A-Fa-f]{1,24})(\\\\?\")");

    private final Object target;

    public WarmLoopHandler() throws ReflectiveOperationException {
        String name = System.getenv("BENCH_TARGET_HANDLER");
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("BENCH_TARGET_HANDLER is not set");
        }
        target = Class.forName(name.strip()).getDeclaredConstructor().newInstance();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        if (!(target instanceof RequestStreamHandler handler)) {
            output.write(("{\"unsupported\":\"" + target.getClass().getName() + " is not a RequestStreamHandler\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "50"));
        int iterations = Integer.parseInt(System.getenv().getOrDefault("BENCH_ITERATIONS", "200"));
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < warmup + iterations; i++) {
            events.add(withFreshIds(event, i).getBytes(StandardCharsets.UTF_8));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] nanos = new long[iterations];
        long[] allocated = new long[iterations];
        int errors = 0;
        String firstError = null;
        for (int i = 0; i < warmup + iterations; i++) {
            if (i == warmup) {
                BenchRequestCounter.reset();
            }
            ByteArrayInputStream in = new ByteArrayInputStream(events.get(i));
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            long bytesBefore = threads.getTotalThreadAllocatedBytes();
            long started = System.nanoTime();
            try {
                handler.handleRequest(in, out, context);
            } catch (Exception | Error e) {
                errors++;
                if (firstError == null) {
                    firstError = e.toString();
                }
            }
            long elapsed = System.nanoTime() - started;
            long bytes = threads.getTotalThreadAllocatedBytes() - bytesBefore;
            if (i >= warmup) {
                nanos[i - warmup] = elapsed;
                allocated[i - warmup] = bytes;
            }
        }
        StringBuilder json = new StringBuilder("{\"nanos\":").append(array(nanos)).append(",\"allocatedBytes\":").append(array(allocated))
                .append(",\"errors\":").append(errors).append(",\"awsCalls\":{");
        String separator = "";
        for (Map.Entry<String, Long> call : BenchRequestCounter.counted().entrySet()) {
            json.append(separator).append('"').append(call.getKey()).append("\":").append(call.getValue());
            separator = ",";
        }
        json.append("},\"dynamoUnits\":{");
        separator = "";
        for (Map.Entry<String, Double> units : BenchRequestCounter.units().entrySet()) {
            json.append(separator).append('"').append(units.getKey()).append("\":").append(units.getValue());
            separator = ",";
        }
        json.append('}');
        if (firstError != null) {
            json.append(",\"firstError\":\"").append(firstError.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ")).append('"');
        }
        output.write(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The event with every UUID replaced by one derived from the call number and every sequencer followed by the call
     * number (deterministic, distinct per call, and newer the later the call).
     */
    static String withFreshIds(String event, int call) {
        return newerSequencers(freshUuids(event, call), call);
    }

    private static String newerSequencers(String event, int call) {
        Matcher matcher = SEQUENCER.matcher(event);
        StringBuilder out = new StringBuilder(event.length());
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + matcher.group(2)
                    + String.format(Locale.ROOT, "%08X", call) + matcher.group(3)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String freshUuids(String event, int call) {
        Matcher matcher = UUID_TEXT.matcher(event);
        StringBuilder out = new StringBuilder(event.length());
        int seen = 0;
        while (matcher.find()) {
            UUID fresh = new UUID(0xBE4C_0000_0000_0000L | call, seen++);
            matcher.appendReplacement(out, fresh.toString().toLowerCase(Locale.ROOT));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String array(long[] values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : ",").append(values[i]);
        }
        return text.append(']').toString();
    }
}
