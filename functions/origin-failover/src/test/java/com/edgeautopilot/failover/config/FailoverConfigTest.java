package com.edgeautopilot.failover.config;

import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailoverConfigTest {

    static final String PRIMARY = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:primary-down";
    static final String STANDBY = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:standby-down";
    static final String ONE = "[{\"distributionId\":\"E1\",\"primaryAlarms\":[\"" + PRIMARY + "\"],\"standbyAlarms\":[\"" + STANDBY + "\"],"
            + "\"primaryOriginId\":\"primary\",\"standbyOriginId\":\"standby\"}]";

    private static Map<String, String> env(String distributions) {
        Map<String, String> env = new HashMap<>();
        env.put("PROTECTED_DISTRIBUTIONS", distributions);
        env.put("FAILOVER_TABLE", "failover");
        return env;
    }

    private static ConfigException fails(Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> FailoverConfig.from(Settings.of(env)));
    }

    @Test
    void defaultsAreSafe() {
        FailoverConfig config = FailoverConfig.from(Settings.of(env(ONE)));
        ProtectedDistribution d = config.distributions().get(0);
        assertInstanceOf(Scope.AllBehaviours.class, d.scope());
        assertEquals(Duration.ofSeconds(300), d.failbackDwell());
        assertEquals(4, config.maxSwitches());
        assertEquals(Duration.ofHours(1), config.flapPeriod());
        assertTrue(config.lease().compareTo(config.functionTimeout()) > 0);
        assertNull(config.topicArn(), "no topic: the no-op notifier");
        assertEquals(List.of(PRIMARY, STANDBY), List.copyOf(config.alarmArns()));
    }

    @Test
    void pathPatternsOriginGroupsAndManualFailback() {
        FailoverConfig config = FailoverConfig.from(Settings.of(env("[{\"distributionId\":\"E1\",\"primaryAlarms\":[\"" + PRIMARY + "\"],"
                + "\"primaryOriginId\":\"a\",\"standbyOriginId\":\"b\",\"behaviours\":[\"default\",\"/api/*\"],\"failback\":\"manual\"},"
                + "{\"distributionId\":\"E2\",\"primaryAlarms\":[\"" + PRIMARY + "\"],\"primaryOriginId\":\"a\",\"standbyOriginId\":\"b\","
                + "\"originGroupId\":\"group\",\"failbackDwellSeconds\":60}]")));
        assertEquals(new Scope.PathPatterns(List.of("default", "/api/*")), config.distributions().get(0).scope());
        assertNull(config.distributions().get(0).failbackDwell());
        assertEquals(new Scope.OriginGroup("group"), config.distributions().get(1).scope());
        assertEquals(Duration.ofMinutes(1), config.distributions().get(1).failbackDwell());
    }

    @Test
    void errorsNameTheSettingAndTheField() {
        assertEquals("PROTECTED_DISTRIBUTIONS", fails(env("not json")).setting());
        assertEquals("PROTECTED_DISTRIBUTIONS", fails(env("[]")).setting());
        assertEquals("PROTECTED_DISTRIBUTIONS[0].primaryOriginId", fails(env(ONE.replace("\"primaryOriginId\":\"primary\",", ""))).setting());
        assertEquals("PROTECTED_DISTRIBUTIONS[0].primaryAlarms", fails(env(ONE.replace(PRIMARY, "primary-down"))).setting());
        assertEquals("PROTECTED_DISTRIBUTIONS[0].standbyOriginId", fails(env(ONE.replace("\"standby\"", "\"primary\""))).setting());
        assertEquals("PROTECTED_DISTRIBUTIONS[0].failback", fails(env(ONE.replace("}]", ",\"failback\":\"sometimes\"}]"))).setting());
        assertEquals("PROTECTED_DISTRIBUTIONS[0].behaviours", fails(env(ONE.replace("}]", ",\"behaviours\":\"some\"}]"))).setting());
        assertEquals("PROTECTED_DISTRIBUTIONS[1].distributionId", fails(env("[" + ONE.substring(1, ONE.length() - 1) + "," + ONE.substring(1))).setting());
        Map<String, String> noTable = env(ONE);
        noTable.remove("FAILOVER_TABLE");
        assertEquals("FAILOVER_TABLE", fails(noTable).setting());
    }

    @Test
    void theLeaseMustOutlastTheFunctionTimeout() {
        Map<String, String> env = env(ONE);
        env.put("FUNCTION_TIMEOUT_SECONDS", "120");
        env.put("LEASE_SECONDS", "120");
        ConfigException e = fails(env);
        assertEquals("LEASE_SECONDS", e.setting());
        assertTrue(e.getMessage().contains("FUNCTION_TIMEOUT_SECONDS"), e.getMessage());
    }

    @Test
    void everyConfiguredDistributionAndAlarmMustBeInTheListsIamIsBuiltFrom() {
        Map<String, String> env = env(ONE);
        env.put("DISTRIBUTION_ARNS", "arn:aws:cloudfront::123456789012:distribution/E1");
        env.put("ALARM_ARNS", PRIMARY + "," + STANDBY);
        FailoverConfig.from(Settings.of(env));
        env.put("DISTRIBUTION_ARNS", "arn:aws:cloudfront::123456789012:distribution/E9");
        assertEquals("DISTRIBUTION_ARNS", fails(env).setting());
        env.put("DISTRIBUTION_ARNS", "arn:aws:cloudfront::123456789012:distribution/E1");
        env.put("ALARM_ARNS", PRIMARY);
        ConfigException missingStandby = fails(env);
        assertEquals("ALARM_ARNS", missingStandby.setting());
        assertTrue(missingStandby.getMessage().contains("standby-down"), missingStandby.getMessage());
    }

    /** Issue 21 defect 8: a standby alarm of another account is refused, naming the setting and both accounts. */
    @Test
    void anAlarmOfAnotherAccountIsRefused() {
        Map<String, String> env = env(ONE.replace(STANDBY, "arn:aws:cloudwatch:us-east-1:999999999999:alarm:standby-down"));
        env.put("DISTRIBUTION_ARNS", "arn:aws:cloudfront::123456789012:distribution/E1");
        ConfigException e = fails(env);
        assertTrue(e.getMessage().contains("PROTECTED_DISTRIBUTIONS[0].standbyAlarms") && e.getMessage().contains("999999999999")
                && e.getMessage().contains("123456789012"), e.getMessage());
        env.put("PROTECTED_DISTRIBUTIONS", ONE);
        FailoverConfig.from(Settings.of(env));
    }
}
