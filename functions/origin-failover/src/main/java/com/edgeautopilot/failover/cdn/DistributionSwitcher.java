package com.edgeautopilot.failover.cdn;

import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.policy.Position;

import java.time.Clock;
import java.util.List;

/**
 * Applies a {@link ConfigEdit} to the live distribution safely: GetDistributionConfig, edit, UpdateDistribution with
 * the ETag as IfMatch. On 412 (someone changed the config in between) it re-reads and re-applies the edit to the new
 * config, so both changes survive; when throttled it backs off exponentially. A dry run stops before the update.
 */
public final class DistributionSwitcher {

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    public interface Sleeper {
        void sleep(long millis);
    }

    /** What a switch did. {@code kind} is SWITCHED, DRY_RUN, ALREADY_THERE or REFUSED. */
    public record Outcome(Kind kind, List<String> diff, List<String> moved, List<String> before, List<String> after, String etagBefore,
                          String etagAfter, int attempts, long millis, String refusal) {
        public enum Kind { SWITCHED, DRY_RUN, ALREADY_THERE, REFUSED }
    }

    private final DistributionGateway gateway;
    private final Sleeper sleeper;
    private final Clock clock;
    private final int maxAttempts;

    public DistributionSwitcher(DistributionGateway gateway, Sleeper sleeper, Clock clock, int maxAttempts) {
        this.gateway = gateway;
        this.sleeper = sleeper;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    public Outcome switchTo(ProtectedDistribution d, Position target, List<String> onlyThese, boolean dryRun) {
        long started = clock.millis();
        long backoff = 200;
        RuntimeException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                DistributionGateway.Versioned current = gateway.readConfig(d.distributionId());
                ConfigEdit.Result result = ConfigEdit.apply(current.config(), d, target, onlyThese);
                List<String> before = ConfigEdit.targets(current.config());
                switch (result) {
                    case ConfigEdit.Refused refused -> {
                        return new Outcome(Outcome.Kind.REFUSED, List.of(), List.of(), before, before, current.etag(), null, attempt,
                                clock.millis() - started, refused.setting() + ": " + refused.reason());
                    }
                    case ConfigEdit.AlreadyThere there -> {
                        return new Outcome(Outcome.Kind.ALREADY_THERE, List.of(), List.of(), before, before, current.etag(), current.etag(),
                                attempt, clock.millis() - started, there.reason());
                    }
                    case ConfigEdit.Edited edited -> {
                        List<String> after = ConfigEdit.targets(edited.config());
                        if (dryRun) {
                            return new Outcome(Outcome.Kind.DRY_RUN, edited.diff(), edited.moved(), before, after, current.etag(), null,
                                    attempt, clock.millis() - started, null);
                        }
                        String etag = gateway.update(d.distributionId(), edited.config(), current.etag());
                        return new Outcome(Outcome.Kind.SWITCHED, edited.diff(), edited.moved(), before, after, current.etag(), etag,
                                attempt, clock.millis() - started, null);
                    }
                }
            } catch (DistributionGateway.StaleConfig stale) {
                last = stale; // re-read at once: the new config must get the same edit
            } catch (DistributionGateway.CdnThrottled throttled) {
                last = throttled;
                sleeper.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        throw new IllegalStateException("switching " + d.distributionId() + " failed after " + maxAttempts + " attempts: " + last.getMessage(), last);
    }
}
