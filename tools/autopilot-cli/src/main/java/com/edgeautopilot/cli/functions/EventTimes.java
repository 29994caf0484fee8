package com.edgeautopilot.cli.functions;

import com.edgeautopilot.common.Json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When an event says it happened, so a replay can run the function at that moment: EventBridge {@code time}; an SQS
 * batch's latest {@code ApproximateFirstReceiveTimestamp} (else {@code SentTimestamp}), when Lambda would have
 * received it; an S3 notification's latest {@code eventTime}.
 */
public final class EventTimes {

    private EventTimes() {
    }

    public static Optional<Instant> of(Map<String, Object> event) {
        Instant latest = null;
        List<Object> records = Json.list(event, "Records");
        if (records != null) {
            for (Object item : records) {
                if (!(item instanceof Map<?, ?> raw)) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> record = (Map<String, Object>) raw;
                Instant at = millis(Json.string(record, "attributes", "ApproximateFirstReceiveTimestamp"));
                if (at == null) {
                    at = millis(Json.string(record, "attributes", "SentTimestamp"));
                }
                if (at == null) {
                    at = iso(Json.string(record, "eventTime"));
                }
                if (at != null && (latest == null || at.isAfter(latest))) {
                    latest = at;
                }
            }
        }
        if (latest == null) {
            latest = iso(Json.string(event, "time"));
        }
        return Optional.ofNullable(latest);
    }

    private static Instant millis(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant iso(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
