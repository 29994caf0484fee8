package com.edgeautopilot.coalescer.config;

import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Settings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoalescerConfigTest {

    static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put("COALESCER_TABLE", "coalescer");
        env.put("DISTRIBUTION_IDS", "E2QWRUHAPOMQZL");
        env.put("SITE_ROUTES", "[{\"bucket\":\"example-site-bucket\",\"distributionId\":\"E2QWRUHAPOMQZL\",\"originPath\":\"/site\",\"directoryIndex\":\"index.html\"}]");
        return env;
    }

    private static ConfigException broken(String name, String value) {
        Map<String, String> env = valid();
        env.put(name, value);
        return assertThrows(ConfigException.class, () -> CoalescerConfig.from(Settings.of(env)));
    }

    @Test
    void defaultsWork() {
        CoalescerConfig config = CoalescerConfig.from(Settings.of(valid()));
        assertEquals(60, config.quietPeriod().toSeconds());
        assertEquals(300, config.maxDelay().toSeconds());
        assertEquals(1000, config.freePathsPerMonth());
        assertEquals("/site", config.routes().routesFor("example-site-bucket").get(0).originPath());
    }

    @Test
    void everyBrokenSettingIsNamed() {
        assertTrue(broken("SITE_ROUTES", "{not json").getMessage().contains("SITE_ROUTES"));
        assertTrue(broken("SITE_ROUTES", "[]").getMessage().contains("SITE_ROUTES"));
        assertTrue(broken("SITE_ROUTES", "[{\"bucket\":\"example-site-bucket\"}]").getMessage().contains("SITE_ROUTES[0].distributionId"));
        assertTrue(broken("SITE_ROUTES", "[{\"bucket\":\"Bad_Bucket\",\"distributionId\":\"E2QWRUHAPOMQZL\"}]").getMessage().contains("SITE_ROUTES[0].bucket"));
        assertTrue(broken("SITE_ROUTES", "[{\"bucket\":\"example-site-bucket\",\"distributionId\":\"E2QWRUHAPOMQZL\",\"originPath\":\"site/\"}]")
                .getMessage().contains("originPath"));
        assertTrue(broken("SITE_ROUTES", "[{\"bucket\":\"example-site-bucket\",\"distributionId\":\"E2QWRUHAPOMQZL\",\"typo\":1}]")
                .getMessage().contains("typo"));
        assertTrue(broken("SITE_ROUTES", "[{\"bucket\":\"example-site-bucket\",\"distributionId\":\"EOTHERDIST01\"}]")
                .getMessage().contains("DISTRIBUTION_IDS"));
        assertTrue(broken("QUIET_PERIOD_SECONDS", "soon").getMessage().contains("QUIET_PERIOD_SECONDS"));
        assertTrue(broken("MAX_DELAY_SECONDS", "10").getMessage().contains("MAX_DELAY_SECONDS"));
        assertTrue(broken("USAGE_ALERT_THRESHOLDS", "eighty").getMessage().contains("USAGE_ALERT_THRESHOLDS"));
        Map<String, String> env = valid();
        env.remove("COALESCER_TABLE");
        assertTrue(assertThrows(ConfigException.class, () -> CoalescerConfig.from(Settings.of(env))).getMessage().contains("COALESCER_TABLE"));
    }

    @Test
    void theFlushLeaseMustOutlastTheInvocation() {
        Map<String, String> env = valid();
        env.put("FUNCTION_TIMEOUT_SECONDS", "120");
        env.put("FLUSH_LEASE_SECONDS", "120");
        assertTrue(assertThrows(ConfigException.class, () -> CoalescerConfig.from(Settings.of(env))).getMessage().contains("FLUSH_LEASE_SECONDS"));
        env.put("FLUSH_LEASE_SECONDS", "180");
        assertEquals(180, CoalescerConfig.from(Settings.of(env)).lease().toSeconds());
        env.remove("FLUSH_LEASE_SECONDS");
        env.put("FUNCTION_TIMEOUT_SECONDS", "900");
        assertTrue(assertThrows(ConfigException.class, () -> CoalescerConfig.from(Settings.of(env))).getMessage().contains("FLUSH_LEASE_SECONDS"),
                "the default lease is refused too when the timeout is raised past it");
        env.remove("FUNCTION_TIMEOUT_SECONDS");
        assertEquals(180, CoalescerConfig.from(Settings.of(env)).lease().toSeconds(), "without a timeout given, nothing to check");
    }
}
