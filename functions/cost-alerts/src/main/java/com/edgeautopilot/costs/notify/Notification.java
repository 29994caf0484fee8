package com.edgeautopilot.costs.notify;

import java.util.Map;

/**
 * One human-facing message: a subject (under 100 characters), the text people read, the same content for machines
 * (any object jackson-jr writes: records, maps), and message attributes for subscription filter policies.
 */
public record Notification(String subject, String text, Object json, Map<String, String> attributes) {
}
