package com.edgeautopilot.failover.support;

import com.edgeautopilot.failover.cdn.DistributionGateway;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A CloudFront control plane stricter than moto, from CloudFront's documented behaviour: every config has an ETag that
 * changes with each update; {@code UpdateDistribution} needs the current one as {@code IfMatch} (412
 * PreconditionFailed otherwise); a behaviour must target an existing origin or origin group; the CallerReference cannot
 * change; a change is {@code InProgress} until deployed; throttling on demand. A concurrent change by someone else can be
 * injected between a Get and the next Update.
 */
public final class StrictCloudFront implements DistributionGateway {

    /** CloudFront rejected the request (not retryable). */
    public static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }

    private record Stored(DistributionConfig config, int version, String status) {
        String etag() {
            return "E" + version + "TAG";
        }
    }

    private final Map<String, Stored> distributions = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private int throttleNext;
    private UnaryOperator<DistributionConfig> concurrentChange;
    private int updates;

    public synchronized void create(String id, DistributionConfig config) {
        distributions.put(id, new Stored(config, 1, "Deployed"));
    }

    public synchronized DistributionConfig config(String id) {
        return distributions.get(id).config();
    }

    @Override
    public synchronized Versioned readConfig(String distributionId) {
        calls.add("GetDistributionConfig " + distributionId);
        throttle();
        Stored stored = existing(distributionId);
        return new Versioned(stored.config(), stored.etag());
    }

    @Override
    public synchronized String update(String distributionId, DistributionConfig config, String ifMatch) {
        calls.add("UpdateDistribution " + distributionId + " IfMatch=" + ifMatch);
        throttle();
        if (concurrentChange != null) {
            Stored current = existing(distributionId);
            distributions.put(distributionId, new Stored(concurrentChange.apply(current.config()), current.version() + 1, "InProgress"));
            concurrentChange = null;
        }
        Stored current = existing(distributionId);
        if (ifMatch == null) {
            throw new Rejected("InvalidIfMatchVersion: IfMatch is required");
        }
        if (!ifMatch.equals(current.etag())) {
            throw new StaleConfig("PreconditionFailed (412): IfMatch " + ifMatch + " but the current ETag is " + current.etag());
        }
        if (!current.config().callerReference().equals(config.callerReference())) {
            throw new Rejected("IllegalUpdate: CallerReference cannot change");
        }
        Set<String> targets = new HashSet<>();
        config.origins().items().stream().map(Origin::id).forEach(targets::add);
        if (config.originGroups() != null && config.originGroups().items() != null) {
            config.originGroups().items().stream().map(OriginGroup::id).forEach(targets::add);
        }
        List<String> used = new ArrayList<>(List.of(config.defaultCacheBehavior().targetOriginId()));
        if (config.cacheBehaviors() != null && config.cacheBehaviors().items() != null) {
            config.cacheBehaviors().items().stream().map(CacheBehavior::targetOriginId).forEach(used::add);
        }
        for (String target : used) {
            if (!targets.contains(target)) {
                throw new Rejected("NoSuchOrigin: no origin or origin group " + target);
            }
        }
        Stored next = new Stored(config, current.version() + 1, "InProgress");
        distributions.put(distributionId, next);
        updates++;
        return next.etag();
    }

    @Override
    public synchronized String status(String distributionId) {
        calls.add("GetDistribution " + distributionId);
        throttle();
        return existing(distributionId).status();
    }

    /** Every change so far has propagated to the edge. */
    public synchronized void deployAll() {
        distributions.replaceAll((id, s) -> new Stored(s.config(), s.version(), "Deployed"));
    }

    /** The next UpdateDistribution finds the config already changed by someone else (after our Get, before our Update). */
    public synchronized void changeConcurrentlyBeforeNextUpdate(UnaryOperator<DistributionConfig> change) {
        concurrentChange = change;
    }

    public synchronized void throttleNext(int calls) {
        throttleNext = calls;
    }

    public synchronized int updates() {
        return updates;
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    private void throttle() {
        if (throttleNext > 0) {
            throttleNext--;
            throw new CdnThrottled("Throttling: Rate exceeded");
        }
    }

    private Stored existing(String id) {
        Stored stored = distributions.get(id);
        if (stored == null) {
            throw new Rejected("NoSuchDistribution: " + id);
        }
        return stored;
    }
}
