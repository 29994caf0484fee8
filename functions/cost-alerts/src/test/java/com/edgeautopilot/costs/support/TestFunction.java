package com.edgeautopilot.costs.support;

import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.costs.config.CostAlertsConfig;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;

import java.util.HashMap;
import java.util.Map;

/** The environment template.yaml gives the function, pointed at the test's tables and topic, with test timers. */
public final class TestFunction {

    private TestFunction() {
    }

    public static Map<String, String> environment(DynamoDbLocalExtension db, String digestTopicArn) {
        Map<String, String> env = new HashMap<>();
        env.put("COST_ALERTS_TABLE", db.tableName("CostAlertsTable"));
        env.put("COALESCER_TABLE", db.tableName("CoalescerTable"));
        env.put("DIGEST_TOPIC_ARN", digestTopicArn);
        env.put("GROUP_WAIT_SECONDS", "120");
        env.put("GROUP_INTERVAL_SECONDS", "600");
        env.put("REPEAT_INTERVAL_SECONDS", "1800");
        return env;
    }

    public static CostAlertsConfig config(Map<String, String> env) {
        return CostAlertsConfig.from(Settings.of(env));
    }

    public static Log quietLog() {
        return Log.to(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }
}
