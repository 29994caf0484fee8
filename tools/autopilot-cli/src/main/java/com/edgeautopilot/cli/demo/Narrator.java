package com.edgeautopilot.cli.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The demo's human-readable output: labelled, indented lines, written as the story unfolds. Silent with --json. */
final class Narrator {

    static final int LABEL = 10;

    private final PrintStream out;
    private final boolean enabled;

    Narrator(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    void text(String text) {
        if (enabled) {
            out.println(text);
            out.flush();
        }
    }

    void blank() {
        text("");
    }

    void heading(int number, String title) {
        text(number + ". " + title);
    }

    /** {@code   label     first line}, continuation lines aligned under the first. */
    void line(String label, String... lines) {
        line(label, List.of(lines));
    }

    void line(String label, List<String> lines) {
        if (!enabled) {
            return;
        }
        String pad = " ".repeat(3 + LABEL);
        for (int i = 0; i < lines.size(); i++) {
            out.println(i == 0 ? "   " + String.format(Locale.ROOT, "%-" + LABEL + "s", label) + lines.get(i) : pad + lines.get(i));
        }
        out.flush();
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String plural(long n, String singular) {
        return count(n) + " " + (n == 1 ? singular : singular.endsWith("s") ? singular : singular + "s");
    }

    static String usd(double dollars) {
        return String.format(Locale.ROOT, "$%,.2f", dollars);
    }
}
