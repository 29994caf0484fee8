package com.edgeautopilot.failover.notify;

/**
 * One message to the on-call engineer. {@code severity}, {@code distribution} and {@code event} become SNS message
 * attributes, so subscriptions can filter (e.g. page only on {@code severity=critical}).
 */
public record Notice(String subject, String body, String severity, String distributionId, String event) {

    /** SNS allows subjects under 100 characters (ASCII, no line breaks). */
    public static final int MAX_SUBJECT = 99;

    public Notice {
        subject = subject.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7E]", "?");
        if (subject.length() > MAX_SUBJECT) {
            subject = subject.substring(0, MAX_SUBJECT - 3) + "...";
        }
    }
}
