package com.edgeautopilot.failover.config;

import java.util.List;

/** Which part of a distribution a failover moves. */
public sealed interface Scope {

    /** The default behaviour and every cache behaviour that targets the origin being left. */
    record AllBehaviours() implements Scope {
    }

    /** Only these behaviours, by path pattern; {@code default} (or {@code *}) names the default behaviour. */
    record PathPatterns(List<String> patterns) implements Scope {
    }

    /** The members of this origin group are reordered so the chosen origin is the group's primary member. */
    record OriginGroup(String originGroupId) implements Scope {
    }
}
