package com.edgeautopilot.costs.digest;

import com.edgeautopilot.common.dynamo.OnceClaim;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.lifecycle.AlertLifecycle;
import com.edgeautopilot.costs.notify.Notifier;
import com.edgeautopilot.costs.store.AlertStore;
import com.edgeautopilot.costs.store.GroupState;
import com.edgeautopilot.costs.store.StoredAlert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scheduled digest run: every group whose digest is due ({@link DigestSchedule}) is read, its alerts decided by
 * {@link AlertLifecycle}, and its digest claimed by (group, episode, sequence) and published once. Racing runs send each
 * digest once (the claim); what a run writes back is conditional on the group's version, so an intake that wrote in
 * between is merged, never overwritten. Each group stands alone: one that fails is reported and retried by the next
 * run, the others still go out.
 */
public final class DigestRun {

    /** What the run did with one group ({@code action}: sent, already-sent, nothing-to-send, skipped or failed). */
    public record Outcome(String group, String action, String kind, long sequence, String reason) {
    }

    private static final int MAX_ATTEMPTS = 8;

    private final AlertStore store;
    private final DigestSchedule schedule;
    private final Notifier notifier;
    private final Duration inProgressFor;

    /** @param inProgressFor how long an unfinished digest claim (its run died) keeps the next runs from sending it */
    public DigestRun(AlertStore store, DigestSchedule schedule, Notifier notifier, Duration inProgressFor) {
        this.store = store;
        this.schedule = schedule;
        this.notifier = notifier;
        this.inProgressFor = inProgressFor;
    }

    public List<Outcome> run(String owner, long now) {
        List<Outcome> outcomes = new ArrayList<>();
        for (GroupState group : store.groups()) {
            if (!(schedule.decide(group.timers(), now) instanceof DigestSchedule.Due due)) {
                continue;
            }
            try {
                outcomes.add(runGroup(group, due, owner, now));
            } catch (RuntimeException failed) {
                outcomes.add(new Outcome(group.key(), "failed", due.kind().name(), group.sentCount() + 1,
                        failed.getClass().getSimpleName() + ": " + failed.getMessage()));
            }
        }
        return outcomes;
    }

    private Outcome runGroup(GroupState group, DigestSchedule.Due due, String owner, long now) {
        String key = group.key();
        List<StoredAlert> current = new ArrayList<>();
        for (StoredAlert a : store.alerts(key)) {
            if (AlertLifecycle.closesQuietly(a, now)) {
                store.deleteAlert(a); // nothing refreshed it for the open window and it has no resolution: it closes quietly
            } else {
                current.add(a);
            }
        }
        List<StoredAlert> shown = AlertLifecycle.shown(current, now);
        if (!AlertLifecycle.worthSending(due.kind(), shown)) {
            store.putGroup(AlertLifecycle.nothingToSend(group, current, now), now); // lost to an intake: the next run decides again
            return new Outcome(key, "nothing-to-send", null, 0, "due (" + due.reason() + ") but no news and nothing open");
        }
        long sequence = group.sentCount() + 1;
        Digest digest = DigestBuilder.build(group, due.kind(), shown, sequence, now);
        String action = "sent";
        // a claim already there was left by a run that died (its digest may have gone out under this number) or is
        // racing us; it records the group version that digest was built from
        java.util.OptionalLong earlier = store.digestBuiltFrom(key, group.episode(), sequence);
        java.util.OptionalLong builtFrom;
        try {
            if (store.sendDigestOnce(key, group.episode(), sequence, group.version(), owner, now, inProgressFor,
                    () -> notifier.send(DigestRenderer.notification(digest)))) {
                builtFrom = earlier;
            } else {
                action = "already-sent"; // another run (alive, or one that died after publishing) sent it: finish its bookkeeping
                builtFrom = store.digestBuiltFrom(key, group.episode(), sequence);
            }
        } catch (OnceClaim.InProgress unfinished) {
            return new Outcome(key, "skipped", null, 0, "digest " + sequence + " is claimed by a run that has not finished; sent once that claim expires");
        }
        // Our alerts are what this sequence number told only if every digest sent under it was built from the group as
        // we read it. Otherwise an intake wrote news since (and a subscriber dropping repeats by sequence may keep the
        // other one): the news stays pending for the next digest, told again rather than never. A claim that does not
        // say (written before claims recorded it) is taken as built from what we read.
        boolean toldWhatWeRead = builtFrom.orElse(group.version()) == group.version();
        boolean stillPending = false;
        List<StoredAlert> remaining = new ArrayList<>();
        for (StoredAlert a : shown) {
            StoredAlert told = toldWhatWeRead ? markTold(a, now) : a;
            stillPending |= told.pending(); // changed while we sent: it goes in the next digest
            if (a.alert().firing()) {
                remaining.add(told);
            }
        }
        current.stream().filter(a -> !shown.contains(a) && a.alert().firing()).forEach(remaining::add);
        record(group, AlertLifecycle.afterDigest(group, remaining, sequence, stillPending, now), sequence, now);
        return new Outcome(key, action, digest.kind(), sequence, due.reason());
    }

    /**
     * Records that the digest showed {@code shown}. A lost version race is decided again on what is stored now: a
     * duplicate delivery (same alert, only counted again) still was what the digest showed; a real change stays pending.
     * Returns the alert as stored (pending when it changed since it was read).
     */
    private StoredAlert markTold(StoredAlert shown, long now) {
        StoredAlert read = shown;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            StoredAlert told = AlertLifecycle.afterShown(read, now);
            if (store.putAlert(told, now)) {
                return told;
            }
            Optional<StoredAlert> current = store.alert(shown.group(), shown.alert().fingerprint());
            if (current.isEmpty() || !AlertLifecycle.sameNews(shown, current.get())) {
                return current.orElse(shown); // changed (or gone) since we read it: its news goes in the next digest
            }
            read = current.get();
        }
        return read;
    }

    /** Writes the group after digest {@code sequence}, merged over any intake that wrote since it was read. */
    private void record(GroupState read, GroupState after, long sequence, long now) {
        GroupState next = after;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (store.putGroup(next, now)) {
                return;
            }
            Optional<GroupState> current = store.group(read.key());
            if (current.isEmpty() || current.get().episode() != read.episode() || current.get().sentCount() >= sequence) {
                return; // another run recorded this digest (or a later one) already
            }
            next = AlertLifecycle.merge(read, current.get(), after, now);
        }
        throw new IllegalStateException("group " + read.key() + " kept changing under " + MAX_ATTEMPTS + " attempts to record digest " + sequence);
    }
}
