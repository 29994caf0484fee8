package com.edgeautopilot.cli;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;

/** The CLI's JSON output: like {@code Json} of the common layer, but nulls are written (a null field means "unknown"). */
public final class JsonOut {

    private static final JSON LINE = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON PRETTY = LINE.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private JsonOut() {
    }

    /** One line. */
    public static String line(Object value) {
        try {
            return LINE.asString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Indented, for documents people read too. */
    public static String pretty(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
