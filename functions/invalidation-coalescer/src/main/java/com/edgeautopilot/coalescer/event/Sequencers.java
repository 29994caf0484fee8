package com.edgeautopilot.coalescer.event;

import java.util.Locale;

/**
 * S3's {@code sequencer}: a hexadecimal value that orders events of the same key only. Values have varying
 * lengths; S3 says to right-pad the shorter one with zeros and compare as strings. Normalising to a fixed width
 * makes plain string comparison (in Java and in DynamoDB condition expressions) do the right thing.
 */
public final class Sequencers {
    static final int WIDTH = 32;

    private Sequencers() {
    }

    /** Upper-case, right-padded with zeros to 32 characters; null for null/blank; rejects non-hex values. */
    public static String normalize(String sequencer) {
        if (sequencer == null || sequencer.isBlank()) {
            return null;
        }
        String upper = sequencer.trim().toUpperCase(Locale.ROOT);
        if (upper.length() > WIDTH || !upper.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
            throw new IllegalArgumentException("sequencer is not a hexadecimal value of at most " + WIDTH + " digits: " + sequencer);
        }
        return upper + "0".repeat(WIDTH - upper.length());
    }
}
