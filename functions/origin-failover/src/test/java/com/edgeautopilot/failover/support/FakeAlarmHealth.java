package com.edgeautopilot.failover.support;

import com.edgeautopilot.failover.health.AlarmHealthCheck;
import com.edgeautopilot.failover.policy.AlarmHealth;

import java.util.ArrayList;
import java.util.List;

/**
 * An alarm health check a test sets (moto does not serve the SDK's CloudWatch protocol); records what it was asked.
 * {@link #answer} is what the standby's alarms read; {@link #answerForPrimary} what a read of the primary's alarms
 * ({@link Fixtures#PRIMARY_ALARM} among them) reads, OK by default.
 */
public final class FakeAlarmHealth implements AlarmHealthCheck {

    private volatile AlarmHealth answer = AlarmHealth.healthy("alarms [edge-autopilot-standby-origin-unhealthy] are OK");
    private volatile AlarmHealth primary = AlarmHealth.healthy("alarms [edge-autopilot-primary-origin-unhealthy] are OK");
    private final List<List<String>> asked = new ArrayList<>();

    public void answer(AlarmHealth health) {
        this.answer = health;
    }

    public void answerForPrimary(AlarmHealth health) {
        this.primary = health;
    }

    @Override
    public synchronized AlarmHealth check(List<String> alarmArns) {
        asked.add(List.copyOf(alarmArns));
        return alarmArns.contains(Fixtures.PRIMARY_ALARM) ? primary : answer;
    }

    public synchronized int checks() {
        return asked.size();
    }
}
