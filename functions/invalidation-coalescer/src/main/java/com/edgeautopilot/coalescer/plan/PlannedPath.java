package com.edgeautopilot.coalescer.plan;

import java.util.Objects;

/**
 * One path of a plan.
 *
 * @param path              encoded, exactly as sent to CloudFront; a wildcard ends with its only unencoded {@code *}
 * @param wildcard          whether {@code path} ends with the {@code *} wildcard
 * @param coveredChanges    changed paths this path invalidates (1 for an exact path)
 * @param collateralObjects unchanged objects it evicts: 0 for an exact path, from the inventory for a wildcard,
 *                          {@code null} for a wildcard without inventory
 * @param reason            short human explanation, for logs and audit records
 */
public record PlannedPath(String path, boolean wildcard, int coveredChanges, Long collateralObjects, String reason) {

    public PlannedPath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an invalidation path must start with '/': " + PathEncoding.abbreviate(path));
        }
        if (path.length() > PathEncoding.MAX_PATH_LENGTH) {
            throw new IllegalArgumentException("an invalidation path must be at most " + PathEncoding.MAX_PATH_LENGTH
                    + " characters, got " + path.length());
        }
        int star = path.indexOf('*');
        if (star >= 0 && star != path.length() - 1) {
            throw new IllegalArgumentException("'*' may only be the last character: " + PathEncoding.abbreviate(path));
        }
        if (wildcard != (star >= 0)) {
            throw new IllegalArgumentException((wildcard ? "a wildcard path must end with '*': " : "an exact path must not contain '*': ")
                    + PathEncoding.abbreviate(path));
        }
        if (coveredChanges < 0) {
            throw new IllegalArgumentException("coveredChanges must be >= 0");
        }
    }

    /** The encoded prefix a wildcard matches ({@code path} without the {@code *}); the path itself when exact. */
    public String encodedPrefix() {
        return wildcard ? path.substring(0, path.length() - 1) : path;
    }

    /** Whether this path invalidates the object at {@code encodedPath} (an encoded path). */
    public boolean coversEncoded(String encodedPath) {
        return wildcard ? encodedPath.startsWith(encodedPrefix()) : encodedPath.equals(path);
    }
}
