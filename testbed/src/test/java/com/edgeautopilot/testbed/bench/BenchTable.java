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
 * each, columns separated by {@code |}. Adding a function to the benchmarks is adding a line there.
 */
record BenchTable(List<Layer> layers, List<Function> functions) {

    /** A Lambda layer built from a Maven module. */
    record Layer(String name, String module) {
        Path artifact(Path artifactsRoot) {
            return artifactsRoot.resolve(Path.of(module).getFileName().toString());
        }
    }

    /** A function measured with one sample event; {@code env} values may hold stand-in placeholders. */
    record Function(String name, String module, String handler, int memoryMb, String event, Map<String, String> env) {
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
            if (cells.length != 7) {
                throw new IllegalArgumentException(source + ":" + number + ": expected 7 columns separated by '|', got " + cells.length);
            }
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
            }
            switch (cells[0]) {
                case "layer" -> layers.add(new Layer(cells[1], cells[2]));
                case "function" -> functions.add(new Function(cells[1], cells[2], cells[3], memory(cells[4], source, number),
                        cells[5], env(cells[6], source, number)));
                default -> throw new IllegalArgumentException(source + ":" + number + ": kind must be layer or function, got '" + cells[0] + "'");
            }
        }
        return new BenchTable(List.copyOf(layers), List.copyOf(functions));
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
