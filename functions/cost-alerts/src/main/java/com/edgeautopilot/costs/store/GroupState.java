package com.edgeautopilot.costs.store;

import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.grouping.Inhibition;

import java.util.Map;
import java.util.Set;

/**
 * A group's timers and memory: its labels, when its alerts changed and when it was last sent, the anomalies open in it
 * (for inhibition), its episode (when this group item was created: a group whose item expired and comes back is a new
 * episode, so its digests never collide with the old one's claims) and how many digests the episode sent (the sequence
 * number digests are claimed by). {@code version} moves on with every write: the one concurrency control of a group.
 */
public record GroupState(String key, Map<String, String> labels, DigestSchedule.Timers timers, Set<Inhibition.OpenAnomaly> openAnomalies,
                         long episode, long sentCount, long version) {

    public static GroupState empty(String key, Map<String, String> labels, long episode) {
        return new GroupState(key, labels, new DigestSchedule.Timers(0, 0, 0, false, false), Set.of(), episode, 0, 0);
    }

    public GroupState with(DigestSchedule.Timers next, Set<Inhibition.OpenAnomaly> open, long nextSentCount) {
        return new GroupState(key, labels, next, open, episode, nextSentCount, version);
    }
}
