package com.edgeautopilot.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The deployment's fleet: which buckets, routes, distributions and protected distributions it serves.
 *
 * <p>One file per environment, {@code config/<env>.yaml}, is the single place a platform team configures its fleet:
 * {@code sam deploy} reads it as the environment's parameter file ({@code parameter_overrides = ["file://..."]}), so the
 * template's IAM, rules and queue policy name exactly its buckets and distributions; and {@code sam build} ships it, as
 * JSON, in the fleet layer ({@code /opt/fleet/<env>.json}, the path in {@code FLEET_FILE}), where the functions read the
 * parts too large for a CloudFormation parameter (4,096 bytes) or a function's environment (4 KB in all): the routes
 * and the protected distributions. A setting named here is read from the file unless the environment sets it (tests and
 * local runs do).
 */
public final class FleetFile {

    /** The environment variable naming the fleet file (JSON). */
    public static final String LOCATION = "FLEET_FILE";

    /** The settings the fleet file carries: setting name → the file's key (the template parameter's name). */
    public static final Map<String, String> SETTING_KEYS = Map.of(
            "SITE_ROUTES", "SiteRoutes",
            "DISTRIBUTION_IDS", "DistributionIds",
            "PROTECTED_DISTRIBUTIONS", "ProtectedDistributions",
            "DISTRIBUTION_ARNS", "FailoverDistributionArns",
            "ALARM_ARNS", "FailoverAlarmArns");

    private final Map<String, Object> content;

    private FleetFile(Map<String, Object> content) {
        this.content = content;
    }

    /** A fleet file's content (the YAML or JSON object), as tests and local runs hold it. */
    public static FleetFile of(Map<String, Object> content) {
        return new FleetFile(java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(content)));
    }

    /** Reads a fleet file; a missing or malformed file is a {@link ConfigException} naming {@code FLEET_FILE}. */
    public static FleetFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(LOCATION, "names " + file + ", which cannot be read: " + e.getMessage());
        }
        try {
            return new FleetFile(Json.parseObject(text));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(LOCATION, "names " + file + ", which is not a JSON object: " + e.getMessage());
        }
    }

    /** Settings backed by this file: a list of strings reads as the comma-joined list, anything else (an empty list too) as its JSON. */
    public Function<String, String> settings() {
        return name -> {
            String key = SETTING_KEYS.get(name);
            Object value = key == null ? null : content.get(key);
            if (value == null) {
                return null;
            }
            if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(item -> item instanceof String)) {
                return String.join(",", list.stream().map(String.class::cast).toList());
            }
            return value instanceof String text ? text : Json.write(value);
        };
    }
}
