package com.edgeautopilot.testbed;

import java.util.List;
import java.util.Map;

/** Reads literal values out of a parsed template, resolving {@code Ref} to a parameter's {@code Default}. */
final class TemplateValues {

    private final String source;
    private final Map<?, ?> parameters;

    TemplateValues(String source, Map<String, Object> template) {
        this.source = source;
        this.parameters = template.get("Parameters") instanceof Map<?, ?> map ? map : Map.of();
    }

    String source() {
        return source;
    }

    /** A scalar as text; {@code Ref} to a parameter with a Default resolves to the default; null stays null. */
    String text(Object value, String where) {
        Object resolved = resolve(value, where);
        if (resolved == null) {
            return null;
        }
        if (resolved instanceof String || resolved instanceof Number || resolved instanceof Boolean) {
            return resolved.toString();
        }
        throw new IllegalArgumentException(source + ": " + where + " must be a single value, got " + resolved);
    }

    String requiredText(Object value, String where) {
        String text = text(value, where);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(source + ": " + where + " is required");
        }
        return text;
    }

    boolean bool(Object value, String where, boolean defaultValue) {
        String text = text(value, where);
        if (text == null) {
            return defaultValue;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(source + ": " + where + " must be true or false, got '" + text + "'");
        };
    }

    Map<?, ?> map(Object value, String where) {
        Object resolved = resolve(value, where);
        if (resolved == null) {
            return null;
        }
        if (resolved instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(source + ": " + where + " must be a mapping, got " + resolved);
    }

    List<?> list(Object value, String where) {
        Object resolved = resolve(value, where);
        if (resolved == null) {
            return List.of();
        }
        if (resolved instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(source + ": " + where + " must be a list, got " + resolved);
    }

    private Object resolve(Object value, String where) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            Object key = map.keySet().iterator().next();
            if ("Ref".equals(key)) {
                String name = String.valueOf(map.get(key));
                if (parameters.get(name) instanceof Map<?, ?> parameter && parameter.containsKey("Default")) {
                    return parameter.get("Default");
                }
                throw new IllegalArgumentException(source + ": " + where + " is !Ref " + name
                        + ", which is not a template parameter with a Default; the test bed cannot resolve it");
            }
            if (key instanceof String name && (name.startsWith("Fn::") || name.equals("Condition"))) {
                throw new IllegalArgumentException(source + ": " + where + " uses " + name
                        + "; the test bed resolves only literals and !Ref to a parameter with a Default in table keys, indexes and TTL");
            }
        }
        return value;
    }
}
