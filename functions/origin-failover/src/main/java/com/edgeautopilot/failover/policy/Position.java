package com.edgeautopilot.failover.policy;

/** Which origin a distribution's traffic goes to. */
public enum Position {
    PRIMARY, STANDBY;

    public Position other() {
        return this == PRIMARY ? STANDBY : PRIMARY;
    }
}
