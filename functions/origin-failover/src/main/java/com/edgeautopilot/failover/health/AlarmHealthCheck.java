package com.edgeautopilot.failover.health;

import com.edgeautopilot.failover.policy.AlarmHealth;

import java.util.List;

/**
 * Reads alarms' current state: any in ALARM → unhealthy; any unreadable, missing (no alarm with that exact ARN) or not
 * OK → unknown; none configured → healthy. Read for the standby before a failover, for the primary before a failback.
 */
public interface AlarmHealthCheck {

    AlarmHealth check(List<String> alarmArns);
}
