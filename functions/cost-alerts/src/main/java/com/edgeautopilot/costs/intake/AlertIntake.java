package com.edgeautopilot.costs.intake;

import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.grouping.AlertChange;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.grouping.Grouping;
import com.edgeautopilot.costs.grouping.Inhibition;
import com.edgeautopilot.costs.store.AlertStore;
import com.edgeautopilot.costs.store.GroupState;
import com.edgeautopilot.costs.store.StoredAlert;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Takes one alert into its group: decides what changed ({@link AlertChange}), whether an open anomaly inhibits it
 * ({@link Inhibition}), writes the alert and, for notable changes, the group's timers. A delivery that changes nothing
 * only counts (a late duplicate with an older, smaller impact never overwrites the larger one). Both writes are conditional on
 * the version read, and retried on a lost race, so concurrent deliveries of one anomaly stay one alert.
 */
public final class AlertIntake {

    /** What happened to one alert. */
    public record Outcome(String group, AlertChange change, String inhibitedBy) {
    }

    private static final int MAX_ATTEMPTS = 8;

    private final Grouping grouping;
    private final AlertStore store;
    private final Duration openFor;

    /** @param openFor how long a firing alert that no delivery refreshes stays open (Budgets and anomalies never resolve) */
    public AlertIntake(Grouping grouping, AlertStore store, Duration openFor) {
        this.grouping = grouping;
        this.store = store;
        this.openFor = openFor;
    }

    public Outcome accept(Alert alert, long now) {
        String group = grouping.keyOf(alert);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<StoredAlert> known = store.alert(group, alert.fingerprint());
            AlertChange change = AlertChange.of(known.map(StoredAlert::alert).orElse(null), alert);
            if (change == AlertChange.UNKNOWN_RESOLUTION) {
                return new Outcome(group, change, null);
            }
            // a repeat needs nothing of the group: only news is checked for inhibition and moves the group's timers
            String inhibitedBy = change.notable()
                    ? Inhibition.inhibitor(alert, store.group(group).map(GroupState::openAnomalies).orElse(java.util.Set.of())).orElse(null)
                    : known.map(StoredAlert::inhibitedBy).orElse(null);
            StoredAlert next = known.map(k -> change.notable()
                            ? new StoredAlert(group, alert, true, change, inhibitedBy, k.occurrences() + 1, k.firstSeenAt(), now, k.notifiedAmount(), now + openFor.toMillis(), k.version())
                            : new StoredAlert(group, k.alert(), k.pending(), k.lastChange(), k.inhibitedBy(), k.occurrences() + 1, k.firstSeenAt(), now, k.notifiedAmount(), now + openFor.toMillis(), k.version()))
                    .orElseGet(() -> new StoredAlert(group, alert, true, change, inhibitedBy, 1, now, now, null, now + openFor.toMillis(), 0));
            if (!store.putAlert(next, now)) {
                continue; // another delivery of the same alert wrote first: decide again on what it wrote
            }
            if (change.notable()) {
                updateGroup(group, alert, inhibitedBy == null, now);
            }
            return new Outcome(group, change, inhibitedBy);
        }
        throw new IllegalStateException("alert " + alert.fingerprint() + " kept changing under " + MAX_ATTEMPTS + " attempts");
    }

    /** @param news whether this alert makes the group's digest due (notable and not inhibited) */
    private void updateGroup(String group, Alert alert, boolean news, long now) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            GroupState state = store.group(group).orElseGet(() -> GroupState.empty(group, grouping.labelsOf(alert)));
            DigestSchedule.Timers t = state.timers();
            Set<Inhibition.OpenAnomaly> open = new LinkedHashSet<>(state.openAnomalies());
            if (alert.source() == Alert.Source.ANOMALY && alert.firing()) {
                open.add(Inhibition.OpenAnomaly.of(alert));
            }
            long first = t.firstNotableAt();
            long last = t.lastNotableAt();
            if (news) {
                // an inhibited alert waits for the anomaly's digest instead of making the group due; a repeat is no news
                first = t.hasNotable() ? t.firstNotableAt() : now;
                last = Math.max(now, t.lastSentAt() + 1);
            }
            DigestSchedule.Timers next = new DigestSchedule.Timers(first, last, t.lastSentAt(), t.openAtLastSend(), t.anyFiring() || alert.firing());
            if (store.putGroupOnIntake(new GroupState(group, state.labels(), next, open, state.sentCount(), state.version()), now)) {
                return;
            }
        }
        throw new IllegalStateException("group " + group + " kept changing under " + MAX_ATTEMPTS + " attempts");
    }
}
