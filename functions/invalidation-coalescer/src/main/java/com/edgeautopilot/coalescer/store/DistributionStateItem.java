package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.common.dynamo.Lease;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

import static com.edgeautopilot.common.dynamo.DynamoItems.longOf;
import static com.edgeautopilot.common.dynamo.DynamoItems.n;
import static com.edgeautopilot.common.dynamo.DynamoItems.optLong;
import static com.edgeautopilot.common.dynamo.DynamoItems.s;

/**
 * One item per distribution, {@code pk DIST#{distributionId}}, {@code sk STATE}: the pending marker
 * ({@code firstPendingAt}, {@code lastChangeAt}, {@code pendingCount}, {@code gen}), the flush lease (the layer's
 * {@link Lease}: {@code leaseOwner}, {@code leaseUntil}), the backoff ({@code backoffUntil}, {@code attempts}), the open batch
 * ({@code openBatch}, {@code batchEpoch}), and the shard count its object items are written under ({@code shards},
 * {@code lastClearedAt}). Every write that decides something is conditional.
 */
final class DistributionStateItem {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Lease lease;

    DistributionStateItem(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.lease = new Lease(dynamo, table);
    }

    static Map<String, AttributeValue> key(String distributionId) {
        return DynamoItems.key("DIST#" + distributionId, "STATE");
    }

    DistributionState read(String distributionId) {
        return toState(distributionId, dynamo.getItem(b -> b.tableName(table).key(key(distributionId)).consistentRead(true)).item());
    }

    /**
     * Marks changes recorded (after the object writes, so a flush that read the state before them cannot clear the
     * marker: the generation moved). Fails when another writer switched the shard count since {@code shardsSeen}.
     * Returns the state as written (the flush check after an ingest needs no read of its own).
     */
    DistributionState markIngested(String distributionId, int added, long now, int shardsUsed, int shardsSeen) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", n(now));
        values.put(":one", n(1));
        values.put(":added", n(added));
        values.put(":used", n(shardsUsed));
        values.put(":seen", n(shardsSeen));
        String update = "SET firstPendingAt = if_not_exists(firstPendingAt, :now), shards = :used"
                + (added > 0 ? ", lastChangeAt = :now" : "")
                + " ADD gen :one, pendingCount :added";
        try {
            return toState(distributionId, dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(distributionId))
                    .updateExpression(update)
                    .conditionExpression("attribute_not_exists(shards) OR shards = :used OR shards = :seen")
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes());
        } catch (ConditionalCheckFailedException switched) {
            throw new IllegalStateException("the shard count of " + distributionId + " changed while recording changes; they are retried", switched);
        }
    }

    Optional<DistributionState> acquireLease(String distributionId, String owner, long now, Duration duration) {
        return lease.acquire(key(distributionId), owner, now, duration).map(item -> toState(distributionId, item));
    }

    /** Gives the lease back and records the backoff in the same conditional write (nothing, if it is no longer ours). */
    void releaseLease(String distributionId, String owner, long backoffUntil, int attempts) {
        lease.release(key(distributionId), owner, Map.of("backoffUntil", n(backoffUntil), "attempts", n(attempts)));
    }

    void setOpenBatch(String distributionId, String owner, String batchId) {
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(distributionId))
                .updateExpression("SET openBatch = :id")
                .conditionExpression(Lease.OWNER + " = :me AND attribute_not_exists(openBatch)")
                .expressionAttributeValues(Map.of(":id", s(batchId), ":me", s(owner))).build());
    }

    /** Forgets the open batch and moves the epoch, so the next plan derives fresh CallerReferences. */
    void abandonBatch(String distributionId, String owner) {
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(distributionId))
                .updateExpression("REMOVE openBatch ADD batchEpoch :one")
                .conditionExpression(Lease.OWNER + " = :me")
                .expressionAttributeValues(Map.of(":one", n(1), ":me", s(owner))).build());
    }

    /**
     * Closes the open batch. When no ingest happened since {@code generation} and nothing is left, the distribution is
     * marked idle; otherwise it stays pending since {@code stillPendingSince}, with its count taken from what is
     * really still pending. Either only while {@code owner} holds the lease.
     */
    void close(String distributionId, String owner, long generation, boolean leftPending, long stillPendingSince, long now,
               IntSupplier stillPending) {
        if (!leftPending) {
            try {
                dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(distributionId))
                        .updateExpression("REMOVE openBatch, firstPendingAt SET pendingCount = :zero, lastClearedAt = :now")
                        .conditionExpression("gen = :gen AND " + Lease.OWNER + " = :me")
                        .expressionAttributeValues(Map.of(":zero", n(0), ":gen", n(generation), ":me", s(owner), ":now", n(now))).build());
                return;
            } catch (ConditionalCheckFailedException ingestedMeanwhile) {
                // changes arrived during the flush: keep the distribution marked pending
            }
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(distributionId))
                    .updateExpression("REMOVE openBatch SET firstPendingAt = :since, pendingCount = :count, lastClearedAt = :now")
                    .conditionExpression(Lease.OWNER + " = :me")
                    .expressionAttributeValues(Map.of(":since", n(stillPendingSince), ":count", n(stillPending.getAsInt()), ":now", n(now),
                            ":me", s(owner)))
                    .build());
        } catch (ConditionalCheckFailedException leaseLost) {
            // another flusher took the lease (ours expired): it owns the batch now and closes it when it resumes it
        }
    }

    private static DistributionState toState(String distributionId, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return DistributionState.empty(distributionId);
        }
        return new DistributionState(distributionId,
                optLong(item, "firstPendingAt"), optLong(item, "lastChangeAt"),
                longOf(item, "pendingCount"), longOf(item, "gen"),
                DynamoItems.string(item, Lease.OWNER),
                longOf(item, Lease.UNTIL), longOf(item, "backoffUntil"), (int) longOf(item, "attempts"),
                DynamoItems.string(item, "openBatch"), (int) longOf(item, "shards"), longOf(item, "batchEpoch"), longOf(item, "lastClearedAt"));
    }
}
