package com.edgeautopilot.failover.control;

import com.edgeautopilot.failover.cdn.DistributionSwitcher;
import com.edgeautopilot.failover.policy.DistributionState;
import com.edgeautopilot.failover.store.FailoverStore;

import java.time.Clock;
import java.util.Optional;

/**
 * The one place that takes a distribution's lease, hands its state to some work, and saves the state the work returns
 * while releasing the lease (or releases it without saving when the work fails). Everything that changes a
 * distribution (an alarm transition, the tick, an operator) runs inside it; nothing else takes or releases the lease.
 */
final class DistributionLease {

    /** Saves the state now, keeping the lease (a switch is recorded before its UpdateDistribution). */
    interface Checkpoint {
        void save(DistributionState state);
    }

    /** The state to save and what the work answers. */
    record Done<T>(DistributionState state, T value) {
    }

    interface Work<T> {
        Done<T> run(DistributionState state, Checkpoint checkpoint);
    }

    private final FailoverStore store;
    private final Clock clock;
    private final DistributionSwitcher.Sleeper sleeper;

    DistributionLease(FailoverStore store, Clock clock, DistributionSwitcher.Sleeper sleeper) {
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Waits up to ~30 s for the lease (an SNS subscription and an EventBridge rule deliver the same transition at the
     * same moment; the second should find it handled, not fail), then runs {@code work}; {@link FailoverController.DistributionBusy} after that.
     */
    <T> T waitingFor(String distributionId, String owner, Work<T> work) {
        long wait = 250;
        for (int attempt = 0; attempt < 8; attempt++) {
            Optional<T> done = ifFree(distributionId, owner, work);
            if (done.isPresent()) {
                return done.get();
            }
            sleeper.sleep(wait);
            wait = Math.min(wait * 2, 8_000);
        }
        throw new FailoverController.DistributionBusy(distributionId);
    }

    /** Runs {@code work} under the lease when it is free now; empty when another invocation holds it. */
    <T> Optional<T> ifFree(String distributionId, String owner, Work<T> work) {
        Optional<DistributionState> state = store.lock(distributionId, owner, clock.instant());
        if (state.isEmpty()) {
            return Optional.empty();
        }
        try {
            Done<T> done = work.run(state.get(), next -> {
                if (!store.save(distributionId, owner, next, clock.instant())) {
                    throw lost(distributionId);
                }
            });
            if (!store.saveAndUnlock(distributionId, owner, done.state(), clock.instant())) {
                throw lost(distributionId);
            }
            return Optional.of(done.value());
        } catch (RuntimeException e) {
            store.unlock(distributionId, owner);
            throw e;
        }
    }

    private static IllegalStateException lost(String distributionId) {
        return new IllegalStateException("lost the lease of " + distributionId + " before saving its state (invocation ran past the lease)");
    }
}
