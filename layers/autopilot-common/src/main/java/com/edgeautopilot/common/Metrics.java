package com.edgeautopilot.common;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metrics in Embedded Metric Format: one JSON log line per flush, which CloudWatch turns into
 * metrics without any PutMetricData call (no extra IAM, no extra latency). Not thread-safe: one instance per
 * invocation.
 */
public final class Metrics {

    public enum Unit { Count, Seconds, Milliseconds, None }

    private record Value(String name, double value, Unit unit) {
    }

    private final String namespace;
    private final PrintStream out;
    private final Clock clock;
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<Value> values = new ArrayList<>();

    public Metrics(String namespace, PrintStream out, Clock clock) {
        this.namespace = namespace;
        this.out = out;
        this.clock = clock;
    }

    public Metrics dimension(String name, String value) {
        dimensions.put(name, value);
        return this;
    }

    public Metrics property(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Metrics put(String name, double value, Unit unit) {
        values.add(new Value(name, value, unit));
        return this;
    }

    /** Writes the EMF document and clears the recorded values (dimensions stay). Nothing is written when empty. */
    public void flush() {
        if (values.isEmpty()) {
            return;
        }
        List<Map<String, Object>> definitions = new ArrayList<>();
        Map<String, Object> document = new LinkedHashMap<>();
        for (Value value : values) {
            definitions.add(Map.of("Name", value.name(), "Unit", value.unit().name()));
            document.put(value.name(), value.value());
        }
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", List.of(new ArrayList<>(dimensions.keySet())));
        directive.put("Metrics", definitions);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", clock.millis());
        aws.put("CloudWatchMetrics", List.of(directive));

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("_aws", aws);
        root.putAll(dimensions);
        root.putAll(properties);
        root.putAll(document);
        String json = Json.write(root);
        synchronized (out) {
            out.println(json);
        }
        values.clear();
        properties.clear();
    }
}
