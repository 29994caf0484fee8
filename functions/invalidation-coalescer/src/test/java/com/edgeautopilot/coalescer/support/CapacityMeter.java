package com.edgeautopilot.coalescer.support;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * DynamoDB that asks for the capacity each request consumes ({@code ReturnConsumedCapacity=TOTAL}; DynamoDB Local
 * computes it from item sizes as DynamoDB does: a Query's read units count every item it reads, including those its
 * filter then drops) and adds it up by the partition key the request names, so a test can check what a use case
 * costs in units, the way it is billed, not in requests. A conditional write its condition rejects counts 1 unit.
 */
public final class CapacityMeter implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final Map<String, DoubleAdder> readUnits = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> writeUnits = new ConcurrentHashMap<>();

    public CapacityMeter(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    /** Read units consumed since the last reset by requests whose partition key starts with {@code prefix}. */
    public double readUnits(String prefix) {
        return sum(readUnits, prefix);
    }

    /** Write units consumed since the last reset by requests whose partition key starts with {@code prefix}. */
    public double writeUnits(String prefix) {
        return sum(writeUnits, prefix);
    }

    public void reset() {
        readUnits.clear();
        writeUnits.clear();
    }

    private static double sum(Map<String, DoubleAdder> units, String prefix) {
        return units.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(e -> e.getValue().sum()).sum();
    }

    private static void add(Map<String, DoubleAdder> units, String partition, ConsumedCapacity consumed) {
        if (consumed != null && consumed.capacityUnits() != null) {
            units.computeIfAbsent(partition, k -> new DoubleAdder()).add(consumed.capacityUnits());
        }
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        QueryResponse response = delegate.query(request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build());
        add(readUnits, request.expressionAttributeValues().get(":pk").s(), response.consumedCapacity());
        return response;
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        GetItemResponse response = delegate.getItem(request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build());
        add(readUnits, request.key().get("pk").s(), response.consumedCapacity());
        return response;
    }

    /**
     * A conditional write its condition rejects answers with an exception that carries no capacity; DynamoDB documents
     * it as consuming the write anyway: counted as 1 unit (items here are under 1 KB).
     */
    private <T> T write(String partition, java.util.function.Supplier<T> call, java.util.function.Function<T, ConsumedCapacity> consumed) {
        try {
            T response = call.get();
            add(writeUnits, partition, consumed.apply(response));
            return response;
        } catch (ConditionalCheckFailedException rejected) {
            writeUnits.computeIfAbsent(partition, k -> new DoubleAdder()).add(1);
            throw rejected;
        }
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return write(request.item().get("pk").s(),
                () -> delegate.putItem(request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()), PutItemResponse::consumedCapacity);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return write(request.key().get("pk").s(),
                () -> delegate.updateItem(request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()), UpdateItemResponse::consumedCapacity);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return write(request.key().get("pk").s(),
                () -> delegate.deleteItem(request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build()), DeleteItemResponse::consumedCapacity);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        TransactWriteItemsResponse response = delegate.transactWriteItems(request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build());
        if (response.hasConsumedCapacity()) {
            response.consumedCapacity().forEach(c -> add(writeUnits, "TRANSACTION", c));
        }
        return response;
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // the delegate belongs to the test's extension
    }
}
