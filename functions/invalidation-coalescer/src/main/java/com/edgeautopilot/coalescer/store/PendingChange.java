package com.edgeautopilot.coalescer.store;

/**
 * A changed object waiting to be invalidated on one distribution, as read from its item.
 *
 * @param token     the change that made it pending (sequencer or event id)
 * @param changedAt when the coalescer recorded that change (epoch millis)
 * @param version   the object's change counter when read: a flush clears the item only if no change was recorded
 *                  since (whatever order events arrived in); 0 for items written before versions existed
 * @param partition the item's partition key and {@code sortKey} its sort key: a flush clears exactly the item it read,
 *                  whatever the shard count or key layout is now
 */
public record PendingChange(String bucket, String key, String token, long changedAt, long version, String partition, String sortKey) {
    public String objectId() {
        return bucket + "/" + key;
    }

    /** Which recorded change of the object this is: its version, or its token for items written before versions existed. */
    public String revision() {
        return version > 0 ? "v" + version : "t" + token;
    }
}
