package com.edgeautopilot.testbed.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.dynamo.DynamoItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The least a function that calls DynamoDB through the SDK can start in: the handler builds the production DynamoDB
 * client ({@link AwsClients}, as every function does at init) and its first event makes one {@code GetItem} on
 * {@code FLOOR_TABLE}, nothing else. Measured on the common layer alone, beside the bare handler.
 */
public final class SdkFloorHandler implements RequestStreamHandler {

    private final DynamoDbClient dynamo = AwsClients.fromEnvironment().dynamoDb();
    private final String table = System.getenv("FLOOR_TABLE");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        boolean found = dynamo.getItem(r -> r.tableName(table).key(DynamoItems.key("FLOOR", "FLOOR"))).hasItem();
        output.write(("{\"found\":" + found + "}").getBytes(StandardCharsets.UTF_8));
    }
}
