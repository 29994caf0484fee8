package com.edgeautopilot.costs.notify;

/** Where digests and reports go. */
public interface Notifier {

    void send(Notification notification);
}
