package com.edgeautopilot.testbed.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.edgeautopilot.common.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test handler: reports what the function sees (selected environment variables, the context) and, when the event
 * asks, the DynamoDB tables it reaches through the production client factory.
 */
public class EnvironmentHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final AtomicInteger CONSTRUCTIONS = new AtomicInteger();
    private int invocations;

    public EnvironmentHandler() {
        CONSTRUCTIONS.incrementAndGet();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        invocations++;
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : new String[]{"AWS_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "PENDING_TABLE", "HOME", "_HANDLER"}) {
            out.put(name, System.getenv(name));
        }
        out.put("functionName", context.getFunctionName());
        out.put("memoryLimitInMB", context.getMemoryLimitInMB());
        out.put("invokedFunctionArn", context.getInvokedFunctionArn());
        out.put("awsRequestId", context.getAwsRequestId());
        out.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        out.put("initCount", CONSTRUCTIONS.get());
        out.put("invocations", invocations);
        out.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        if (Boolean.TRUE.equals(event.get("listTables"))) {
            try (DynamoDbClient dynamo = AwsClients.fromEnvironment().dynamoDb()) {
                out.put("tables", dynamo.listTables().tableNames());
            }
        }
        return out;
    }
}
