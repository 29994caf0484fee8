package com.edgeautopilot.costs.store;

import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.grouping.Inhibition;

import java.util.Map;
import java.util.Set;

/**
 * A group's timers and memory: its labels, when its alerts changed and when it was last sent, the anomalies open in it
 * (for inhibition) and how many digests it sent (the sequence number digests are claimed by).
 */
public record GroupState(String key, Map<String, String> labels, DigestSchedule.Timers timers, Set<Inhibition.OpenAnomaly> openAnomalies,
                         long sentCount, long version) {

    public static GroupState empty(String key, Map<String, String> labels) {
        return new GroupState(key, labels, new DigestSchedule.Timers(0, 0, 0, false, false), Set.of(), 0, 0);
    }
}
