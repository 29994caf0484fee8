package com.edgeautopilot.coalescer.support;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
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

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * DynamoDB that fails chosen writes, as a throttled or unreachable table would (a 500 after retries), so a test can
 * stop a use case exactly between two of its writes. Reads and other writes go to the real (local) table. Every
 * request, failed or not, is shown to an optional observer first (see {@link RequestCounter}).
 */
public final class FaultyDynamoDb implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final Predicate<Object> failsWhen;
    private final AtomicInteger failuresLeft;
    private final Consumer<Object> observer;

    /** @param failsWhen which write requests fail (PutItemRequest, UpdateItemRequest, TransactWriteItemsRequest...) */
    public FaultyDynamoDb(DynamoDbClient delegate, int failures, Predicate<Object> failsWhen) {
        this(delegate, failures, failsWhen, request -> { });
    }

    public FaultyDynamoDb(DynamoDbClient delegate, int failures, Predicate<Object> failsWhen, Consumer<Object> observer) {
        this.delegate = delegate;
        this.failuresLeft = new AtomicInteger(failures);
        this.failsWhen = failsWhen;
        this.observer = observer;
    }

    /** Writes that record an accepted invalidation (the transaction with its audit record, INV#...). */
    public static boolean recordsAnAcceptedInvalidation(Object request) {
        return String.valueOf(request).contains("INV#");
    }

    private void maybeFail(Object request) {
        observer.accept(request);
        if (failsWhen.test(request) && failuresLeft.getAndDecrement() > 0) {
            throw (DynamoDbException) DynamoDbException.builder().statusCode(500).message("simulated: InternalServerError").build();
        }
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        maybeFail(request);
        return delegate.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        maybeFail(request);
        return delegate.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        maybeFail(request);
        return delegate.deleteItem(request);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        maybeFail(request);
        return delegate.transactWriteItems(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        observer.accept(request);
        return delegate.getItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        observer.accept(request);
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
