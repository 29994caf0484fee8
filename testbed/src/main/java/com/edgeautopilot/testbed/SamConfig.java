package com.edgeautopilot.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deploy environments of samconfig.toml as {@code sam deploy --config-env} reads them: each
 * {@code [<env>.deploy.parameters]} table's {@code region}, {@code stack_name} (from {@code [<env>.global.parameters]}
 * too) and {@code parameter_overrides} (a list of {@code "Key=Value"} strings, or one string of them). Only the TOML
 * this file uses is read: tables, basic strings and arrays of basic strings.
 */
public final class SamConfig {

    /**
     * One environment: its name, region, stack name, the parameter values it deploys with, and its fleet file's content
     * (empty when its overrides name none).
     */
    public record Environment(String name, String region, String stackName, Map<String, String> parameterOverrides,
                              Map<String, Object> fleet) {
        public Environment(String name, String region, String stackName, Map<String, String> parameterOverrides) {
            this(name, region, stackName, parameterOverrides, Map.of());
        }

        public String partition() {
            return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        }
    }

    private static final String FILE = "file://";
    private static final Pattern TABLE = Pattern.compile("^\\[([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.parameters]\\s*$");
    private static final Pattern KEY = Pattern.compile("^([A-Za-z0-9_]+)\\s*=\\s*(.*)$");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private SamConfig() {
    }

    /** The environments with a deploy table, in file order, for {@code sam} run beside the file. */
    public static List<Environment> environments(Path samconfig) {
        return environments(samconfig, samconfig.toAbsolutePath().getParent());
    }

    /**
     * The environments with a deploy table, in file order, for {@code sam} run in {@code workingDir} (SAM CLI reads a
     * {@code file://} parameter file relative to where it runs).
     */
    public static List<Environment> environments(Path samconfig, Path workingDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(samconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + samconfig + ": " + e.getMessage());
        }
        Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
        Map<String, Object> current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher table = TABLE.matcher(line);
            if (table.matches()) {
                current = tables.computeIfAbsent(table.group(1) + "." + table.group(2), k -> new LinkedHashMap<>());
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (current == null || !key.matches()) {
                continue;
            }
            String value = key.group(2).strip();
            if (value.startsWith("[")) {
                StringBuilder array = new StringBuilder(value);
                while (!array.toString().strip().endsWith("]") && i + 1 < lines.size()) {
                    array.append('\n').append(lines.get(++i));
                }
                current.put(key.group(1), strings(array.toString()));
            } else {
                List<String> strings = strings(value);
                current.put(key.group(1), strings.isEmpty() ? value : strings.get(0));
            }
        }
        List<Environment> environments = new ArrayList<>();
        tables.forEach((name, values) -> {
            if (!name.endsWith(".deploy")) {
                return;
            }
            String env = name.substring(0, name.length() - ".deploy".length());
            Map<String, Object> global = tables.getOrDefault(env + ".global", Map.of());
            String region = String.valueOf(values.getOrDefault("region", global.getOrDefault("region", "us-east-1")));
            String stack = String.valueOf(values.getOrDefault("stack_name", global.getOrDefault("stack_name", "edge-autopilot")));
            Map<String, Object> fleet = new LinkedHashMap<>();
            Map<String, String> overrides = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : overrides(samconfig, env, values.get("parameter_overrides")).entrySet()) {
                if (entry.getKey().startsWith(FILE)) {
                    // SAM CLI's parameter file (file://...), relative to where sam runs: the repository root
                    Path file = workingDir.resolve(entry.getKey().substring(FILE.length()));
                    Map<String, Object> content = FleetFiles.load(file);
                    fleet.putAll(content);
                    overrides.putAll(FleetFiles.parameterValues(content));
                } else {
                    overrides.put(entry.getKey(), entry.getValue());
                }
            }
            environments.add(new Environment(env, region, stack, overrides, fleet));
        });
        return environments;
    }

    private static Map<String, String> overrides(Path samconfig, String env, Object raw) {
        List<String> items = new ArrayList<>();
        if (raw instanceof List<?> list) {
            list.forEach(item -> items.add(String.valueOf(item)));
        } else if (raw != null) {
            items.addAll(shellWords(String.valueOf(raw)));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String item : items) {
            if (item.startsWith(FILE)) {
                values.put(item, "");
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(samconfig + " [" + env + "] parameter_overrides entry without Key=: " + item);
            }
            values.put(item.substring(0, eq).strip(), unquoted(item.substring(eq + 1)));
        }
        return values;
    }

    /**
     * A value wrapped in double quotes means its content with {@code \X} read as X: the quoting SAM CLI needs for JSON,
     * spaces or an empty value (its parser cuts an unquoted JSON value at the first quote and refuses an empty one;
     * scripts/check-template checks every environment with SAM CLI's own parser).
     */
    static String unquoted(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
    }

    private static List<String> strings(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = STRING.matcher(text);
        while (m.find()) {
            out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    /** Key=Value words of a one-string parameter_overrides, double quotes grouping (as SAM's shlex split does). */
    private static List<String> shellWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }
}
