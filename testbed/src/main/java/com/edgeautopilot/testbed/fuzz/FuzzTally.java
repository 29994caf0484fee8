package com.edgeautopilot.testbed.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fuzz run did with its bad inputs, counted per kind and outcome ("rejected", "ignored", ...), and the seeds of
 * every input that broke the function (kept as regression cases). {@link #summary} is the line a test prints, which
 * RELIABILITY.md quotes.
 */
public final class FuzzTally {

    private final String name;
    private final Map<EventMutator.Kind, Map<String, Integer>> counts = new EnumMap<>(EventMutator.Kind.class);
    private final List<String> broken = new ArrayList<>();
    private int valid;

    public FuzzTally(String name) {
        this.name = name;
    }

    public void count(EventMutator.Mutation mutation, String outcome) {
        counts.computeIfAbsent(mutation.kind(), k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
    }

    /** An input that broke the function (an exception where an answer was due, a valid record failed with it...). */
    public void broke(EventMutator.Mutation mutation, String what) {
        count(mutation, "BROKE");
        broken.add("EventMutator.replay(Kind." + mutation.kind() + ", " + mutation.seed() + "L, sample): " + what);
    }

    public void validProcessed(int records) {
        valid += records;
    }

    public List<String> broken() {
        return List.copyOf(broken);
    }

    public int total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }

    public int outcome(String outcome) {
        return counts.values().stream().mapToInt(m -> m.getOrDefault(outcome, 0)).sum();
    }

    public String summary() {
        Map<String, Integer> byOutcome = new TreeMap<>();
        counts.values().forEach(m -> m.forEach((o, n) -> byOutcome.merge(o, n, Integer::sum)));
        return "FUZZ " + name + ": " + total() + " bad inputs " + counts + " -> " + byOutcome + "; valid records beside them processed: "
                + valid + "; broke the function: " + broken.size();
    }
}
