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

    /** Per list (subjects and the "+N more" tail count everything). */
    static final int MAX_ENTRIES = 20;
    static final int MAX_LINES_PER_ENTRY = 3;
    static final int TOP_ROOT_CAUSES = 3;
    /** Any text an entry carries (titles, root causes, links come from outside) is cut to this many characters. */
    static final int MAX_FIELD = 240;
    /**
     * Each variant of a digest (its text, its JSON) stays under this many bytes, entries dropped from the end into the
     * "+N more" tail until it does. SNS publishes the text twice and the JSON three times in one message (with JSON
     * escaping): at most ~5.5 x this, so a digest is always far under SNS's 256 KB, whatever its alerts say.
     */
    static final int MAX_VARIANT_BYTES = 16 * 1024;

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
        Digest.InvalidationUsage usage = null;
        Alert.Severity top = null;
        for (StoredAlert a : firing) {
            a.alert().rootCauses().forEach(c -> causes.merge(clip(c), 1, Integer::sum));
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
        int total = firing.size() + resolved.size();
        while (true) {
            Set<String> links = new LinkedHashSet<>();
            firingEntries.forEach(e -> {
                if (e.link() != null) {
                    links.add(e.link());
                }
            });
            int omitted = total - firingEntries.size() - resolvedEntries.size();
            Digest digest = new Digest(group.key(), group.labels(), kindName, group.episode(), sequence, Instant.ofEpochMilli(now).toString(), subject, severity,
                    service, account, List.copyOf(firingEntries), List.copyOf(resolvedEntries), omitted, topCauses, usage, List.copyOf(links));
            if (fits(digest) || firingEntries.size() + resolvedEntries.size() <= 1) {
                return digest;
            }
            List<Digest.Entry> shrink = resolvedEntries.isEmpty() ? firingEntries : resolvedEntries;
            shrink.remove(shrink.size() - 1);
        }
    }

    static boolean fits(Digest digest) {
        return bytes(DigestRenderer.text(digest)) <= MAX_VARIANT_BYTES && bytes(com.edgeautopilot.common.Json.write(digest)) <= MAX_VARIANT_BYTES;
    }

    private static int bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static String clip(String text) {
        return text == null || text.length() <= MAX_FIELD ? text : text.substring(0, MAX_FIELD - 1) + "…";
    }

    private static Digest.Entry entry(StoredAlert a, List<String> folded) {
        Alert alert = a.alert();
        boolean changed = a.pending();
        String change = changed ? a.lastChange().name() : "";
        Double delta = alert.amount() != null && a.notifiedAmount() != null ? alert.amount() - a.notifiedAmount() : null;
        return new Digest.Entry(clip(alert.fingerprint()), alert.source().name(), alert.severity().name(), clip(alert.title()), change, alert.amount(),
                delta, alert.threshold(), clip(alert.period()), first(alert.rootCauses()), first(folded), clip(alert.link()), a.occurrences());
    }

    private static List<String> first(List<String> lines) {
        return lines.stream().limit(MAX_LINES_PER_ENTRY).map(DigestBuilder::clip).toList();
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
