package com.edgeautopilot.failover.cdn;

import com.edgeautopilot.failover.config.ProtectedDistribution;
import com.edgeautopilot.failover.config.Scope;
import com.edgeautopilot.failover.policy.Position;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.failover.support.StrictCloudFront;
import com.edgeautopilot.testbed.ControllableClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The switch against a CloudFront double that enforces IfMatch/ETags and throttles on demand. */
class DistributionSwitcherTest {

    private static final ProtectedDistribution ALL = Fixtures.protectedDistribution("E1", new Scope.AllBehaviours(), Duration.ZERO);
    private final StrictCloudFront cloudFront = new StrictCloudFront();
    private final List<Long> sleeps = new ArrayList<>();
    private final DistributionSwitcher switcher = new DistributionSwitcher(cloudFront, sleeps::add,
            new ControllableClock(Instant.parse("2026-11-21T10:05:00Z")), 6);

    @Test
    void aConcurrentChangeBetweenGetAndUpdateIsRetriedAndBothChangesSurvive() {
        cloudFront.create("E1", Fixtures.everyOptionalField());
        cloudFront.changeConcurrentlyBeforeNextUpdate(config -> config.toBuilder().comment("changed by the release pipeline").build());

        DistributionSwitcher.Outcome outcome = switcher.switchTo(ALL, Position.STANDBY, null, false);

        assertEquals(DistributionSwitcher.Outcome.Kind.SWITCHED, outcome.kind());
        assertEquals(2, outcome.attempts(), "one 412, then a re-read and a re-applied edit");
        DistributionConfig now = cloudFront.config("E1");
        assertEquals("changed by the release pipeline", now.comment(), "the other change survived");
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby"), ConfigEdit.targets(now));
        assertEquals(List.of("GetDistributionConfig E1", "UpdateDistribution E1 IfMatch=E1TAG", "GetDistributionConfig E1",
                "UpdateDistribution E1 IfMatch=E2TAG"), cloudFront.calls());
    }

    @Test
    void everyOptionalFieldRoundTripsUnchangedExceptTheTargets() {
        DistributionConfig before = Fixtures.everyOptionalField();
        cloudFront.create("E1", before);
        switcher.switchTo(ALL, Position.STANDBY, null, false);
        DistributionConfig after = cloudFront.config("E1");
        DistributionConfig targetsRestored = after.toBuilder().defaultCacheBehavior(before.defaultCacheBehavior())
                .cacheBehaviors(before.cacheBehaviors()).build();
        assertEquals(before, targetsRestored);
        assertEquals(before.defaultCacheBehavior().toBuilder().targetOriginId("standby").build(), after.defaultCacheBehavior());
    }

    @Test
    void throttlingBacksOffAndThenSucceeds() {
        cloudFront.create("E1", Fixtures.simpleConfig("x"));
        cloudFront.throttleNext(3);
        DistributionSwitcher.Outcome outcome = switcher.switchTo(ALL, Position.STANDBY, null, false);
        assertEquals(DistributionSwitcher.Outcome.Kind.SWITCHED, outcome.kind());
        assertEquals(List.of(200L, 400L, 800L), sleeps, "exponential backoff");
    }

    @Test
    void givesUpAfterTheLastAttemptWithoutAPartialChange() {
        cloudFront.create("E1", Fixtures.simpleConfig("x"));
        cloudFront.throttleNext(100);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> switcher.switchTo(ALL, Position.STANDBY, null, false));
        assertTrue(e.getMessage().contains("Throttling"), e.getMessage());
        assertEquals(0, cloudFront.updates());
    }

    @Test
    void dryRunComputesTheDiffAndNeverUpdates() {
        cloudFront.create("E1", Fixtures.simpleConfig("x"));
        DistributionSwitcher.Outcome outcome = switcher.switchTo(ALL, Position.STANDBY, null, true);
        assertEquals(DistributionSwitcher.Outcome.Kind.DRY_RUN, outcome.kind());
        assertEquals(3, outcome.diff().size());
        assertEquals(0, cloudFront.updates());
        assertEquals(Fixtures.simpleConfig("x"), cloudFront.config("E1"));
    }

    @Test
    void aMisconfiguredOriginIsRefusedBeforeAnyUpdate() {
        cloudFront.create("E1", Fixtures.simpleConfig("x"));
        ProtectedDistribution wrong = new ProtectedDistribution("PROTECTED_DISTRIBUTIONS[0]", "E1", List.of(Fixtures.PRIMARY_ALARM), List.of(),
                "primary", "dr-site", new Scope.AllBehaviours(), null);
        DistributionSwitcher.Outcome outcome = switcher.switchTo(wrong, Position.STANDBY, null, false);
        assertEquals(DistributionSwitcher.Outcome.Kind.REFUSED, outcome.kind());
        assertTrue(outcome.refusal().startsWith("PROTECTED_DISTRIBUTIONS[0].standbyOriginId"), outcome.refusal());
        assertEquals(0, cloudFront.updates());
    }
}
