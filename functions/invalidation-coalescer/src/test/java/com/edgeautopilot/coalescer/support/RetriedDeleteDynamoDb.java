package com.edgeautopilot.coalescer.support;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * DynamoDB whose answer to the first DeleteItem of an object item ({@code OBJ#...}) is lost: the delete is done, then
 * {@code meanwhile} runs (another container's write), then the SDK's retry sends the very same request again, and its
 * answer is the one the caller sees. Everything else goes to the real (local) table.
 */
public final class RetriedDeleteDynamoDb implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final Runnable meanwhile;
    private final AtomicBoolean done = new AtomicBoolean();

    public RetriedDeleteDynamoDb(DynamoDbClient delegate, Runnable meanwhile) {
        this.delegate = delegate;
        this.meanwhile = meanwhile;
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        if (request.key().get("pk").s().startsWith("OBJ#") && done.compareAndSet(false, true)) {
            delegate.deleteItem(request); // done; its answer never reaches the caller
            meanwhile.run();
        }
        return delegate.deleteItem(request);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return delegate.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return delegate.updateItem(request);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return delegate.transactWriteItems(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return delegate.getItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return delegate.query(request);
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
