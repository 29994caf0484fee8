package com.edgeautopilot.failover.control;

import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.failover.cdn.DistributionGateway;
import com.edgeautopilot.failover.cdn.DistributionSwitcher;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.event.AlarmTransitionParser;
import com.edgeautopilot.failover.health.AlarmHealthCheck;
import com.edgeautopilot.failover.notify.Notifier;
import com.edgeautopilot.failover.store.FailoverStore;

import java.time.Clock;
import java.util.function.Supplier;

/** The function's use cases, built from its collaborators (by {@code FailoverWiring} in production, by tests directly). */
public record Failover(FailoverConfig config, AlarmTransitionParser parser, FailoverController controller, OperatorConsole console) {

    public static Failover of(FailoverConfig config, FailoverStore store, DistributionGateway gateway, AlarmHealthCheck health, Notifier notifier,
                              DistributionSwitcher.Sleeper sleeper, Clock clock, Supplier<Metrics> metrics) {
        SwitchRunner runner = new SwitchRunner(new DistributionSwitcher(gateway, sleeper, clock, 6), gateway, store, notifier, config.flapPeriod());
        DistributionLease lease = new DistributionLease(store, clock, sleeper);
        return new Failover(config, new AlarmTransitionParser(config.alarmArns()),
                new FailoverController(config, lease, store, health, gateway, runner, notifier, clock, metrics),
                new OperatorConsole(config, lease, store, health, gateway, runner, notifier, clock, metrics));
    }
}
