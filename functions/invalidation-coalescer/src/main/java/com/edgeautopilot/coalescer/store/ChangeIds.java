package com.edgeautopilot.coalescer.store;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Identities of recorded changes: 128 random bits (22 characters), drawn when a change is recorded, never derived from
 * a counter or a clock, so no deleted-and-recreated item, retried write or other container can repeat one.
 */
final class ChangeIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ChangeIds() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
