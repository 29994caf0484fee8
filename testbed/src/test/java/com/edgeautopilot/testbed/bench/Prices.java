package com.edgeautopilot.testbed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The list prices of {@code bench/prices.md}: rows {@code | id | USD | ...} of its one table. */
record Prices(Map<String, Double> usd) {

    static Prices load(Path file) {
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    static Prices parse(List<String> lines, String source) {
        Map<String, Double> usd = new LinkedHashMap<>();
        for (String line : lines) {
            String text = line.strip();
            if (!text.startsWith("|")) {
                continue;
            }
            String[] cells = text.split("\\|");
            if (cells.length < 3) {
                continue;
            }
            String id = cells[1].strip();
            String price = cells[2].strip();
            if (id.equals("id") || id.startsWith("---") || price.isEmpty()) {
                continue;
            }
            try {
                usd.put(id, Double.parseDouble(price));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": price of " + id + " is not a number: '" + price + "'");
            }
        }
        return new Prices(Map.copyOf(usd));
    }

    /** The price of {@code id} in USD per its unit; fails naming the file's missing row. */
    double of(String id) {
        Double price = usd.get(id);
        if (price == null) {
            throw new IllegalArgumentException("bench/prices.md has no row '" + id + "'");
        }
        return price;
    }
}
