package com.edgeautopilot.costs.store;

import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.grouping.AlertChange;

/**
 * An alert as its group keeps it. What may change it when is decided by {@link com.edgeautopilot.costs.lifecycle.AlertLifecycle}.
 *
 * @param pending        changed notably since the last digest that showed it
 * @param lastChange     the last notable change
 * @param inhibitedBy    the open anomaly this alert is folded under, or null
 * @param occurrences    deliveries seen (duplicates included)
 * @param notifiedAmount amount shown in the last digest (for deltas), null when never shown
 * @param notifiedAt     when a digest last showed it (epoch millis), 0 when never: a resolution of an alert never shown is told nobody
 * @param openUntil      epoch millis after which a still-firing alert without a resolution that nothing refreshed closes quietly
 * @param version        optimistic-concurrency version of the item (0 = not stored yet)
 */
public record StoredAlert(String group, Alert alert, boolean pending, AlertChange lastChange, String inhibitedBy, long occurrences,
                          long firstSeenAt, long updatedAt, Double notifiedAmount, long notifiedAt, long openUntil, long version) {

    public boolean notified() {
        return notifiedAt > 0;
    }
}
