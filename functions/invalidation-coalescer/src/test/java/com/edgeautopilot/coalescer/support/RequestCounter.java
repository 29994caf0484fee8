package com.edgeautopilot.coalescer.support;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Remembers every DynamoDB request a use case sends, so a test can count what it costs: requests by operation,
 * writes to object items ({@code OBJ#...}) or to the distribution's state item.
 */
public final class RequestCounter implements Consumer<Object> {

    private final List<Object> requests = new CopyOnWriteArrayList<>();

    /** The table, counted: every request passes through this counter on its way to {@code delegate}. */
    public DynamoDbClient around(DynamoDbClient delegate) {
        return new FaultyDynamoDb(delegate, 0, request -> false, this);
    }

    @Override
    public void accept(Object request) {
        requests.add(request);
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
        return writesWhere(request -> true);
    }

    /** Writes whose text matches, e.g. {@code r -> r.contains("OBJ#")} for object items. */
    public long writesWhere(Predicate<String> matches) {
        return requests.stream().filter(r -> !(r instanceof GetItemRequest) && !(r instanceof QueryRequest))
                .map(String::valueOf).filter(matches).count();
    }
}
