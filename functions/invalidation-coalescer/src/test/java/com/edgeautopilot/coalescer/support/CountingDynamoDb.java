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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * DynamoDB that remembers every request it forwards to the real (local) table, so a test can count what a use case
 * costs: requests by operation, writes to object items ({@code OBJ#...}) or to the distribution's state item.
 */
public final class CountingDynamoDb implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final List<Object> requests = new CopyOnWriteArrayList<>();

    public CountingDynamoDb(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    /** Forgets what was counted so far. */
    public void reset() {
        requests.clear();
    }

    /** Requests of one operation ("GetItem", "UpdateItem", "Query"...) since the last reset. */
    public long count(String operation) {
        return requests.stream().filter(r -> r.getClass().getSimpleName().equals(operation + "Request")).count();
    }

    /** Every request since the last reset. */
    public long total() {
        return requests.size();
    }

    /** Write requests since the last reset (UpdateItem, PutItem, DeleteItem, TransactWriteItems). */
    public long writes() {
        return count("UpdateItem") + count("PutItem") + count("DeleteItem") + count("TransactWriteItems");
    }

    /** Writes whose text matches, e.g. {@code r -> r.contains("OBJ#")} for object items. */
    public long writesWhere(Predicate<String> matches) {
        return requests.stream().filter(r -> !(r instanceof GetItemRequest) && !(r instanceof QueryRequest))
                .map(String::valueOf).filter(matches).count();
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        requests.add(request);
        return delegate.putItem(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        requests.add(request);
        return delegate.updateItem(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        requests.add(request);
        return delegate.deleteItem(request);
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        requests.add(request);
        return delegate.transactWriteItems(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        requests.add(request);
        return delegate.getItem(request);
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        requests.add(request);
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
