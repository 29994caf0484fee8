package com.edgeautopilot.failover.health;

import com.edgeautopilot.failover.policy.StandbyHealth;

import java.util.List;

/** Reads the standby's own alarms: any in ALARM → unhealthy; any unreadable or missing → unknown; none configured → healthy. */
public interface StandbyHealthCheck {

    StandbyHealth check(List<String> standbyAlarmArns);
}
