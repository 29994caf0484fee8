package com.edgeautopilot.coalescer.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static com.edgeautopilot.coalescer.store.Items.n;

/**
 * One item per month, account-wide: {@code pk USAGE}, {@code sk {yyyy-MM}}, {@code paths} submitted this month (added
 * in the same transaction that records a request accepted, so never twice), {@code signals} the thresholds whose
 * usage signal is claimed (released again when publishing failed). Kept 400 days.
 */
final class UsageItems {

    private static final Duration RETENTION = Duration.ofDays(400);

    private final DynamoDbClient dynamo;
    private final String table;

    UsageItems(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static Map<String, AttributeValue> key(YearMonth month) {
        return Items.key("USAGE", month.toString());
    }

    long usage(YearMonth month) {
        return Items.longOf(dynamo.getItem(b -> b.tableName(table).key(key(month)).consistentRead(true)).item(), "paths");
    }

    /** Adding paths to the month (for a transaction). */
    Update add(YearMonth month, long paths) {
        return Update.builder().tableName(table).key(key(month))
                .updateExpression("ADD paths :n SET expiresAt = if_not_exists(expiresAt, :expires)")
                .expressionAttributeValues(Map.of(":n", n(paths),
                        ":expires", n(month.atDay(1).toEpochDay() * 86_400 + RETENTION.toSeconds())))
                .build();
    }

    boolean claimSignal(YearMonth month, String threshold) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(month))
                    .updateExpression("ADD signals :t")
                    .conditionExpression("NOT contains(signals, :v)")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromSs(List.of(threshold)), ":v", Items.s(threshold))).build());
            return true;
        } catch (ConditionalCheckFailedException alreadyClaimed) {
            return false;
        }
    }

    void releaseSignal(YearMonth month, String threshold) {
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(month))
                .updateExpression("DELETE signals :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromSs(List.of(threshold)))).build());
    }
}
