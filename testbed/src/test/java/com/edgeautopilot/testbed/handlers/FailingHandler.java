package com.edgeautopilot.testbed.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** Test handler: always throws, with the event's "reason" in the message. */
public class FailingHandler implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        System.err.println("about to fail for " + event.get("reason"));
        throw new IllegalStateException("boom: " + event.get("reason"));
    }
}
