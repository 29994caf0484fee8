package com.edgeautopilot.costs.lifecycle;

import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.grouping.AlertChange;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.grouping.Inhibition;
import com.edgeautopilot.costs.store.GroupState;
import com.edgeautopilot.costs.store.StoredAlert;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one owner of an alert's and a group's lifecycle (pure: state, input and time in, the next state out). The model,
 * also in RELIABILITY.md:
 * <ul>
 *   <li>An alert is identified by its fingerprint and lives in the group its labels give. A delivery updates it (newer
 *       state wins; a late copy older than what is stored changes nothing) and refreshes its open window.</li>
 *   <li>An alert with a resolution (a billing alarm) is open until it resolves, however long it fires; one without
 *       (budgets, anomalies, usage) closes quietly when no delivery refreshed it for the open window. An unrecognised
 *       signal is told once: it never repeats.</li>
 *   <li>A resolution is told only about an alert that was told; a resolved alarm stays stored (not open) until its
 *       TTL, so a late copy of its older ALARM is recognised as older.</li>
 *   <li>A group's item is created by the first alert of an episode (its {@code episode} is that time); digests are
 *       numbered per episode and claimed by (group, episode, sequence), so an episode never meets another's claims.</li>
 *   <li>Every write of an alert or group is conditional on the version read and refreshes its TTL; whoever loses a
 *       race reads again and decides again ({@link #merge}: a digest run never overwrites an intake's news).</li>
 * </ul>
 */
public final class AlertLifecycle {

    private final Duration openFor;

    /** @param openFor how long a firing alert without a resolution stays open after its last delivery */
    public AlertLifecycle(Duration openFor) {
        this.openFor = openFor;
    }

    /** What a delivery does to an alert: its change, and the alert to store (empty: store nothing). */
    public record Delivery(AlertChange change, Optional<StoredAlert> next) {
    }

    /** Whether an alert of this source ends only by resolving (billing alarms: ALARM then OK). */
    public static boolean hasResolution(Alert.Source source) {
        return source == Alert.Source.BILLING_ALARM;
    }

    /** Whether a still-firing alert is shown again in repeats (an unrecognised signal is delivered once). */
    public static boolean repeats(Alert.Source source) {
        return source != Alert.Source.UNRECOGNISED;
    }

    /** A delivery of {@code incoming} to what is stored ({@code known}); {@code inhibitedBy} is the open anomaly folding it, or null. */
    public Delivery deliver(String group, Optional<StoredAlert> known, Alert incoming, String inhibitedBy, long now) {
        AlertChange change = AlertChange.of(known.map(StoredAlert::alert).orElse(null), incoming);
        long openUntil = now + openFor.toMillis();
        if (known.isEmpty()) {
            return change == AlertChange.UNKNOWN_RESOLUTION ? new Delivery(change, Optional.empty())
                    : new Delivery(change, Optional.of(new StoredAlert(group, incoming, true, change, inhibitedBy, 1, now, now, null, 0, openUntil, 0)));
        }
        StoredAlert k = known.get();
        if (!change.notable()) {
            return new Delivery(change, Optional.of(new StoredAlert(group, k.alert(), k.pending(), k.lastChange(), k.inhibitedBy(), k.occurrences() + 1,
                    k.firstSeenAt(), now, k.notifiedAmount(), k.notifiedAt(), openUntil, k.version())));
        }
        if (change == AlertChange.RESOLVED && !k.notified()) {
            // nobody was told it fired: nobody is told it resolved; kept (not pending) so older copies stay older
            return new Delivery(AlertChange.UNCHANGED, Optional.of(new StoredAlert(group, incoming, false, AlertChange.RESOLVED, null,
                    k.occurrences() + 1, k.firstSeenAt(), now, k.notifiedAmount(), k.notifiedAt(), openUntil, k.version())));
        }
        AlertChange told = change == AlertChange.REFIRED && !k.notified() ? AlertChange.NEW : change;
        return new Delivery(told, Optional.of(new StoredAlert(group, incoming, true, told, inhibitedBy, k.occurrences() + 1, k.firstSeenAt(), now,
                k.notifiedAmount(), k.notifiedAt(), openUntil, k.version())));
    }

    /** The group after an intake's notable change (created with {@code episode = now} when absent). */
    public static GroupState afterIntake(GroupState state, Alert alert, long now) {
        DigestSchedule.Timers t = state.timers();
        Set<Inhibition.OpenAnomaly> open = new LinkedHashSet<>(state.openAnomalies());
        if (alert.source() == Alert.Source.ANOMALY && alert.firing()) {
            open.add(Inhibition.OpenAnomaly.of(alert));
        }
        long first = t.hasNotable() ? t.firstNotableAt() : now;
        long last = Math.max(now, t.lastSentAt() + 1);
        return state.with(new DigestSchedule.Timers(first, last, t.lastSentAt(), t.openAtLastSend(), t.anyFiring() || alert.firing()),
                open, state.sentCount());
    }

    /** Whether a stored alert closes quietly now: firing, told, without a resolution, and nothing refreshed it for the open window. */
    public static boolean closesQuietly(StoredAlert a, long now) {
        return a.alert().firing() && !a.pending() && !hasResolution(a.alert().source()) && a.openUntil() < now;
    }

    /**
     * Whether an alert is open at {@code now}: firing and either news or of a kind that repeats, about a period that has
     * not ended (a budget alert is about one day, month, quarter or year: once that is over it is told, not repeated).
     */
    public static boolean open(StoredAlert a, long now) {
        return a.alert().firing() && (a.pending() || repeats(a.alert().source()) && !periodEnded(a.alert(), now));
    }

    /** What a digest shows at {@code now}: open alerts and resolutions not yet told. */
    public static List<StoredAlert> shown(List<StoredAlert> alerts, long now) {
        return alerts.stream().filter(a -> open(a, now) || (!a.alert().firing() && a.pending())).toList();
    }

    /** Whether the budget period an alert is about ("2099-03-10", "2099-03", "2099-Q1", "2099", UTC) ended before {@code now}. */
    static boolean periodEnded(Alert alert, long now) {
        String p = alert.period();
        if (alert.source() != Alert.Source.BUDGET || p == null) {
            return false;
        }
        java.time.LocalDate end;
        try {
            if (p.matches("\\d{4}-\\d{2}-\\d{2}")) {
                end = java.time.LocalDate.parse(p).plusDays(1);
            } else if (p.matches("\\d{4}-\\d{2}")) {
                end = java.time.YearMonth.parse(p).plusMonths(1).atDay(1);
            } else if (p.matches("\\d{4}-Q[1-4]")) {
                end = java.time.LocalDate.of(Integer.parseInt(p.substring(0, 4)), (p.charAt(6) - '1') * 3 + 1, 1).plusMonths(3);
            } else if (p.matches("\\d{4}")) {
                end = java.time.LocalDate.of(Integer.parseInt(p) + 1, 1, 1);
            } else {
                return false; // the period's kind only (the text had no date): its end is unknown
            }
        } catch (java.time.DateTimeException unreadable) {
            return false;
        }
        return now >= end.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** Whether a due digest has anything to say: news, or (a repeat) alerts still open. */
    public static boolean worthSending(DigestSchedule.Kind kind, List<StoredAlert> shown) {
        return shown.stream().anyMatch(StoredAlert::pending) || (kind == DigestSchedule.Kind.REPEAT && !shown.isEmpty());
    }

    /**
     * Whether {@code current} tells what {@code shown} told: the same alert, the same pending change (a duplicate delivery
     * in between only counted an occurrence and refreshed the open window).
     */
    public static boolean sameNews(StoredAlert shown, StoredAlert current) {
        return current.alert().equals(shown.alert()) && current.pending() == shown.pending() && current.lastChange() == shown.lastChange()
                && java.util.Objects.equals(current.inhibitedBy(), shown.inhibitedBy());
    }

    /** The alert once a digest showed it; null for an alert the digest did not change. */
    public static StoredAlert afterShown(StoredAlert a, long now) {
        return new StoredAlert(a.group(), a.alert(), false, a.lastChange(), a.inhibitedBy(), a.occurrences(), a.firstSeenAt(), a.updatedAt(),
                a.alert().amount(), now, a.openUntil(), a.version());
    }

    /**
     * The group after digest {@code sequence} went out at {@code now}, computed from what the run read.
     *
     * @param remaining    the alerts left open
     * @param stillPending whether some alert changed while the digest was sent (it goes in the next one)
     */
    public static GroupState afterDigest(GroupState read, List<StoredAlert> remaining, long sequence, boolean stillPending, long now) {
        boolean anyOpen = remaining.stream().anyMatch(a -> open(a, now));
        DigestSchedule.Timers t = read.timers();
        DigestSchedule.Timers next = new DigestSchedule.Timers(stillPending ? now + 1 : t.firstNotableAt(), stillPending ? now + 1 : Math.min(t.lastNotableAt(), now),
                now, anyOpen, anyOpen);
        return read.with(next, openAnomalies(remaining), sequence);
    }

    /** The group once a due digest found nothing to say: no news left; firing as its alerts are. */
    public static GroupState nothingToSend(GroupState read, List<StoredAlert> alerts, long now) {
        DigestSchedule.Timers t = read.timers();
        boolean anyOpen = alerts.stream().anyMatch(a -> open(a, now));
        return read.with(new DigestSchedule.Timers(0, 0, t.lastSentAt(), t.openAtLastSend() && anyOpen, anyOpen), openAnomalies(alerts), read.sentCount());
    }

    /**
     * A digest run's result, {@code after} (computed from {@code read}), laid over the group as it is now
     * ({@code current}) after an intake wrote in between: the intake's news stays news (due again at group_interval),
     * its firing and its open anomalies stay; the run's sent count and send time are kept. Written at current's version.
     */
    public static GroupState merge(GroupState read, GroupState current, GroupState after, long now) {
        Set<Inhibition.OpenAnomaly> open = new LinkedHashSet<>(after.openAnomalies());
        current.openAnomalies().stream().filter(a -> !read.openAnomalies().contains(a)).forEach(open::add);
        DigestSchedule.Timers a = after.timers();
        DigestSchedule.Timers c = current.timers();
        DigestSchedule.Timers merged = new DigestSchedule.Timers(now, Math.max(c.lastNotableAt(), a.lastSentAt() + 1), a.lastSentAt(),
                a.openAtLastSend(), a.anyFiring() || c.anyFiring());
        return new GroupState(current.key(), current.labels(), merged, open, current.episode(), Math.max(after.sentCount(), current.sentCount()),
                current.version());
    }

    private static Set<Inhibition.OpenAnomaly> openAnomalies(List<StoredAlert> alerts) {
        Set<Inhibition.OpenAnomaly> open = new LinkedHashSet<>();
        for (StoredAlert a : alerts) {
            if (a.alert().firing() && a.alert().source() == Alert.Source.ANOMALY) {
                open.add(Inhibition.OpenAnomaly.of(a.alert()));
            }
        }
        return open;
    }
}
