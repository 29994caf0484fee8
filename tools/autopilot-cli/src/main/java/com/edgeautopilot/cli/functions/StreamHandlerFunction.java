package com.edgeautopilot.cli.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A Java function prepared to run its real {@link RequestStreamHandler} on event text, its logs sent to {@code logs}. */
record StreamHandlerFunction(Map<String, String> environment, RequestStreamHandler handler, PrintStream logs, String functionName)
        implements LocalFunction.Prepared {

    public static LocalFunction.Prepared prepared(Map<String, String> environment, RequestStreamHandler handler, PrintStream logs,
                                                  String functionName) {
        return new StreamHandlerFunction(environment, handler, logs, functionName);
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
}
