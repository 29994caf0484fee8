package com.edgeautopilot.testbed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/functions.txt}: the layers and the (function, first event) pairs the benchmarks measure, one line
 * each, columns separated by {@code |}. Adding a function to the benchmarks is adding a line there. Each function
 * names the layers it gets (as its {@code Layers} in template.yaml), so it runs on the classpath Lambda gives it.
 */
record BenchTable(List<Layer> layers, List<Function> functions) {

    /** kind, name, module, layers, handler, memory, event, env */
    static final int COLUMNS = 8;

    /** A Lambda layer built from a Maven module. */
    record Layer(String name, String module) {
        Path artifact(Path artifactsRoot) {
            return artifactsRoot.resolve(Path.of(module).getFileName().toString());
        }
    }

    /**
     * A function measured with one sample event, with the layers it gets (by layer name, in template order);
     * {@code env} values may hold stand-in placeholders.
     */
    record Function(String name, String module, List<String> layers, String handler, int memoryMb, String event, Map<String, String> env) {
        Path artifact(Path artifactsRoot) {
            return artifactsRoot.resolve(Path.of(module).getFileName().toString());
        }

        /** The handler class without {@code ::method}. */
        String handlerClass() {
            int colons = handler.indexOf("::");
            return colons < 0 ? handler : handler.substring(0, colons);
        }
    }

    static BenchTable load(Path file) {
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    static BenchTable parse(List<String> lines, String source) {
        List<Layer> layers = new ArrayList<>();
        List<Function> functions = new ArrayList<>();
        int number = 0;
        for (String line : lines) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] cells = text.split("\\|", -1);
            if (cells.length != COLUMNS) {
                throw new IllegalArgumentException(source + ":" + number + ": expected " + COLUMNS + " columns separated by '|', got " + cells.length);
            }
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
            }
            switch (cells[0]) {
                case "layer" -> layers.add(new Layer(cells[1], cells[2]));
                case "function" -> functions.add(new Function(cells[1], cells[2], layers(cells[3], layers, source, number), cells[4],
                        memory(cells[5], source, number), cells[6], env(cells[7], source, number)));
                default -> throw new IllegalArgumentException(source + ":" + number + ": kind must be layer or function, got '" + cells[0] + "'");
            }
        }
        return new BenchTable(List.copyOf(layers), List.copyOf(functions));
    }

    /** Comma-separated names of layers declared on earlier lines; at least one (every function gets the common layer). */
    private static List<String> layers(String cell, List<Layer> declared, String source, int number) {
        List<String> names = new ArrayList<>();
        for (String part : cell.split(",")) {
            String name = part.strip();
            if (declared.stream().noneMatch(layer -> layer.name().equals(name))) {
                throw new IllegalArgumentException(source + ":" + number + ": layer '" + name + "' is not declared on a layer line above");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** The artifact folders of a function's layers, in its order. */
    List<Path> layerArtifacts(Function function, Path artifactsRoot) {
        return function.layers().stream()
                .map(name -> layers.stream().filter(layer -> layer.name().equals(name)).findFirst().orElseThrow().artifact(artifactsRoot))
                .toList();
    }

    private static int memory(String cell, String source, int number) {
        try {
            int mb = Integer.parseInt(cell);
            if (mb >= 128 && mb <= 10240) {
                return mb;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(source + ":" + number + ": memory must be 128..10240 MB, got '" + cell + "'");
    }

    private static Map<String, String> env(String cell, String source, int number) {
        Map<String, String> env = new LinkedHashMap<>();
        if (cell.isEmpty() || cell.equals("-")) {
            return env;
        }
        for (String pair : cell.split(";")) {
            String entry = pair.strip();
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(source + ":" + number + ": environment entries are NAME=value, got '" + entry + "'");
            }
            env.put(entry.substring(0, equals).strip(), entry.substring(equals + 1).strip());
        }
        return env;
    }
}
