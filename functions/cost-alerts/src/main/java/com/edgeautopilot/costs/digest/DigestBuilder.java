package com.edgeautopilot.costs.digest;

import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.grouping.AlertChange;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.store.GroupState;
import com.edgeautopilot.costs.store.StoredAlert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a group's digest from its alerts (pure). Firing alerts come first, most severe and largest first; alerts an
 * open anomaly inhibits are folded under it as one line each; pending resolutions follow.
 */
public final class DigestBuilder {

    /** Per list: keeps a digest far under SNS's 256 KB with its text and JSON variants (subjects count everything). */
    static final int MAX_ENTRIES = 20;
    static final int MAX_LINES_PER_ENTRY = 3;
    static final int TOP_ROOT_CAUSES = 3;

    private DigestBuilder() {
    }

    public static Digest build(GroupState group, DigestSchedule.Kind kind, List<StoredAlert> alerts, long sequence, long now) {
        Map<String, List<String>> folded = new LinkedHashMap<>();
        Set<String> firingFingerprints = new LinkedHashSet<>();
        for (StoredAlert a : alerts) {
            if (a.alert().firing()) {
                firingFingerprints.add(a.alert().fingerprint());
            }
        }
        for (StoredAlert a : alerts) {
            if (a.alert().firing() && a.inhibitedBy() != null && firingFingerprints.contains(a.inhibitedBy())) {
                folded.computeIfAbsent(a.inhibitedBy(), k -> new ArrayList<>()).add(a.alert().title() + " (folded into this anomaly)");
            }
        }
        List<StoredAlert> firing = alerts.stream()
                .filter(a -> a.alert().firing() && !(a.inhibitedBy() != null && firingFingerprints.contains(a.inhibitedBy())))
                .sorted(Comparator.comparing((StoredAlert a) -> a.alert().severity()).reversed()
                        .thenComparing(a -> -(a.alert().amount() == null ? 0 : a.alert().amount())))
                .toList();
        List<StoredAlert> resolved = alerts.stream().filter(a -> !a.alert().firing() && a.pending()).toList();

        List<Digest.Entry> firingEntries = new ArrayList<>();
        for (StoredAlert a : firing.subList(0, Math.min(MAX_ENTRIES, firing.size()))) {
            firingEntries.add(entry(a, folded.getOrDefault(a.alert().fingerprint(), List.of())));
        }
        List<Digest.Entry> resolvedEntries = new ArrayList<>();
        for (StoredAlert a : resolved.subList(0, Math.min(MAX_ENTRIES, resolved.size()))) {
            resolvedEntries.add(entry(a, List.of()));
        }
        Map<String, Integer> causes = new LinkedHashMap<>();
        Set<String> links = new LinkedHashSet<>();
        Digest.InvalidationUsage usage = null;
        Alert.Severity top = null;
        for (StoredAlert a : firing) {
            a.alert().rootCauses().forEach(c -> causes.merge(c, 1, Integer::sum));
            if (a.alert().link() != null) {
                links.add(a.alert().link());
            }
            top = top == null || a.alert().severity().compareTo(top) > 0 ? a.alert().severity() : top;
            if (a.alert().source() == Alert.Source.INVALIDATION_USAGE) {
                Map<String, String> f = a.alert().facts();
                usage = new Digest.InvalidationUsage(f.get("month"), number(f.get("pathsUsed")), number(f.get("freePaths")), number(f.get("paidPaths")));
            }
        }
        List<String> topCauses = causes.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(TOP_ROOT_CAUSES).map(Map.Entry::getKey).toList();
        String kindName = firing.isEmpty() && !resolved.isEmpty() ? "RESOLVED" : kind.name();
        List<StoredAlert> all = new ArrayList<>(firing);
        all.addAll(resolved);
        String service = group.labels().getOrDefault("service", common(all, true));
        String account = group.labels().getOrDefault("account", common(all, false));
        String severity = top == null ? Alert.Severity.INFO.name() : top.name();
        String subject = DigestRenderer.subject(kindName, severity, service, account, firing.size(), countNew(firing), resolved.size());
        int omitted = firing.size() - firingEntries.size() + resolved.size() - resolvedEntries.size();
        return new Digest(group.key(), group.labels(), kindName, sequence, Instant.ofEpochMilli(now).toString(), subject, severity, service,
                account, firingEntries, resolvedEntries, omitted, topCauses, usage, List.copyOf(links));
    }

    private static Digest.Entry entry(StoredAlert a, List<String> folded) {
        Alert alert = a.alert();
        boolean changed = a.pending();
        String change = changed ? a.lastChange().name() : "";
        Double delta = alert.amount() != null && a.notifiedAmount() != null ? alert.amount() - a.notifiedAmount() : null;
        return new Digest.Entry(alert.fingerprint(), alert.source().name(), alert.severity().name(), alert.title(), change, alert.amount(),
                delta, alert.threshold(), alert.period(), first(alert.rootCauses()), first(folded), alert.link(), a.occurrences());
    }

    private static List<String> first(List<String> lines) {
        return lines.size() <= MAX_LINES_PER_ENTRY ? lines : List.copyOf(lines.subList(0, MAX_LINES_PER_ENTRY));
    }

    private static int countNew(List<StoredAlert> firing) {
        return (int) firing.stream().filter(a -> a.pending() && (a.lastChange() == AlertChange.NEW || a.lastChange() == AlertChange.REFIRED)).count();
    }

    private static String common(List<StoredAlert> alerts, boolean service) {
        Set<String> values = new LinkedHashSet<>();
        alerts.forEach(a -> values.add(service ? a.alert().service() : a.alert().account()));
        return values.size() == 1 ? values.iterator().next() : values.isEmpty() ? "none" : "several";
    }

    private static long number(String text) {
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
