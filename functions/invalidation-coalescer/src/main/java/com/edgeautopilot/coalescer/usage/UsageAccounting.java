package com.edgeautopilot.coalescer.usage;

import com.edgeautopilot.coalescer.plan.Capacity;
import com.edgeautopilot.coalescer.store.CoalescerStore;
import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.common.Log;

import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The account's invalidation budget: what capacity a flush may plan with (free paths left this month, in-progress
 * files and wildcards left on the distribution), which paths of a request are billable, and the usage signals.
 *
 * <p>A signal is owed for every configured threshold the month's usage has reached; it is claimed in the store,
 * published, and the claim released when publishing failed, so the next flush sends it: no signal is lost to a failed
 * publish or to a crash between counting and signalling.
 */
public final class UsageAccounting {

    private final CoalescerStore store;
    private final UsageSignals signals;
    private final long freePathsPerMonth;
    private final Collection<Double> thresholds;
    private final Log log;

    public UsageAccounting(CoalescerStore store, UsageSignals signals, long freePathsPerMonth, Collection<Double> thresholds, Log log) {
        this.store = store;
        this.signals = signals;
        this.freePathsPerMonth = freePathsPerMonth;
        this.thresholds = thresholds;
        this.log = log;
    }

    /** What may be planned now on a distribution with these invalidations in progress (as CloudFront lists them). */
    public Capacity capacity(YearMonth month, Collection<InvalidationGateway.InProgress> inProgress) {
        long used = store.usage(month);
        return Capacity.of(Math.max(0, freePathsPerMonth - used),
                inProgress.stream().mapToInt(InvalidationGateway.InProgress::files).sum(),
                inProgress.stream().mapToInt(InvalidationGateway.InProgress::wildcards).sum());
    }

    /** Billable paths of a request of {@code paths} submitted when the month stood at {@code usedBefore}. */
    public long billable(long usedBefore, long paths) {
        long after = usedBefore + paths;
        return Math.max(0, after - freePathsPerMonth) - Math.max(0, usedBefore - freePathsPerMonth);
    }

    public long freePathsLeft(long used) {
        return Math.max(0, freePathsPerMonth - used);
    }

    /** Sends every signal the month's usage has earned and that was not sent yet. Never throws. */
    public void signalDue(YearMonth month, String claimant, long now) {
        if (freePathsPerMonth <= 0) {
            return;
        }
        try {
            long used = store.usage(month);
            List<Double> reached = thresholds.stream().filter(threshold -> used >= threshold * freePathsPerMonth).toList();
            if (reached.isEmpty()) {
                return;
            }
            Set<String> claimed = store.claimedUsageSignals(month, now); // a read, where a claim lost would be a write
            for (double threshold : reached) {
                if (!claimed.contains(key(threshold))) {
                    signalOnce(month, used, threshold, claimant, now);
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not check usage signals; the next flush checks again", "month", month.toString(), "detail", e.getMessage());
        }
    }

    private static String key(double threshold) {
        return String.format(Locale.ROOT, "%.2f", threshold);
    }

    private void signalOnce(YearMonth month, long used, double threshold, String claimant, long now) {
        String key = key(threshold);
        if (!store.claimUsageSignal(month, key, claimant, now)) {
            return;
        }
        try {
            signals.publish(new UsageSignals.UsageSignal(month.toString(), used, freePathsPerMonth, threshold));
            log.info("published usage signal", "month", month.toString(), "pathsUsed", used, "threshold", threshold);
        } catch (RuntimeException e) {
            store.releaseUsageSignal(month, key, claimant);
            log.warn("could not publish the usage signal; the next flush sends it", "month", month.toString(), "threshold", threshold,
                    "detail", e.getMessage());
        }
    }
}
