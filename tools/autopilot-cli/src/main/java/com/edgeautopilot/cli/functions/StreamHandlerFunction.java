package com.edgeautopilot.cli.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A prepared Java function whose handler takes the raw event stream, invoked as Lambda would, its own output kept in {@code logs}. */
public final class StreamHandlerFunction {

    private StreamHandlerFunction() {
    }

    public static LocalFunction.Prepared prepared(Map<String, String> env, RequestStreamHandler handler, PrintStream logs, String functionName) {
        return new LocalFunction.Prepared() {
            @Override
            public Map<String, String> environment() {
                return env;
            }

            @Override
            public String invoke(String eventJson, LocalContext context) throws Exception {
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                FunctionOutput.redirected(logs, () -> {
                    handler.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), response, context);
                    return null;
                });
                return response.toString(StandardCharsets.UTF_8);
            }

            @Override
            public String functionName() {
                return functionName;
            }
        };
    }
}
