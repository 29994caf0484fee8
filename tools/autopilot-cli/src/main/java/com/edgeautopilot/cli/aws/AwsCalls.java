package com.edgeautopilot.cli.aws;

import software.amazon.awssdk.core.SdkRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS calls made while a {@link Recording} is active, as {@link AwsCallRecorder} reports them. One recording at a
 * time per JVM (the CLI runs one invocation at a time); calls from any thread count, since a function may fan out.
 */
public final class AwsCalls {

    /** One AWS call: what, where, how it went, and (when asked for) the request, abridged or whole. */
    public record Call(int sequence, String service, String operation, int httpStatus, long micros, int attempts,
                       String endpoint, Map<String, Object> request, String errorCode, String errorMessage) {

        public boolean failed() {
            return errorCode != null;
        }

        /** The JSON line {@code ./autopilot replay} prints for this call. */
        public Map<String, Object> toJson() {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("type", "aws-call");
            line.put("seq", sequence);
            line.put("service", service);
            line.put("operation", operation);
            line.put("status", httpStatus);
            line.put("ms", Math.round(micros / 100.0) / 10.0);
            if (attempts != 1) {
                line.put("attempts", attempts);
            }
            line.put("endpoint", endpoint);
            if (request != null) {
                line.put("request", request);
            }
            if (errorCode != null) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", errorCode);
                error.put("message", errorMessage);
                line.put("error", error);
            }
            return line;
        }
    }

    /** How much of each request a recording keeps: nothing, an abridged summary, or the whole request. */
    public enum Requests { NONE, ABRIDGED, WHOLE }

    /** Calls recorded between {@link #start} and {@link #close}. */
    public static final class Recording implements AutoCloseable {
        private final Requests requests;
        private final AtomicInteger sequence = new AtomicInteger();
        private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();

        private Recording(Requests requests) {
            this.requests = requests;
        }

        void add(String service, String operation, int status, long nanos, int attempts, String endpoint, SdkRequest request,
                 String errorCode, String errorMessage) {
            Map<String, Object> summary = requests == Requests.NONE || request == null ? null
                    : RequestSummary.of(request, requests == Requests.WHOLE);
            calls.add(new Call(sequence.incrementAndGet(), service, operation, status, nanos / 1000, attempts, endpoint, summary,
                    errorCode, errorMessage));
        }

        /** The calls so far, in the order they completed. */
        public List<Call> calls() {
            List<Call> list = new ArrayList<>(calls);
            list.sort(Comparator.comparingInt(Call::sequence));
            return list;
        }

        /** {@code {"DynamoDb": {"UpdateItem": 12, ...}, ...}}, sorted. */
        public Map<String, Map<String, Integer>> countsByService() {
            Map<String, Map<String, Integer>> counts = new TreeMap<>();
            for (Call call : calls) {
                counts.computeIfAbsent(call.service(), s -> new TreeMap<>()).merge(call.operation(), 1, Integer::sum);
            }
            return counts;
        }

        @Override
        public void close() {
            synchronized (AwsCalls.class) {
                if (current == this) {
                    current = null;
                }
            }
        }
    }

    private static volatile Recording current;

    private AwsCalls() {
    }

    /** Starts recording, keeping as much of each request as {@code requests} says (replay prints it). */
    public static synchronized Recording start(Requests requests) {
        if (current != null) {
            throw new IllegalStateException("an AWS call recording is already active");
        }
        current = new Recording(requests);
        return current;
    }

    static Recording active() {
        return current;
    }
}
