package com.edgeautopilot.failover.cdn;

import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.config.Scope;
import com.edgeautopilot.failover.policy.Position;
import com.edgeautopilot.failover.support.Fixtures;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigEditTest {

    private static final ProtectedDistribution ALL = Fixtures.protectedDistribution("E1", new Scope.AllBehaviours(), Duration.ZERO);

    @Test
    void allBehavioursOnThePrimaryMoveAndNothingElseChanges() {
        DistributionConfig before = Fixtures.everyOptionalField();
        ConfigEdit.Edited edit = assertInstanceOf(ConfigEdit.Edited.class, ConfigEdit.apply(before, ALL, Position.STANDBY, null));
        assertEquals(List.of("default", "/api/*", "/checkout/*"), edit.moved());
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby"), ConfigEdit.targets(edit.config()));
        assertEquals(3, edit.diff().size());
        assertTrue(edit.diff().get(0).contains("primary -> standby"), edit.diff().toString());
        // every other field round-trips: putting the targets back gives the identical config
        assertEquals(before, putBack(edit.config(), before));
        assertNotEquals(before, edit.config());
    }

    @Test
    void failbackMovesBackOnlyWhatTheFailoverMoved() {
        DistributionConfig before = Fixtures.everyOptionalField();
        ConfigEdit.Edited over = (ConfigEdit.Edited) ConfigEdit.apply(before, ALL, Position.STANDBY, null);
        // meanwhile someone points /static/* at the standby on purpose: failback must leave it there
        DistributionConfig touched = retarget(over.config(), "/static/*", "standby");
        ConfigEdit.Edited back = assertInstanceOf(ConfigEdit.Edited.class, ConfigEdit.apply(touched, ALL, Position.PRIMARY, over.moved()));
        assertEquals(List.of("default=primary", "/api/*=primary", "/static/*=standby", "/checkout/*=primary"), ConfigEdit.targets(back.config()));
    }

    @Test
    void pathPatternsMoveOnlyThoseBehaviours() {
        ProtectedDistribution api = Fixtures.protectedDistribution("E1", new Scope.PathPatterns(List.of("/api/*")), Duration.ZERO);
        ConfigEdit.Edited edit = (ConfigEdit.Edited) ConfigEdit.apply(Fixtures.simpleConfig("x"), api, Position.STANDBY, null);
        assertEquals(List.of("default=primary", "/api/*=standby", "/static/*=assets", "/checkout/*=primary"), ConfigEdit.targets(edit.config()));
    }

    @Test
    void anOriginGroupIsReorderedAndItsOtherFieldsKept() {
        ProtectedDistribution group = Fixtures.protectedDistribution("E1", new Scope.OriginGroup("group"), Duration.ZERO);
        DistributionConfig before = Fixtures.everyOptionalField();
        ConfigEdit.Edited edit = (ConfigEdit.Edited) ConfigEdit.apply(before, group, Position.STANDBY, null);
        assertEquals(List.of("origin group group: members [primary, standby] -> [standby, primary]"), edit.diff());
        assertEquals("standby", edit.config().originGroups().items().get(0).members().items().get(0).originId());
        assertEquals(before.originGroups().items().get(0).failoverCriteria(), edit.config().originGroups().items().get(0).failoverCriteria());
        assertEquals(before.defaultCacheBehavior(), edit.config().defaultCacheBehavior());
        assertInstanceOf(ConfigEdit.AlreadyThere.class, ConfigEdit.apply(edit.config(), group, Position.STANDBY, null));
    }

    @Test
    void anOriginTheDistributionLacksIsRefusedNamingTheSetting() {
        ProtectedDistribution wrong = new ProtectedDistribution("PROTECTED_DISTRIBUTIONS[2]", "E1", List.of(Fixtures.PRIMARY_ALARM), List.of(),
                "primary", "standby-eu", new Scope.AllBehaviours(), null);
        ConfigEdit.Refused refused = assertInstanceOf(ConfigEdit.Refused.class, ConfigEdit.apply(Fixtures.simpleConfig("x"), wrong, Position.STANDBY, null));
        assertEquals("PROTECTED_DISTRIBUTIONS[2].standbyOriginId", refused.setting());
        assertTrue(refused.reason().contains("standby-eu"), refused.reason());
        ProtectedDistribution noSuchPattern = Fixtures.protectedDistribution("E1", new Scope.PathPatterns(List.of("/nope/*")), Duration.ZERO);
        assertEquals("PROTECTED_DISTRIBUTIONS[0].behaviours",
                assertInstanceOf(ConfigEdit.Refused.class, ConfigEdit.apply(Fixtures.simpleConfig("x"), noSuchPattern, Position.STANDBY, null)).setting());
        ProtectedDistribution noGroup = Fixtures.protectedDistribution("E1", new Scope.OriginGroup("nope"), Duration.ZERO);
        assertEquals("PROTECTED_DISTRIBUTIONS[0].originGroupId",
                assertInstanceOf(ConfigEdit.Refused.class, ConfigEdit.apply(Fixtures.simpleConfig("x"), noGroup, Position.STANDBY, null)).setting());
    }

    @Test
    void nothingToMoveIsAlreadyThere() {
        DistributionConfig onStandby = ((ConfigEdit.Edited) ConfigEdit.apply(Fixtures.simpleConfig("x"), ALL, Position.STANDBY, null)).config();
        assertInstanceOf(ConfigEdit.AlreadyThere.class, ConfigEdit.apply(onStandby, ALL, Position.STANDBY, null));
    }

    private static DistributionConfig putBack(DistributionConfig edited, DistributionConfig original) {
        return edited.toBuilder().defaultCacheBehavior(original.defaultCacheBehavior()).cacheBehaviors(original.cacheBehaviors()).build();
    }

    private static DistributionConfig retarget(DistributionConfig config, String pattern, String origin) {
        return config.toBuilder().cacheBehaviors(config.cacheBehaviors().toBuilder().items(config.cacheBehaviors().items().stream()
                .map(b -> b.pathPattern().equals(pattern) ? b.toBuilder().targetOriginId(origin).build() : b).toList()).build()).build();
    }
}
