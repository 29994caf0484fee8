package com.edgeautopilot.costs.event;

/** What {@link CostSignalParser} made of one delivery. */
public sealed interface ParsedSignal {

    /** A known format, normalised. */
    record Recognised(Alert alert) implements ParsedSignal {
    }

    /**
     * Nothing known (or a record too broken to read): still an alert, of source {@code UNRECOGNISED}, carrying the raw
     * text truncated, so it is delivered once and never dropped. {@code reason} says why it was not recognised.
     */
    record Unrecognised(Alert alert, String reason) implements ParsedSignal {
    }

    /** A known format that carries no cost signal (an alarm entering INSUFFICIENT_DATA). */
    record Ignored(String reason) implements ParsedSignal {
    }
}
