package com.edgeautopilot.common.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static com.edgeautopilot.common.dynamo.DynamoItems.n;
import static com.edgeautopilot.common.dynamo.DynamoItems.s;

/**
 * A time-bounded exclusive lease held in two attributes ({@code leaseOwner}, {@code leaseUntil} in epoch millis) of
 * any item, usually the state item of the resource it guards (a distribution), so whoever holds it also reads that
 * state in the same conditional write.
 *
 * <p>Safety rests on one rule the caller must keep: the work done under a lease ends before the lease expires. A
 * Lambda invocation therefore takes a lease longer than its function timeout (checked at init by each function's
 * config), or renews it while working. Conditions only ever let the current owner renew or release it.
 */
public final class Lease {

    public static final String OWNER = "leaseOwner";
    public static final String UNTIL = "leaseUntil";

    private final DynamoDbClient dynamo;
    private final String table;

    public Lease(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Takes the lease when it is free, expired or already ours, and returns the whole item as it is after taking it;
     * empty when someone else holds it. The item is created when it does not exist.
     */
    public Optional<Map<String, AttributeValue>> acquire(Map<String, AttributeValue> key, String owner, long nowMillis, Duration duration) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
                    .updateExpression("SET #owner = :me, #until = :until")
                    .conditionExpression("attribute_not_exists(#until) OR #until < :now OR #owner = :me")
                    .expressionAttributeNames(names())
                    .expressionAttributeValues(Map.of(":me", s(owner), ":until", n(nowMillis + duration.toMillis()), ":now", n(nowMillis)))
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return Optional.of(item);
        } catch (ConditionalCheckFailedException heldElsewhere) {
            return Optional.empty();
        }
    }

    /** Extends a lease we still hold; false when it expired and someone else took it (stop working then). */
    public boolean renew(Map<String, AttributeValue> key, String owner, long nowMillis, Duration duration) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
                    .updateExpression("SET #until = :until")
                    .conditionExpression("#owner = :me AND #until >= :now")
                    .expressionAttributeNames(names())
                    .expressionAttributeValues(Map.of(":me", s(owner), ":until", n(nowMillis + duration.toMillis()), ":now", n(nowMillis)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    /** Releases a lease we hold; false (and nothing written) when it is no longer ours. */
    public boolean release(Map<String, AttributeValue> key, String owner) {
        return release(key, owner, Map.of());
    }

    /**
     * Releases a lease we hold and, in the same conditional write, sets the given attributes (e.g. a backoff time), so
     * nobody can take the lease and see the state without them. False (and nothing written) when it is no longer ours.
     */
    public boolean release(Map<String, AttributeValue> key, String owner, Map<String, AttributeValue> alsoSet) {
        Map<String, String> names = new HashMap<>(names());
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":me", s(owner));
        StringBuilder set = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, AttributeValue> entry : alsoSet.entrySet()) {
            names.put("#a" + i, entry.getKey());
            values.put(":a" + i, entry.getValue());
            set.append(set.isEmpty() ? " SET " : ", ").append("#a").append(i).append(" = :a").append(i);
            i++;
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key)
                    .updateExpression("REMOVE #owner, #until" + set)
                    .conditionExpression("#owner = :me")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false;
        }
    }

    /** Whether an item read earlier shows the lease held by {@code owner} and not yet expired at {@code nowMillis}. */
    public static boolean heldBy(Map<String, AttributeValue> item, String owner, long nowMillis) {
        return owner.equals(DynamoItems.string(item, OWNER)) && DynamoItems.longOf(item, UNTIL) >= nowMillis;
    }

    private static Map<String, String> names() {
        return Map.of("#owner", OWNER, "#until", UNTIL);
    }
}
