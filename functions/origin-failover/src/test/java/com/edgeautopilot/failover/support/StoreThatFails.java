package com.edgeautopilot.failover.support;

import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.store.AuditEntry;
import com.edgeautopilot.failover.store.FailoverStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A {@link FailoverStore} whose final state writes fail as planned (a DynamoDB error after everything else succeeded). */
public final class StoreThatFails implements FailoverStore {

    /** How many of the next final state writes (save and release the lease) fail. */
    public static final class Plan {
        private int finalSaves;

        public static Plan none() {
            return new Plan();
        }

        public static Plan failFinalSaves(int count) {
            Plan plan = new Plan();
            plan.finalSaves = count;
            return plan;
        }
    }

    private final FailoverStore store;
    private final Plan plan;

    public StoreThatFails(FailoverStore store, Plan plan) {
        this.store = store;
        this.plan = plan;
    }

    @Override
    public Optional<DistributionState> lock(String distributionId, String owner, Instant now) {
        return store.lock(distributionId, owner, now);
    }

    @Override
    public boolean save(String distributionId, String owner, DistributionState state, Instant now) {
        return store.save(distributionId, owner, state, now);
    }

    @Override
    public boolean saveAndUnlock(String distributionId, String owner, DistributionState state, Instant now) {
        if (plan.finalSaves > 0) {
            plan.finalSaves--;
            throw new IllegalStateException("ProvisionedThroughputExceededException (simulated) on the final state write");
        }
        return store.saveAndUnlock(distributionId, owner, state, now);
    }

    @Override
    public void unlock(String distributionId, String owner) {
        store.unlock(distributionId, owner);
    }

    @Override
    public DistributionState read(String distributionId) {
        return store.read(distributionId);
    }

    @Override
    public boolean once(String distributionId, String transitionIdentity, String owner, Instant now, Runnable action) {
        return store.once(distributionId, transitionIdentity, owner, now, action);
    }

    @Override
    public void audit(String distributionId, AuditEntry entry) {
        store.audit(distributionId, entry);
    }

    @Override
    public boolean auditOnce(String distributionId, String onceKey, AuditEntry entry) {
        return store.auditOnce(distributionId, onceKey, entry);
    }

    @Override
    public List<AuditEntry> auditTail(String distributionId, int limit) {
        return store.auditTail(distributionId, limit);
    }
}
