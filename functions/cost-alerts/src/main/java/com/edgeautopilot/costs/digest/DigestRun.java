package com.edgeautopilot.costs.digest;

import com.edgeautopilot.common.dynamo.OnceClaim;
import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.grouping.Inhibition;
import com.edgeautopilot.costs.notify.Notifier;
import com.edgeautopilot.costs.store.AlertStore;
import com.edgeautopilot.costs.store.GroupState;
import com.edgeautopilot.costs.store.StoredAlert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scheduled digest run: every group whose digest is due ({@link DigestSchedule}) is taken under a lease, decided
 * again on what the lease read, rendered, claimed by its sequence number and published once. Two runs racing send each
 * digest once: the lease keeps them off one group at a time, and the claim keeps a run that took over a crashed one's
 * expired lease from sending what the crashed one already sent.
 */
public final class DigestRun {

    /** What the run did with one group. */
    public record Outcome(String group, String action, String kind, long sequence, String reason) {
    }

    private final AlertStore store;
    private final DigestSchedule schedule;
    private final Notifier notifier;
    private final Duration lease;

    public DigestRun(AlertStore store, DigestSchedule schedule, Notifier notifier, Duration lease) {
        this.store = store;
        this.schedule = schedule;
        this.notifier = notifier;
        this.lease = lease;
    }

    public List<Outcome> run(String owner, long now) {
        List<Outcome> outcomes = new ArrayList<>();
        for (GroupState seen : store.groups()) {
            if (schedule.decide(seen.timers(), now) instanceof DigestSchedule.NotDue) {
                continue;
            }
            outcomes.add(runGroup(seen.key(), owner, now));
        }
        return outcomes;
    }

    private Outcome runGroup(String key, String owner, long now) {
        Optional<GroupState> held = store.acquire(key, owner, now, lease);
        if (held.isEmpty()) {
            return new Outcome(key, "skipped", null, 0, "another digest run holds the group");
        }
        GroupState group = held.get();
        DigestSchedule.Decision decision = schedule.decide(group.timers(), now);
        if (!(decision instanceof DigestSchedule.Due due)) {
            store.release(key, owner, unchanged(group));
            return new Outcome(key, "skipped", null, 0, "no longer due: " + decision.reason());
        }
        List<StoredAlert> current = new ArrayList<>();
        for (StoredAlert a : store.alerts(key)) {
            if (a.alert().firing() && !a.pending() && a.openUntil() < now) {
                store.deleteAlert(a); // nothing refreshed it for the open period: it closes quietly
            } else {
                current.add(a);
            }
        }
        long sequence = group.sentCount() + 1;
        Digest digest = DigestBuilder.build(group, due.kind(), current, sequence, now);
        if (digest.firing().isEmpty() && digest.resolved().isEmpty()) {
            store.release(key, owner, after(group, current, now, group.sentCount(), false));
            return new Outcome(key, "closed", null, 0, "every alert closed without news");
        }
        String action = "sent";
        try {
            if (!store.sendDigestOnce(key, sequence, owner, now, lease, () -> notifier.send(DigestRenderer.notification(digest)))) {
                action = "already-sent"; // a run that died after publishing claimed it: finish its bookkeeping, do not send again
            }
        } catch (OnceClaim.InProgress unfinished) {
            store.release(key, owner, unchanged(group));
            return new Outcome(key, "skipped", null, 0, "digest " + sequence + " is claimed by a run that has not finished; sent once that claim expires");
        } catch (RuntimeException failed) {
            store.release(key, owner, unchanged(group));
            throw failed;
        }
        boolean stillPending = false;
        List<StoredAlert> remaining = new ArrayList<>();
        for (StoredAlert a : current) {
            boolean written = !a.alert().firing() ? a.pending() ? store.deleteAlert(a) : true
                    : store.putAlert(new StoredAlert(a.group(), a.alert(), false, a.lastChange(), a.inhibitedBy(), a.occurrences(), a.firstSeenAt(),
                    a.updatedAt(), a.alert().amount(), a.openUntil(), a.version()), now);
            stillPending |= !written; // changed while we sent: it goes in the next digest
            if (a.alert().firing()) {
                remaining.add(a);
            }
        }
        store.release(key, owner, after(group, remaining, now, sequence, stillPending));
        return new Outcome(key, action, digest.kind(), sequence, due.reason());
    }

    private static AlertStore.AfterRun after(GroupState group, List<StoredAlert> alerts, long now, long sentCount, boolean stillPending) {
        List<String> open = new ArrayList<>();
        boolean anyFiring = false;
        for (StoredAlert a : alerts) {
            if (a.alert().firing()) {
                anyFiring = true;
                if (a.alert().source() == Alert.Source.ANOMALY) {
                    open.add(Inhibition.OpenAnomaly.of(a.alert()).encoded());
                }
            }
        }
        return new AlertStore.AfterRun(now, anyFiring, anyFiring, stillPending ? now + 1 : 0, sentCount, open, group.version() + 1);
    }

    private static AlertStore.AfterRun unchanged(GroupState group) {
        DigestSchedule.Timers t = group.timers();
        return new AlertStore.AfterRun(t.lastSentAt(), t.openAtLastSend(), t.anyFiring(), 0, group.sentCount(),
                group.openAnomalies().stream().map(Inhibition.OpenAnomaly::encoded).toList(), group.version());
    }
}
