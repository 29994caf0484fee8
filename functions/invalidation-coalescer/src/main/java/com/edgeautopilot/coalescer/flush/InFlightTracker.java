package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.coalescer.store.CoalescerStore;
import com.edgeautopilot.coalescer.store.InFlight;
import com.edgeautopilot.common.Log;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The distribution's accepted invalidations that still hold in-progress capacity. Those older than a minute are checked
 * with CloudFront and forgotten once complete; one CloudFront cannot report on for an hour is assumed complete
 * (invalidations take 10-15 minutes).
 */
final class InFlightTracker {

    private static final Duration CHECK_AFTER = Duration.ofSeconds(60);
    private static final Duration ASSUME_COMPLETE_AFTER = Duration.ofHours(1);

    private final CoalescerStore store;
    private final InvalidationGateway gateway;

    InFlightTracker(CoalescerStore store, InvalidationGateway gateway) {
        this.store = store;
        this.gateway = gateway;
    }

    Collection<InFlight> stillInFlight(String distributionId, long now, Log log) {
        Map<String, InFlight> inFlight = new LinkedHashMap<>(store.inFlight(distributionId));
        Set<String> completed = new TreeSet<>();
        for (InFlight flight : inFlight.values()) {
            long age = now - flight.createdAt();
            if (age < CHECK_AFTER.toMillis()) {
                continue;
            }
            try {
                if (gateway.isCompleted(distributionId, flight.invalidationId())) {
                    completed.add(flight.invalidationId());
                }
            } catch (RuntimeException e) {
                if (age > ASSUME_COMPLETE_AFTER.toMillis()) {
                    completed.add(flight.invalidationId());
                } else {
                    log.warn("could not read invalidation status", "invalidationId", flight.invalidationId(), "detail", e.getMessage());
                }
            }
        }
        if (!completed.isEmpty()) {
            store.completeInFlight(distributionId, completed);
            inFlight.keySet().removeAll(completed);
        }
        return List.copyOf(inFlight.values());
    }
}
