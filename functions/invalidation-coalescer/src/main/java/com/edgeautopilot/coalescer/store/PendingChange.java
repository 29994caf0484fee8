package com.edgeautopilot.coalescer.store;

/**
 * A changed object waiting to be invalidated on one distribution.
 *
 * @param token     the change that made it pending (sequencer or event id); flushing removes it only if unchanged
 * @param changedAt when the coalescer recorded that change (epoch millis)
 */
public record PendingChange(String bucket, String key, String token, long changedAt) {
    public String objectId() {
        return bucket + "/" + key;
    }
}
