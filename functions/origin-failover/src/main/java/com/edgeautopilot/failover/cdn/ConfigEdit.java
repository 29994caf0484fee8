package com.edgeautopilot.failover.cdn;

import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.config.Scope;
import com.edgeautopilot.failover.policy.Position;
import software.amazon.awssdk.services.cloudfront.model.CacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginGroup;
import software.amazon.awssdk.services.cloudfront.model.OriginGroupMember;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one change a switch makes to a distribution config, computed without calling AWS: only the chosen behaviours'
 * {@code TargetOriginId} (or the chosen origin group's member order) changes; every other field is carried over by the
 * SDK model's {@code toBuilder()}, so it round-trips unchanged. A configuration naming an origin, behaviour or group
 * the distribution does not have is refused, naming the setting, before anything is sent.
 */
public final class ConfigEdit {

    public static final String DEFAULT_BEHAVIOUR = "default";
    /** What a switch of an origin group's member order is recorded as: {@code group:<id>}. */
    public static final String GROUP = "group:";

    /** The outcome of applying a switch to one config. */
    public sealed interface Result {
    }

    /** The changed config, a human diff (one line per change) and what moved (path patterns, {@code default}). */
    public record Edited(DistributionConfig config, List<String> diff, List<String> moved) implements Result {
    }

    /** Nothing to change: the distribution already points where the switch would point it. */
    public record AlreadyThere(String reason) implements Result {
    }

    /** The configuration does not fit the distribution; {@code setting} names what to fix. */
    public record Refused(String setting, String reason) implements Result {
    }

    private ConfigEdit() {
    }

    /**
     * Points the distribution at {@code target}'s origin. {@code onlyThese} (path patterns / {@code default} /
     * {@code group:<id>}) limits the switch to exactly those (a failback to what the failover moved, a retry to what was
     * recorded); null means "whatever the scope selects", empty means nothing.
     */
    public static Result apply(DistributionConfig config, ProtectedDistribution d, Position target, List<String> onlyThese) {
        String to = target == Position.STANDBY ? d.standbyOriginId() : d.primaryOriginId();
        String from = target == Position.STANDBY ? d.primaryOriginId() : d.standbyOriginId();
        List<String> originIds = config.origins() == null ? List.of() : config.origins().items().stream().map(Origin::id).toList();
        for (String[] origin : new String[][]{{d.primaryOriginId(), "primaryOriginId"}, {d.standbyOriginId(), "standbyOriginId"}}) {
            if (!originIds.contains(origin[0])) {
                return new Refused(d.setting() + "." + origin[1], "distribution " + d.distributionId() + " has no origin '" + origin[0]
                        + "' (it has " + originIds + ")");
            }
        }
        if (d.scope() instanceof Scope.OriginGroup group) {
            if (onlyThese != null && !onlyThese.contains(GROUP + group.originGroupId())) {
                return new AlreadyThere("origin group " + group.originGroupId() + " is not among " + onlyThese);
            }
            return reorderGroup(config, d, group.originGroupId(), to);
        }
        Set<String> selected;
        if (d.scope() instanceof Scope.PathPatterns patterns) {
            List<String> known = new ArrayList<>(List.of(DEFAULT_BEHAVIOUR, "*"));
            behaviours(config).forEach(b -> known.add(b.pathPattern()));
            for (String pattern : patterns.patterns()) {
                if (!known.contains(pattern)) {
                    return new Refused(d.setting() + ".behaviours", "distribution " + d.distributionId() + " has no cache behaviour '" + pattern + "'");
                }
            }
            selected = Set.copyOf(patterns.patterns().stream().map(p -> p.equals("*") ? DEFAULT_BEHAVIOUR : p).toList());
        } else {
            selected = null; // all behaviours targeting the origin we leave
        }
        Set<String> limit = onlyThese == null ? null : Set.copyOf(onlyThese);
        List<String> diff = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        DistributionConfig.Builder edited = config.toBuilder();
        if (moves(DEFAULT_BEHAVIOUR, config.defaultCacheBehavior().targetOriginId(), from, selected, limit)) {
            edited.defaultCacheBehavior(config.defaultCacheBehavior().toBuilder().targetOriginId(to).build());
            diff.add("default behaviour: TargetOriginId " + from + " -> " + to);
            moved.add(DEFAULT_BEHAVIOUR);
        }
        List<CacheBehavior> items = new ArrayList<>();
        for (CacheBehavior behaviour : behaviours(config)) {
            if (moves(behaviour.pathPattern(), behaviour.targetOriginId(), from, selected, limit)) {
                items.add(behaviour.toBuilder().targetOriginId(to).build());
                diff.add("behaviour " + behaviour.pathPattern() + ": TargetOriginId " + from + " -> " + to);
                moved.add(behaviour.pathPattern());
            } else {
                items.add(behaviour);
            }
        }
        if (diff.isEmpty()) {
            return new AlreadyThere("no selected behaviour of " + d.distributionId() + " targets " + from);
        }
        if (config.cacheBehaviors() != null) {
            edited.cacheBehaviors(config.cacheBehaviors().toBuilder().items(items).build());
        }
        return new Edited(edited.build(), List.copyOf(diff), List.copyOf(moved));
    }

    /**
     * The origin id a moved thing targets in {@code config} now: a behaviour's {@code TargetOriginId} ({@code default}
     * for the default behaviour), an origin group's first member ({@code group:<id>}); null when it no longer exists.
     */
    public static String targetOf(DistributionConfig config, String moved) {
        if (moved.startsWith(GROUP)) {
            String id = moved.substring(GROUP.length());
            List<OriginGroup> groups = config.originGroups() == null || config.originGroups().items() == null ? List.of() : config.originGroups().items();
            return groups.stream().filter(g -> g.id().equals(id)).findFirst()
                    .map(g -> g.members().items().isEmpty() ? null : g.members().items().get(0).originId()).orElse(null);
        }
        if (moved.equals(DEFAULT_BEHAVIOUR)) {
            return config.defaultCacheBehavior().targetOriginId();
        }
        return behaviours(config).stream().filter(b -> b.pathPattern().equals(moved)).map(CacheBehavior::targetOriginId).findFirst().orElse(null);
    }

    /** The origin id each behaviour targets, by path pattern ({@code default} first): for status and tests. */
    public static List<String> targets(DistributionConfig config) {
        List<String> out = new ArrayList<>();
        out.add(DEFAULT_BEHAVIOUR + "=" + config.defaultCacheBehavior().targetOriginId());
        behaviours(config).forEach(b -> out.add(b.pathPattern() + "=" + b.targetOriginId()));
        return out;
    }

    private static boolean moves(String pattern, String target, String from, Set<String> selected, Set<String> limit) {
        return from.equals(target) && (selected == null || selected.contains(pattern)) && (limit == null || limit.contains(pattern));
    }

    private static List<CacheBehavior> behaviours(DistributionConfig config) {
        return config.cacheBehaviors() == null || config.cacheBehaviors().items() == null ? List.of() : config.cacheBehaviors().items();
    }

    private static Result reorderGroup(DistributionConfig config, ProtectedDistribution d, String groupId, String to) {
        List<OriginGroup> groups = config.originGroups() == null || config.originGroups().items() == null ? List.of() : config.originGroups().items();
        OriginGroup group = groups.stream().filter(g -> g.id().equals(groupId)).findFirst().orElse(null);
        if (group == null) {
            return new Refused(d.setting() + ".originGroupId", "distribution " + d.distributionId() + " has no origin group '" + groupId + "'");
        }
        List<String> members = group.members().items().stream().map(OriginGroupMember::originId).toList();
        if (!members.contains(d.primaryOriginId()) || !members.contains(d.standbyOriginId())) {
            return new Refused(d.setting() + ".originGroupId", "origin group '" + groupId + "' has members " + members
                    + ", not both " + d.primaryOriginId() + " and " + d.standbyOriginId());
        }
        if (members.get(0).equals(to)) {
            return new AlreadyThere("origin group " + groupId + " already has " + to + " first");
        }
        List<OriginGroupMember> reordered = new ArrayList<>();
        group.members().items().stream().filter(m -> m.originId().equals(to)).forEach(reordered::add);
        group.members().items().stream().filter(m -> !m.originId().equals(to)).forEach(reordered::add);
        OriginGroup changed = group.toBuilder().members(group.members().toBuilder().items(reordered).build()).build();
        List<OriginGroup> items = groups.stream().map(g -> g.id().equals(groupId) ? changed : g).toList();
        DistributionConfig edited = config.toBuilder().originGroups(config.originGroups().toBuilder().items(items).build()).build();
        List<String> after = reordered.stream().map(OriginGroupMember::originId).toList();
        return new Edited(edited, List.of("origin group " + groupId + ": members " + members + " -> " + after), List.of(GROUP + groupId));
    }
}
