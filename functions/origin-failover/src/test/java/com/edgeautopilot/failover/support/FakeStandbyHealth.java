package com.edgeautopilot.failover.support;

import com.edgeautopilot.failover.health.StandbyHealthCheck;
import com.edgeautopilot.failover.policy.StandbyHealth;

import java.util.ArrayList;
import java.util.List;

/** A standby health check a test sets (moto does not serve the SDK's CloudWatch protocol); records what it was asked. */
public final class FakeStandbyHealth implements StandbyHealthCheck {

    private volatile StandbyHealth answer = StandbyHealth.healthy("alarms [edge-autopilot-standby-origin-unhealthy] are OK");
    private final List<List<String>> asked = new ArrayList<>();

    public void answer(StandbyHealth health) {
        this.answer = health;
    }

    @Override
    public synchronized StandbyHealth check(List<String> standbyAlarmArns) {
        asked.add(List.copyOf(standbyAlarmArns));
        return answer;
    }

    public synchronized int checks() {
        return asked.size();
    }
}
