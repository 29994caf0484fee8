package com.edgeautopilot.common;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logs: one JSON object per line on stdout, with a level, a message and fields
 * (the batch id, the distribution...). Lambda's JSON log format keeps such lines as they are, so
 * CloudWatch Logs Insights can query every field.
 */
public final class Log {

    public enum Level { DEBUG, INFO, WARN, ERROR }

    private final PrintStream out;
    private final Map<String, Object> context;
    private final Level threshold;

    private Log(PrintStream out, Map<String, Object> context, Level threshold) {
        this.out = out;
        this.context = context;
        this.threshold = threshold;
    }

    public static Log to(PrintStream out) {
        String level = System.getenv("AWS_LAMBDA_LOG_LEVEL");
        Level threshold = Level.INFO;
        if (level != null) {
            try {
                threshold = Level.valueOf(level.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                threshold = Level.INFO;
            }
        }
        return new Log(out, Map.of(), threshold);
    }

    public static Log stdout() {
        return to(System.out);
    }

    /**
     * A logger for one invocation: every line carries the Lambda request id and, when X-Ray traces the invocation,
     * its trace id (read per invocation: the runtime sets it for each request).
     */
    public Log forRequest(String requestId) {
        Log scoped = with("requestId", requestId);
        String trace = System.getProperty("com.amazonaws.xray.traceHeader", System.getenv("_X_AMZN_TRACE_ID"));
        return trace == null || trace.isBlank() ? scoped : scoped.with("xrayTraceId", trace);
    }

    /** A logger whose lines all carry {@code key=value} in addition to this one's context. */
    public Log with(String key, Object value) {
        Map<String, Object> next = new LinkedHashMap<>(context);
        next.put(key, value);
        return new Log(out, next, threshold);
    }

    public void debug(String message, Object... keyValues) {
        write(Level.DEBUG, message, null, keyValues);
    }

    public void info(String message, Object... keyValues) {
        write(Level.INFO, message, null, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write(Level.WARN, message, null, keyValues);
    }

    public void error(String message, Throwable error, Object... keyValues) {
        write(Level.ERROR, message, error, keyValues);
    }

    private void write(Level level, String message, Throwable error, Object... keyValues) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("message", message);
        line.putAll(context);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        if (error != null) {
            line.put("errorType", error.getClass().getName());
            line.put("errorMessage", String.valueOf(error.getMessage()));
        }
        String json = Json.write(line);
        synchronized (out) {
            out.println(json);
        }
    }
}
