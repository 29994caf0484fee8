package com.edgeautopilot.cli.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The Lambda {@link Context} a local invocation gets: a fresh request id, the function's name, a fixed time budget. */
public final class LocalContext implements Context {

    private final String requestId = UUID.randomUUID().toString();
    private final String functionName;
    private final int timeoutMillis;
    private final int memoryMb;
    private final PrintStream logs;
    private final long started = System.nanoTime();

    public LocalContext(String functionName, int timeoutSeconds, int memoryMb, PrintStream logs) {
        this.functionName = functionName;
        this.timeoutMillis = timeoutSeconds * 1000;
        this.memoryMb = memoryMb;
        this.logs = logs;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/" + requestId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, timeoutMillis - (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                logs.println(message);
            }

            @Override
            public void log(byte[] message) {
                logs.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
