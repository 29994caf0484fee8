package com.edgeautopilot.costs.intake;

import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.grouping.AlertChange;
import com.edgeautopilot.costs.grouping.Grouping;
import com.edgeautopilot.costs.grouping.Inhibition;
import com.edgeautopilot.costs.lifecycle.AlertLifecycle;
import com.edgeautopilot.costs.store.AlertStore;
import com.edgeautopilot.costs.store.GroupState;
import com.edgeautopilot.costs.store.StoredAlert;

import java.util.Optional;
import java.util.Set;

/**
 * Takes one alert into its group: {@link AlertLifecycle} decides what the delivery changes; a notable change also moves
 * the group's timers (an alert an open anomaly inhibits is folded under it, and still makes the group due at
 * group_interval). Both writes are conditional on the version read and retried on a lost race (read again, decide
 * again), so concurrent deliveries of one alert stay one alert and a digest run never loses the news.
 */
public final class AlertIntake {

    /** What happened to one alert. */
    public record Outcome(String group, AlertChange change, String inhibitedBy) {
    }

    private static final int MAX_ATTEMPTS = 8;

    private final Grouping grouping;
    private final AlertStore store;
    private final AlertLifecycle lifecycle;

    public AlertIntake(Grouping grouping, AlertStore store, AlertLifecycle lifecycle) {
        this.grouping = grouping;
        this.store = store;
        this.lifecycle = lifecycle;
    }

    public Outcome accept(Alert alert, long now) {
        String group = grouping.keyOf(alert);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<StoredAlert> known = store.alert(group, alert.fingerprint());
            // only news is checked for inhibition (a repeated delivery needs nothing of the group: one read less per duplicate)
            boolean news = AlertChange.of(known.map(StoredAlert::alert).orElse(null), alert).notable();
            String inhibitedBy = news
                    ? Inhibition.inhibitor(alert, store.group(group).map(GroupState::openAnomalies).orElse(Set.of())).orElse(null) : null;
            AlertLifecycle.Delivery delivery = lifecycle.deliver(group, known, alert, inhibitedBy, now);
            if (delivery.next().isEmpty()) {
                return new Outcome(group, delivery.change(), null);
            }
            if (!store.putAlert(delivery.next().get(), now)) {
                continue; // another delivery of the same alert wrote first: decide again on what it wrote
            }
            if (delivery.change().notable() || known.map(StoredAlert::pending).orElse(false) && !groupKnowsNews(group)) {
                // news, or news already stored whose group write never happened (the intake died between the two writes
                // and Lambda delivers the same alert again): the group is told from what is stored, not from this copy
                updateGroup(group, alert, now);
            }
            return new Outcome(group, delivery.change(), delivery.next().get().inhibitedBy());
        }
        throw new IllegalStateException("alert " + alert.fingerprint() + " kept changing under " + MAX_ATTEMPTS + " attempts");
    }

    /** Whether the group's timers hold news not yet sent (an intake that stored news always leaves them so). */
    private boolean groupKnowsNews(String group) {
        return store.group(group).map(g -> g.timers().hasNotable()).orElse(false);
    }

    private void updateGroup(String group, Alert alert, long now) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            GroupState state = store.group(group).orElseGet(() -> GroupState.empty(group, grouping.labelsOf(alert), now));
            if (store.putGroup(AlertLifecycle.afterIntake(state, alert, now), now)) {
                return;
            }
        }
        throw new IllegalStateException("group " + group + " kept changing under " + MAX_ATTEMPTS + " attempts");
    }
}
