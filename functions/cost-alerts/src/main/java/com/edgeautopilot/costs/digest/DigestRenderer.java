package com.edgeautopilot.costs.digest;

import com.edgeautopilot.costs.notify.Notification;

import java.util.Locale;
import java.util.Map;

/** A digest as people read it: a subject under 100 characters and a body read in ten seconds. */
public final class DigestRenderer {

    /** SNS refuses subjects of 100 characters or more. */
    public static final int MAX_SUBJECT = 99;

    private DigestRenderer() {
    }

    static String subject(String kind, String severity, String service, String account, int firing, int fresh, int resolved) {
        StringBuilder s = new StringBuilder();
        s.append('[').append(kind.equals("RESOLVED") ? "RESOLVED" : severity).append("] Cost ");
        s.append(switch (kind) {
            case "REPEAT" -> "still firing";
            case "UPDATE" -> "update";
            case "RESOLVED" -> "resolved";
            default -> "alert";
        });
        s.append(": ").append(service).append(" @ ").append(account).append(" - ");
        s.append(firing).append(" firing");
        if (fresh > 0) {
            s.append(", ").append(fresh).append(" new");
        }
        if (resolved > 0) {
            s.append(", ").append(resolved).append(" resolved");
        }
        return ascii(s.toString(), MAX_SUBJECT);
    }

    /** The digest as a message: its subject, text, itself as JSON, and attributes {@code severity}, {@code service}, {@code account}, {@code kind}. */
    public static Notification notification(Digest d) {
        return new Notification(d.subject(), text(d), d,
                Map.of("severity", d.severity(), "service", d.service(), "account", d.account(), "kind", d.kind()));
    }

    public static String text(Digest d) {
        StringBuilder b = new StringBuilder();
        b.append(d.subject()).append('\n');
        b.append("Group ").append(d.labels()).append(", digest #").append(d.sequence()).append(" at ").append(d.sentAt()).append("\n\n");
        if (!d.firing().isEmpty()) {
            b.append("FIRING (").append(d.firing().size()).append(")\n");
            for (Digest.Entry e : d.firing()) {
                b.append(" ! [").append(e.severity()).append("] ").append(e.title());
                if (!e.change().isEmpty()) {
                    b.append("  <").append(e.change()).append('>');
                }
                if (e.delta() != null && Math.abs(e.delta()) >= 0.005) {
                    b.append(String.format(Locale.ROOT, "  (%+,.2f since last digest)", e.delta()));
                }
                if (e.occurrences() > 1) {
                    b.append("  x").append(e.occurrences());
                }
                b.append('\n');
                if (!e.rootCauses().isEmpty()) {
                    b.append("     root causes: ").append(String.join("; ", e.rootCauses())).append('\n');
                }
                for (String f : e.folded()) {
                    b.append("     also: ").append(f).append('\n');
                }
            }
        }
        if (!d.resolved().isEmpty()) {
            b.append("RESOLVED (").append(d.resolved().size()).append(")\n");
            for (Digest.Entry e : d.resolved()) {
                b.append(" - ").append(e.title()).append('\n');
            }
        }
        if (d.omitted() > 0) {
            b.append(" +").append(d.omitted()).append(" more not listed\n");
        }
        if (d.usage() != null) {
            Digest.InvalidationUsage u = d.usage();
            b.append(String.format(Locale.ROOT, "%nInvalidation paths %s: %,d used of %,d free (%,d paid)%n", u.month(), u.pathsUsed(), u.freePaths(), u.paidPaths()));
        }
        if (!d.topRootCauses().isEmpty()) {
            b.append("\nTop root causes: ").append(String.join("; ", d.topRootCauses())).append('\n');
        }
        if (!d.links().isEmpty()) {
            b.append("\nLinks:\n");
            d.links().forEach(l -> b.append(" ").append(l).append('\n'));
        }
        return b.toString();
    }

    /** Printable ASCII only (SNS subjects allow no line breaks or control characters), at most {@code max} characters. */
    static String ascii(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 32 && c < 127 ? c : '?');
        }
        return out.length() <= max ? out.toString() : out.substring(0, max - 3) + "...";
    }
}
