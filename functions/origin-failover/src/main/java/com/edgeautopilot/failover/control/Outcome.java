package com.edgeautopilot.failover.control;

import java.util.List;

/**
 * What happened to one distribution in one invocation (the handler's response lists these).
 *
 * @param decision  the policy's decision kind, or DUPLICATE / STALE / BUSY / DEPLOYED / REFUSED_CONFIG / HOLD / RELEASE
 */
public record Outcome(String distributionId, String decision, String reason, String position, boolean dryRun, List<String> diff,
                      boolean notified) {

    static Outcome of(String distributionId, String decision, String reason, String position) {
        return new Outcome(distributionId, decision, reason, position, false, List.of(), false);
    }
}
