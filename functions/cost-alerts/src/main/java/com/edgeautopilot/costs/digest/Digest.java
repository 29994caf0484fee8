package com.edgeautopilot.costs.digest;

import java.util.List;
import java.util.Map;

/**
 * One digest: what one group has to say at one interval. Written as JSON (jackson-jr writes records) for machines and
 * rendered as text for people by {@link DigestRenderer}.
 *
 * @param kind     FIRST, UPDATE, REPEAT or RESOLVED (only resolutions left)
 * @param episode  when the group's current episode began (epoch millis): a group whose item expired and came back starts a new one
 * @param sequence the digest's number in its episode (digests are claimed by group, episode and sequence, so racing runs send each
 *                 once; subscribers can drop a repeat by the same three)
 * @param severity the highest severity still firing (INFO when only resolutions)
 * @param omitted  alerts left out of the lists to keep the message small (the subject counts them all)
 * @param usage    month-to-date invalidation paths against the free ones, when the group has a usage signal
 */
public record Digest(String group, Map<String, String> labels, String kind, long episode, long sequence, String sentAt, String subject,
                     String severity, String service, String account, List<Entry> firing, List<Entry> resolved,
                     int omitted, List<String> topRootCauses, InvalidationUsage usage, List<String> links) {

    /**
     * One alert in a digest.
     *
     * @param change NEW, GREW, REFIRED, RESOLVED or "" (unchanged, shown again in a repeat)
     * @param delta  amount change since the last digest that showed it (null when first shown)
     * @param folded alerts inhibited by this one (billing alarms under an anomaly), as one line each
     */
    public record Entry(String fingerprint, String source, String severity, String title, String change, Double amount, Double delta,
                        Double threshold, String period, List<String> rootCauses, List<String> folded, String link, long occurrences) {
    }

    public record InvalidationUsage(String month, long pathsUsed, long freePaths, long paidPaths) {
    }
}
