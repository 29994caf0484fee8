package com.edgeautopilot.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A command's arguments: options that take a value ({@code --name VALUE} or {@code --name=VALUE}, repeatable), flags
 * ({@code --json}) and positional arguments ({@code -} is positional: standard input). {@code --} ends the options.
 */
public final class Args {

    private final String command;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Set<String> flags = new TreeSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    /**
     * @param command       for error messages ({@code plan}, {@code replay}...)
     * @param valueOptions  option names (with the dashes) that take a value
     * @param flagOptions   option names that take none; {@code --help} and {@code -h} are always accepted
     */
    public static Args parse(String command, List<String> argv, Set<String> valueOptions, Set<String> flagOptions) {
        Args args = new Args(command);
        boolean optionsEnded = false;
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (optionsEnded || arg.equals("-") || !arg.startsWith("-")) {
                args.positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                args.flags.add("--help");
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.size()) {
                        throw CliException.usage(command + ": " + name + " needs a value (see ./autopilot " + command + " --help)");
                    }
                    value = argv.get(++i);
                }
                args.values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } else if (flagOptions.contains(name) && value == null) {
                args.flags.add(name);
            } else {
                throw CliException.usage(command + ": unknown option " + arg + " (see ./autopilot " + command + " --help)");
            }
        }
        return args;
    }

    public boolean help() {
        return flags.contains("--help");
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** The option's value; fails when it was given more than once. */
    public String value(String name) {
        List<String> list = values.get(name);
        if (list == null) {
            return null;
        }
        if (list.size() > 1) {
            throw CliException.usage(command + ": " + name + " given " + list.size() + " times; give it once");
        }
        return list.get(0);
    }

    public String required(String name) {
        String value = value(name);
        if (value == null || value.isBlank()) {
            throw CliException.usage(command + ": " + name + " is required (see ./autopilot " + command + " --help)");
        }
        return value;
    }

    public List<String> values(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** A whole number option within bounds, or the default when absent. */
    public long longValue(String name, long defaultValue, long min, long max) {
        String value = value(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw CliException.usage(command + ": " + name + " must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw CliException.usage(command + ": " + name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }

    public List<String> positional() {
        return List.copyOf(positional);
    }

    /** {@code KEY=VALUE} pairs of a repeatable option, in order (a later one wins). */
    public Map<String, String> pairs(String name) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : values(name)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw CliException.usage(command + ": " + name + " takes KEY=VALUE, got '" + pair + "'");
            }
            result.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return result;
    }
}
