package com.edgeautopilot.failover.notify;

/** Where notices go. {@link #NONE} when no topic is configured (never null). */
public interface Notifier {

    void publish(Notice notice);

    Notifier NONE = notice -> { };
}
