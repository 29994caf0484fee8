package com.edgeautopilot.common;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Small JSON helpers over jackson-jr (a light, well-kept Jackson front end: ~130 KB, no reflection-heavy databind). */
public final class Json {

    private static final JSON MAPPER = JSON.std;
    private static final JSON PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {
    }

    /** Parses a JSON object; throws {@link IllegalArgumentException} with the parser's reason when it is not one. */
    public static Map<String, Object> parseObject(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty body, expected a JSON object");
        }
        try {
            Object value = MAPPER.anyFrom(text);
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> cast = (Map<String, Object>) map;
                return cast;
            }
            throw new IllegalArgumentException("expected a JSON object, got " + (value == null ? "null" : value.getClass().getSimpleName()));
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.asString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize to JSON: " + e.getMessage(), e);
        }
    }

    public static String writePretty(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize to JSON: " + e.getMessage(), e);
        }
    }

    /** Navigates nested objects: {@code path(event, "detail", "object", "key")}; null when any step is missing. */
    public static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    public static String string(Map<String, Object> root, String... keys) {
        Object value = path(root, keys);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> root, String... keys) {
        Object value = path(root, keys);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> root, String... keys) {
        Object value = path(root, keys);
        return value instanceof List<?> ? (List<Object>) value : null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown parse error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
