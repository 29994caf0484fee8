package com.edgeautopilot.costs.grouping;

import com.edgeautopilot.costs.event.Alert;

/**
 * What a delivery changes about an alert already known (or not), and whether that is worth telling anyone. A repeated
 * delivery changes nothing; an anomaly whose impact grew is the same alert, updated in place, and notable.
 */
public enum AlertChange {
    /** First time this fingerprint fires. */
    NEW(true),
    /** Still firing with a larger amount (an anomaly's impact grew, a forecast rose). */
    GREW(true),
    /** Was firing, now resolved (billing alarm back to OK). */
    RESOLVED(true),
    /** Was resolved (and not yet told), fires again. */
    REFIRED(true),
    /** Same alert again, nothing worth a digest (a duplicate, a smaller amount). */
    UNCHANGED(false),
    /** A resolution of an alert never seen firing: nothing to resolve. */
    UNKNOWN_RESOLUTION(false);

    private static final double GROWTH_EPSILON = 0.005;
    /** Alarm transitions carry their time ({@code 2026-11-21T18:04:41.229+0000} in both shapes): order them by it. */
    static final String STATE_CHANGED_AT = "stateChangedAt";

    private final boolean notable;

    AlertChange(boolean notable) {
        this.notable = notable;
    }

    public boolean notable() {
        return notable;
    }

    /** @param known the alert as stored, null when never seen */
    public static AlertChange of(Alert known, Alert incoming) {
        if (known == null) {
            return incoming.firing() ? NEW : UNKNOWN_RESOLUTION;
        }
        String knownAt = known.facts().get(STATE_CHANGED_AT);
        String incomingAt = incoming.facts().get(STATE_CHANGED_AT);
        if (knownAt != null && incomingAt != null && incomingAt.compareTo(knownAt) < 0) {
            return UNCHANGED; // a late delivery of an older alarm transition
        }
        if (known.firing() && !incoming.firing()) {
            return RESOLVED;
        }
        if (!known.firing() && incoming.firing()) {
            return REFIRED;
        }
        if (incoming.firing() && incoming.amount() != null
                && (known.amount() == null || incoming.amount() > known.amount() + GROWTH_EPSILON)) {
            return GREW;
        }
        return UNCHANGED;
    }
}
