package com.edgeautopilot.testbed.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.Map;

/** Test handler: answers a string of the event's "size" characters (exercises large payloads both ways). */
public class LargeResponseHandler implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        int size = ((Number) event.get("size")).intValue();
        String padding = (String) event.getOrDefault("padding", "");
        return "x".repeat(size) + padding.length();
    }
}
