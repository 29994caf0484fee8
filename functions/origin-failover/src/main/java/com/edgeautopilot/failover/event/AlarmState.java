package com.edgeautopilot.failover.event;

/** A CloudWatch alarm's state value. */
public enum AlarmState {
    OK, ALARM, INSUFFICIENT_DATA;

    /** The state named by CloudWatch's text, or null when the text is not one of the three. */
    public static AlarmState of(String text) {
        if (text == null) {
            return null;
        }
        for (AlarmState state : values()) {
            if (state.name().equals(text)) {
                return state;
            }
        }
        return null;
    }
}
