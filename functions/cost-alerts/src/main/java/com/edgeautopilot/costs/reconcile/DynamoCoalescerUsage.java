package com.edgeautopilot.costs.reconcile;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.YearMonth;
import java.util.Map;

import static com.edgeautopilot.common.dynamo.DynamoItems.key;
import static com.edgeautopilot.common.dynamo.DynamoItems.n;

/**
 * Writes {@code accountPaths} and {@code accountPathsAt} on the coalescer's usage item ({@code pk=USAGE},
 * {@code sk=yyyy-MM} of COALESCER_TABLE) with one UpdateItem, leaving the coalescer's own counters alone.
 */
public final class DynamoCoalescerUsage implements CoalescerUsage {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCoalescerUsage(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void recordAccountPaths(YearMonth month, long paths, long atMillis) {
        dynamo.updateItem(b -> b.tableName(table).key(key("USAGE", month.toString()))
                .updateExpression("SET accountPaths = :paths, accountPathsAt = :at")
                .expressionAttributeValues(Map.of(":paths", n(paths), ":at", n(atMillis))));
    }
}
