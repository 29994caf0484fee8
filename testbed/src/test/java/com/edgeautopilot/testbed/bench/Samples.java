package com.edgeautopilot.testbed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Measurements of one quantity over several runs: median, min, max. */
record Samples(List<Double> values) {

    Samples {
        values = List.copyOf(values);
    }

    static Samples of(List<Double> values) {
        return new Samples(values);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    int count() {
        return values.size();
    }

    /** The middle value (mean of the two middle ones for an even count); NaN when empty. */
    double median() {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** {@code median (min–max)} with the given format for each number, or {@code –} when empty. */
    String format(String numberFormat) {
        if (values.isEmpty()) {
            return "–";
        }
        String median = String.format(Locale.ROOT, numberFormat, median());
        if (values.size() == 1) {
            return median;
        }
        return median + " (" + String.format(Locale.ROOT, numberFormat, min()) + "–" + String.format(Locale.ROOT, numberFormat, max()) + ")";
    }
}
