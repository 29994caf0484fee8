package com.edgeautopilot.coalescer.event;

import java.util.Objects;

/**
 * One S3 object change, whatever shape it arrived in.
 *
 * @param bucket    bucket name
 * @param key       the object key, decoded (as stored in S3, not as sent in the event)
 * @param sequencer S3's per-key ordering token, normalised by {@link Sequencers#normalize}; null when the event had none
 * @param token     what makes this change unique: the sequencer when present, else the event id
 * @param deleted   true for removals (they invalidate too)
 */
public record S3Change(String bucket, String key, String sequencer, String token, boolean deleted) {
    public S3Change {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
    }

    /** Identity of the object this change is about. */
    public String objectId() {
        return bucket + "/" + key;
    }

    /** Whether this change supersedes {@code other} for the same object (later sequencer wins; unknown order keeps both). */
    public boolean isNewerThan(S3Change other) {
        if (sequencer == null || other.sequencer == null) {
            return !token.equals(other.token);
        }
        return sequencer.compareTo(other.sequencer) > 0;
    }
}
