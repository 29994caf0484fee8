package com.edgeautopilot.costs.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Alerts by group and group timers, on the function's own table. Writes that race are conditional on versions. */
public interface AlertStore {

    Optional<StoredAlert> alert(String group, String fingerprint);

    /** Writes the alert if its stored version is still {@code alert.version()} (0: absent); false when someone wrote first. */
    boolean putAlert(StoredAlert alert, long nowMillis);

    /** Deletes the alert if its version is still the one read. */
    boolean deleteAlert(StoredAlert alert);

    Optional<GroupState> group(String key);

    /** Writes the intake's fields of the group if its version is still {@code state.version()} (0: absent). */
    boolean putGroupOnIntake(GroupState state, long nowMillis);

    List<GroupState> groups();

    List<StoredAlert> alerts(String group);

    /** The group under an exclusive lease, as it is once taken; empty when another digest run holds it. */
    Optional<GroupState> acquire(String group, String owner, long nowMillis, Duration lease);

    /** Releases the lease, setting the timers and counters of a finished run in the same write; false when the lease was lost. */
    boolean release(String group, String owner, AfterRun result);

    /** Claims digest {@code sequence} of a group as sent (a completed claim); false when it already is. */
    boolean claimDigest(String group, long sequence, String owner, long nowMillis);

    /**
     * Sends digest {@code sequence} of a group once: claims it (in progress for {@code inProgressFor}), runs {@code send},
     * completes the claim. False when it was already sent. A failed send gives the claim back; a claim that could not be
     * given back, or whose run died, stays in progress ({@code OnceClaim.InProgress}) until it expires and is sent then.
     */
    boolean sendDigestOnce(String group, long sequence, String owner, long nowMillis, java.time.Duration inProgressFor, Runnable send);

    /**
     * What a digest run leaves on the group item. {@code lastNotableAt} 0 leaves the stored value; {@code version} moves on
     * so an intake that read the group before the run retries with the new timers.
     */
    record AfterRun(long lastSentAt, boolean openAtLastSend, boolean anyFiring, long lastNotableAt, long sentCount,
                    List<String> openAnomalies, long version) {
    }
}
