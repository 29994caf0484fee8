package com.edgeautopilot.failover.store;

import com.edgeautopilot.failover.policy.DistributionState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Failover state per distribution under a lease, one claim per alarm transition, and the audit trail. */
public interface FailoverStore {

    /** Takes the distribution's lease and returns its state; empty when another invocation holds the lease. */
    Optional<DistributionState> lock(String distributionId, String owner, Instant now);

    /** Writes the state keeping the lease (a switch recorded before it is made); false when the lease was lost. */
    boolean save(String distributionId, String owner, DistributionState state, Instant now);

    /** Writes the state and releases the lease in one conditional write; false when the lease was lost. */
    boolean saveAndUnlock(String distributionId, String owner, DistributionState state, Instant now);

    /** Releases the lease without writing state (after a failure). */
    void unlock(String distributionId, String owner);

    /** The state without taking the lease (status). */
    DistributionState read(String distributionId);

    /**
     * Runs {@code action} once per (distribution, key) across all invocations (a notice, keyed by the switch it reports);
     * false when it already ran. A failing action gives the claim back, so the next delivery tries again; a claim whose action has not
     * completed (its invocation is still running, or died) throws {@code OnceClaim.InProgress} until it expires.
     */
    boolean once(String distributionId, String transitionIdentity, String owner, Instant now, Runnable action);

    void audit(String distributionId, AuditEntry entry);

    /**
     * Records {@code entry} once per {@code onceKey}: the audit item and a marker written in one transaction, so a
     * retry (or a later delivery) that records the same thing again adds nothing. False when it was already recorded.
     */
    boolean auditOnce(String distributionId, String onceKey, AuditEntry entry);

    /** The newest {@code limit} audit entries, newest first. */
    List<AuditEntry> auditTail(String distributionId, int limit);
}
