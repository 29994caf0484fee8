package com.edgeautopilot.costs.config;

import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CostAlertsConfigTest {

    static Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put("COST_ALERTS_TABLE", "cost-alerts");
        env.put("DIGEST_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:cost-digests");
        return env;
    }

    @Test
    void defaultsWork() {
        CostAlertsConfig config = CostAlertsConfig.from(Settings.of(required()));
        assertEquals(Duration.ofMinutes(5), config.groupWait());
        assertEquals(Duration.ofMinutes(30), config.groupInterval());
        assertEquals(Duration.ofHours(24), config.repeatInterval());
        assertEquals(Duration.ofHours(72), config.alertOpenFor());
        assertEquals(List.of(), config.distributionIds());
        assertNull(config.coalescerTable());
        assertEquals("123456789012|Amazon CloudFront", config.grouping().keyOf(new com.edgeautopilot.costs.event.Alert(
                com.edgeautopilot.costs.event.Alert.Source.BUDGET, "f", "Amazon CloudFront", "123456789012", null, null, null, null, null, true, "t", null, null)));
    }

    @Test
    void errorsNameTheSetting() {
        assertEquals("COST_ALERTS_TABLE", assertThrows(ConfigException.class, () -> CostAlertsConfig.from(Settings.of(Map.of()))).setting());
        assertEquals("REPEAT_INTERVAL_SECONDS", failing("REPEAT_INTERVAL_SECONDS", "60").setting());
        assertEquals("DIGEST_LEASE_SECONDS", failing("FUNCTION_TIMEOUT_SECONDS", "600").setting(), "the lease must outlast the function timeout");
        assertEquals("BUDGET_SERVICES", failing("BUDGET_SERVICES", "[1]").setting());
        assertEquals("GROUP_BY", failing("GROUP_BY", "region").setting());
        assertEquals("PRICE_TABLE", failing("PRICE_TABLE", "{\"US\":{\"gb\":-1}}").setting());
        assertEquals("GROUP_WAIT_SECONDS", failing("GROUP_WAIT_SECONDS", "soon").setting());
        assertEquals("ALERT_RETENTION_DAYS", failing("ALERT_RETENTION_DAYS", "3").setting(), "an open alert (72 h) must not expire first");
        assertEquals("ALERT_RETENTION_DAYS", failing("ALERT_OPEN_HOURS", "840").setting(), "35 days is not longer than 840 hours");
        Map<String, String> longRepeat = required();
        longRepeat.put("REPEAT_INTERVAL_SECONDS", Long.toString(30 * 86_400));
        longRepeat.put("ALERT_RETENTION_DAYS", "20");
        ConfigException repeat = assertThrows(ConfigException.class, () -> CostAlertsConfig.from(Settings.of(longRepeat)));
        assertEquals("ALERT_RETENTION_DAYS", repeat.setting(), "a firing group is written at each repeat: the retention must be longer");
    }

    private static ConfigException failing(String name, String value) {
        Map<String, String> env = required();
        env.put(name, value);
        return assertThrows(ConfigException.class, () -> CostAlertsConfig.from(Settings.of(env)));
    }
}
