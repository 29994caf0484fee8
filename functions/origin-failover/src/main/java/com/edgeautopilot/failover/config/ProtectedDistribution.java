package com.edgeautopilot.failover.config;

import java.time.Duration;
import java.util.List;

/**
 * One distribution this function protects, as configured in {@code PROTECTED_DISTRIBUTIONS}.
 *
 * @param setting        where it was configured ({@code PROTECTED_DISTRIBUTIONS[0]}), so errors name the setting
 * @param primaryAlarms  alarm ARNs whose ALARM means the primary origin is down (any of them)
 * @param standbyAlarms  alarm ARNs of the standby's own health; empty when the standby has none (then it is assumed healthy)
 * @param failbackDwell  automatic failback once the primary has been OK this long; null for manual failback
 */
public record ProtectedDistribution(String setting, String distributionId, List<String> primaryAlarms, List<String> standbyAlarms,
                                    String primaryOriginId, String standbyOriginId, Scope scope, Duration failbackDwell) {

    public boolean automaticFailback() {
        return failbackDwell != null;
    }

    public boolean watches(String alarmArn) {
        return primaryAlarms.contains(alarmArn) || standbyAlarms.contains(alarmArn);
    }
}
