package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.common.dynamo.DynamoItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.edgeautopilot.common.dynamo.DynamoItems.longOf;
import static com.edgeautopilot.common.dynamo.DynamoItems.n;
import static com.edgeautopilot.common.dynamo.DynamoItems.s;

/**
 * Accepted invalidations under the distribution's partition:
 * <pre>
 * pk DIST#{distributionId}  sk INV#{createdAt:013}#{id}      audit record: reference, batch, paths, billable paths... (90 days TTL)
 * </pre>
 * What is still in progress is not stored: CloudFront lists it ({@code InvalidationGateway#inProgress}), other stacks'
 * invalidations included. Items {@code FLIGHT#...} written by earlier versions are no longer read; their TTL removes them.
 */
final class InvalidationItems {

    private static final Duration RECORD_RETENTION = Duration.ofDays(90);
    private static final int CONFLICT_ATTEMPTS = 3;

    private final DynamoDbClient dynamo;
    private final String table;

    InvalidationItems(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Records an accepted request (its audit record) in one transaction with the batch's "submitted" mark
     * and the month's usage: either all happen, once, or none. False when the request was recorded before. A conflict
     * with a concurrent transaction on the same usage item is retried a few times.
     */
    boolean recordAccepted(InvalidationRecord record, Update markSubmitted, Update addUsage) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().update(markSubmitted).build(),
                TransactWriteItem.builder().update(addUsage).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(auditItem(record)).build()).build());
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return true;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return false;
                }
                // another distribution's flush was adding to the same month's usage item at that instant: try again
                boolean conflict = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                if (!conflict || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    List<InvalidationRecord> recent(String distributionId, int limit) {
        List<InvalidationRecord> result = new ArrayList<>();
        QueryResponse response = dynamo.query(byPrefix(distributionId, "INV#").scanIndexForward(false).limit(limit).build());
        for (Map<String, AttributeValue> item : response.items()) {
            result.add(new InvalidationRecord(distributionId, item.get("invalidationId").s(), item.get("callerReference").s(),
                    item.get("batchId").s(), (int) longOf(item, "paths"), (int) longOf(item, "wildcards"), longOf(item, "billablePaths"),
                    item.get("trigger").s(), longOf(item, "createdAt"), longOf(item, "latencyMillis")));
        }
        return result;
    }

    private QueryRequest.Builder byPrefix(String distributionId, String prefix) {
        return QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s("DIST#" + distributionId), ":prefix", s(prefix)));
    }

    private static Map<String, AttributeValue> auditItem(InvalidationRecord record) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoItems.key("DIST#" + record.distributionId(),
                String.format("INV#%013d#%s", record.createdAt(), record.invalidationId())));
        item.put("invalidationId", s(record.invalidationId()));
        item.put("callerReference", s(record.callerReference()));
        item.put("batchId", s(record.batchId()));
        item.put("paths", n(record.paths()));
        item.put("wildcards", n(record.wildcards()));
        item.put("billablePaths", n(record.billablePaths()));
        item.put("trigger", s(record.trigger()));
        item.put("createdAt", n(record.createdAt()));
        item.put("latencyMillis", n(record.latencyMillis()));
        item.put(DynamoItems.TTL_ATTRIBUTE, n((record.createdAt() + RECORD_RETENTION.toMillis()) / 1000));
        return item;
    }
}
