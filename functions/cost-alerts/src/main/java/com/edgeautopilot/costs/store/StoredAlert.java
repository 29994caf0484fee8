package com.edgeautopilot.costs.store;

import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.grouping.AlertChange;

/**
 * An alert as its group keeps it.
 *
 * @param pending        changed notably (or inhibited) since the last digest that showed it
 * @param lastChange     the last notable change
 * @param inhibitedBy    the open anomaly this alert is folded under, or null
 * @param occurrences    deliveries seen (duplicates included)
 * @param notifiedAmount amount shown in the last digest (for deltas), null when never shown
 * @param openUntil      epoch millis after which a still-firing alert that nothing refreshed is dropped quietly
 * @param version        optimistic-concurrency version of the item (0 = not stored yet)
 */
public record StoredAlert(String group, Alert alert, boolean pending, AlertChange lastChange, String inhibitedBy, long occurrences,
                          long firstSeenAt, long updatedAt, Double notifiedAmount, long openUntil, long version) {
}
