package com.edgeautopilot.coalescer.flush;

import com.edgeautopilot.coalescer.store.DistributionState;
import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.common.Log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Mutable progress of one flush of one distribution, so a refusal half way still reports what was accepted. */
final class FlushAttempt {
    final String distributionId;
    final FlushPolicy.Decision decision;
    final long startedAt;
    final Log log;
    final DistributionState state;
    Collection<InvalidationGateway.InProgress> inFlight = List.of();
    String batchId;
    int pendingKeys;
    List<String> paths = List.of();
    final List<String> invalidationIds = new ArrayList<>();
    int cleared;
    int leftPending;
    long billable;
    double cost;
    final List<String> reasons = new ArrayList<>();

    FlushAttempt(String distributionId, FlushPolicy.Decision decision, DistributionState state, long startedAt, Log log) {
        this.distributionId = distributionId;
        this.decision = decision;
        this.state = state;
        this.startedAt = startedAt;
        this.log = log;
    }

    FlushOutcome outcome(String refusal) {
        return new FlushOutcome(distributionId, decision, batchId, pendingKeys, paths, invalidationIds.size(),
                List.copyOf(invalidationIds), cleared, leftPending, billable, cost, refusal, List.copyOf(reasons));
    }
}
