package com.edgeautopilot.testbed.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** Test handler whose construction fails, like a function whose init cannot read its configuration. */
public class BrokenInitHandler implements RequestHandler<Map<String, Object>, String> {

    public BrokenInitHandler() {
        throw new IllegalStateException("PENDING_TABLE is required but not set");
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "unreachable";
    }
}
