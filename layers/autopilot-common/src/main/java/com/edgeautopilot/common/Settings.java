package com.edgeautopilot.common;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Typed access to a function's configuration (environment variables set by template.yaml).
 * Every accessor fails with a {@link ConfigException} naming the setting, so a broken deployment
 * fails at init with a message that says what to fix.
 */
public final class Settings {

    private final Function<String, String> source;

    private Settings(Function<String, String> source) {
        this.source = source;
    }

    /**
     * The function's settings: its environment variables, and for what the fleet file carries ({@link FleetFile}),
     * the file named by {@code FLEET_FILE} when the environment does not set the setting itself.
     */
    public static Settings fromEnvironment() {
        String fleet = System.getenv(FleetFile.LOCATION);
        if (fleet == null || fleet.isBlank()) {
            return new Settings(System::getenv);
        }
        Function<String, String> fromFleet = FleetFile.read(java.nio.file.Path.of(fleet.trim())).settings();
        return new Settings(name -> {
            String value = System.getenv(name);
            return value != null ? value : fromFleet.apply(name);
        });
    }

    /** Settings backed by a map, with the process environment as fallback when {@code fallbackToEnv}. */
    public static Settings of(Map<String, String> values, boolean fallbackToEnv) {
        Map<String, String> copy = new HashMap<>(values);
        return new Settings(name -> copy.containsKey(name) ? copy.get(name) : (fallbackToEnv ? System.getenv(name) : null));
    }

    public static Settings of(Map<String, String> values) {
        return of(values, false);
    }

    public String required(String name) {
        String value = raw(name);
        if (value == null) {
            throw new ConfigException(name, "is required but not set");
        }
        return value;
    }

    public String optional(String name, String defaultValue) {
        String value = raw(name);
        return value == null ? defaultValue : value;
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be an integer, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    public int intValue(String name, int defaultValue, int min, int max) {
        return (int) longValue(name, defaultValue, min, max);
    }

    public double doubleValue(String name, double defaultValue, double min, double max) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a number, got '" + value + "'");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + value);
        }
        return parsed;
    }

    public Duration seconds(String name, long defaultSeconds, long minSeconds, long maxSeconds) {
        return Duration.ofSeconds(longValue(name, defaultSeconds, minSeconds, maxSeconds));
    }

    public boolean booleanValue(String name, boolean defaultValue) {
        String value = raw(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(name, "must be true or false, got '" + value + "'");
        };
    }

    private String raw(String name) {
        Objects.requireNonNull(name, "name");
        String value = source.apply(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim();
    }
}
