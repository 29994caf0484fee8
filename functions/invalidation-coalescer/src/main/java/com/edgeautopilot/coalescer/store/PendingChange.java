package com.edgeautopilot.coalescer.store;

/**
 * A changed object waiting to be invalidated on one distribution, as read from its item.
 *
 * @param token     the newest change recorded for it (sequencer or event id): what a late copy is compared with
 * @param changedAt when the coalescer recorded that change (epoch millis): for the pending-age alarm only, never to
 *                  decide what a flush clears
 * @param version   how many changes were recorded since the item was created (1: only the one that created it)
 * @param changeId  the identity of the last recorded change: unique per recorded change (a fresh random id per
 *                  successful record write), so an item deleted and created again never repeats it. A flush clears the
 *                  item only while it still holds the change id the flush read. Null for items written before change
 *                  ids existed (their identity is the version, see {@link #revision()})
 * @param partition the item's partition key and {@code sortKey} its sort key: a flush clears exactly the item it read,
 *                  whatever the shard count or key layout is now
 */
public record PendingChange(String bucket, String key, String token, long changedAt, long version, String changeId,
                            String partition, String sortKey) {

    /** An item written before change ids existed. */
    public PendingChange(String bucket, String key, String token, long changedAt, long version, String partition, String sortKey) {
        this(bucket, key, token, changedAt, version, null, partition, sortKey);
    }

    public String objectId() {
        return bucket + "/" + key;
    }

    /** Which recorded change this is: its change id (for items written before change ids: its version, else its token). */
    public String revision() {
        if (changeId != null) {
            return changeId;
        }
        return version > 0 ? "v" + version : "t" + token;
    }
}
