package com.edgeautopilot.coalescer.usage;

/** Where the "share of the monthly free invalidation paths used" signal goes (SNS in production). */
public interface UsageSignals {

    /** Publishes nothing (no usage topic configured). */
    UsageSignals NONE = signal -> { };

    void publish(UsageSignal signal);

    /**
     * @param month      {@code yyyy-MM} (UTC)
     * @param pathsUsed  paths submitted this month by this stack
     * @param freePaths  the free paths per month configured for the account
     * @param threshold  the fraction crossed (0.8 = 80%)
     */
    record UsageSignal(String month, long pathsUsed, long freePaths, double threshold) {
    }
}
