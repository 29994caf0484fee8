package com.edgeautopilot.costs.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Alerts by group and group items, on the function's own table. Every write is conditional on the version read (0:
 * absent) and refreshes the item's TTL; a false answer means someone else wrote first (read again and decide again).
 */
public interface AlertStore {

    Optional<StoredAlert> alert(String group, String fingerprint);

    /** Writes the alert if its stored version is still {@code alert.version()} (0: absent); false when someone wrote first. */
    boolean putAlert(StoredAlert alert, long nowMillis);

    /** Deletes the alert if its version is still the one read. */
    boolean deleteAlert(StoredAlert alert);

    Optional<GroupState> group(String key);

    /**
     * Writes the group (labels, timers, open anomalies, sent count; its episode only when it creates the item) if its
     * version is still {@code state.version()} (0: absent); false when someone wrote first.
     */
    boolean putGroup(GroupState state, long nowMillis);

    List<GroupState> groups();

    List<StoredAlert> alerts(String group);

    /** Claims digest {@code sequence} of a group's {@code episode} as sent (a completed claim); false when it already is. */
    boolean claimDigest(String group, long episode, long sequence, String owner, long nowMillis);

    /**
     * Sends digest {@code sequence} of a group's {@code episode} once: claims it (in progress for {@code inProgressFor}),
     * runs {@code send}, completes the claim. False when it was already sent. A failed send gives the claim back; a claim
     * that could not be given back, or whose run died, stays in progress ({@code OnceClaim.InProgress}) until it expires
     * and is sent then.
     */
    boolean sendDigestOnce(String group, long episode, long sequence, String owner, long nowMillis, Duration inProgressFor, Runnable send);

    /**
     * As {@link #sendDigestOnce(String, long, long, String, long, Duration, Runnable)}, recording on the claim the group
     * {@code version} the digest was built from, so a run that finds it already sent knows whether the group changed since.
     */
    default boolean sendDigestOnce(String group, long episode, long sequence, long version, String owner, long nowMillis, Duration inProgressFor,
                                   Runnable send) {
        return sendDigestOnce(group, episode, sequence, owner + "@v" + version, nowMillis, inProgressFor, send);
    }

    /** The group version digest {@code sequence} of {@code episode} was built from; empty when unknown (not claimed, or claimed without it). */
    java.util.OptionalLong digestBuiltFrom(String group, long episode, long sequence);
}
