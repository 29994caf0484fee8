package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.common.dynamo.BoundedParallel;
import com.edgeautopilot.coalescer.event.S3Change;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.edgeautopilot.common.dynamo.DynamoItems.longOf;
import static com.edgeautopilot.common.dynamo.DynamoItems.n;
import static com.edgeautopilot.common.dynamo.DynamoItems.s;

/**
 * One item per changed object and distribution:
 * <pre>
 * pk  OBJ#{distributionId}#{shard, 2 digits}
 * sk  O#{base64url(sha256("{bucket}/{key}"))}     fixed 45 characters: any valid S3 key fits (DynamoDB sort keys stop at 1,024 bytes)
 * bucket, key    the object
 * seq            newest sequencer recorded while the item exists (events without one compare by lastToken)
 * lastToken      the newest change recorded; token: the same, unless the item holds a change without sequencer
 *                (then that change's token: the pending read's filter and what a late copy is judged by)
 * unordered      the token of the newest change without sequencer the item holds, if any
 * change         the recorded change's identity: a fresh random id per successful write, never reused, also not by
 *                an item deleted and created again; a flush deletes the item only while it holds the id it read
 * ver            ADD 1 per recorded change: how many changes the item holds (1: only the one that created it)
 * changedAt      when the pending change was recorded (the pending-age alarm; never what a flush clears)
 * </pre>
 * A write is rejected only when the item holds a change known to be at least as new: the same event, or a sequencer
 * not older. A sequenced change and one without sequencer are not ordered, so each is recorded with its own change id.
 * Once a change without a sequencer is pending, the item keeps its event-id token until it is cleared, so a late
 * sequenced copy of an old change can never make it look like a late copy ({@link FlushedObjects#isLateCopy}).
 * An item exists only while its object is pending: the flush that invalidated it deletes it (what was invalidated is
 * remembered apart, in {@link FlushedObjects}), so the pending read pays for pending items only. Items written before
 * that (cleared in place: no token, a TTL) are skipped by the read's filter until their TTL removes them.
 * Objects spread over {@code shards} partitions per distribution (the shard is a function of the hash), so a 50k-file
 * deploy is not 50k writes to one partition key.
 */
final class PendingObjectItems {

    /** What writing one change did. */
    enum Written { NEWLY_PENDING, STILL_PENDING, DUPLICATE, FAILED }

    private final DynamoDbClient dynamo;
    private final String table;

    PendingObjectItems(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Writes each change (in parallel); a change that cannot be written is {@link Written#FAILED} alone. */
    List<Written> record(String distributionId, int shards, Collection<S3Change> changes, long now) {
        return BoundedParallel.map(changes, DynamoCoalescerStore.PARALLEL_WRITES, change -> {
            try {
                return recordOne(distributionId, shards, change, now);
            } catch (RuntimeException e) {
                return Written.FAILED;
            }
        });
    }

    private Written recordOne(String distributionId, int shards, S3Change change, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":token", s(change.token()));
        values.put(":now", n(now));
        values.put(":one", n(1));
        values.put(":change", s(ChangeIds.next()));
        values.put(":bucket", s(change.bucket()));
        values.put(":key", s(change.key()));
        Map<String, String> names = new HashMap<>(Map.of("#last", "lastToken", "#token", "token", "#bucket", "bucket", "#key", "key",
                "#change", "change", "#unordered", "unordered"));
        String set = "SET #last = :token, #change = :change, changedAt = :now, #bucket = :bucket, #key = :key";
        String condition;
        // rejected only when the item holds a change known to be at least as new as this one (a flush in flight that read
        // the item then clears it by its id, and this change with it); changes with and without a sequencer are not
        // ordered, so neither ever rejects the other
        if (change.sequencer() != null) {
            values.put(":seq", s(change.sequencer()));
            names.put("#seq", "seq");
            // the token stays the one of a pending change without sequencer (unordered), so the item is never read as
            // this change's late copy while it holds that change
            set += ", #token = if_not_exists(#unordered, :token), #seq = :seq";
            condition = "attribute_not_exists(#token) OR attribute_not_exists(#seq) OR #seq < :seq";
        } else {
            set += ", #token = :token, #unordered = :token";
            condition = "attribute_not_exists(#last) OR #last <> :token";
        }
        String sortKey = sortKey(change.bucket(), change.key());
        try {
            Map<String, AttributeValue> old = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(DynamoItems.key(partition(distributionId, shardOf(sortKey, shards)), sortKey))
                    .updateExpression(set + " REMOVE expiresAt ADD ver :one")
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.UPDATED_OLD)
                    .build()).attributes();
            return old == null || !old.containsKey("token") ? Written.NEWLY_PENDING : Written.STILL_PENDING;
        } catch (ConditionalCheckFailedException duplicateOrStale) {
            return Written.DUPLICATE;
        }
    }

    /** Every pending object item of the distribution under {@code shards} partitions (strongly consistent). */
    List<PendingChange> pending(String distributionId, int shards) {
        List<PendingChange> result = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            String partition = partition(distributionId, shard);
            for (Map<String, AttributeValue> item : DynamoItems.queryAll(dynamo, pendingQuery(partition)
                    .projectionExpression("sk, #bucket, #key, #token, #change, changedAt, ver")
                    .expressionAttributeNames(Map.of("#token", "token", "#bucket", "bucket", "#key", "key", "#change", "change")).build())) {
                String sortKey = item.get("sk").s();
                String bucket = DynamoItems.string(item, "bucket");
                String key = DynamoItems.string(item, "key");
                if (bucket == null) { // written before sort keys were hashed: sk is "{bucket}/{key}"
                    bucket = sortKey.substring(0, sortKey.indexOf('/'));
                    key = sortKey.substring(sortKey.indexOf('/') + 1);
                }
                result.add(new PendingChange(bucket, key, item.get("token").s(), longOf(item, "changedAt"), longOf(item, "ver"),
                        DynamoItems.string(item, "change"), partition, sortKey));
            }
        }
        return result;
    }

    /** How many object items are pending under {@code shards} partitions. */
    int countPending(String distributionId, int shards) {
        int count = 0;
        for (int shard = 0; shard < shards; shard++) {
            QueryRequest request = pendingQuery(partition(distributionId, shard)).select(Select.COUNT)
                    .expressionAttributeNames(Map.of("#token", "token")).build();
            for (var page : dynamo.queryPaginator(request)) {
                count += page.count();
            }
        }
        return count;
    }

    /**
     * Deletes each change's item if it still holds exactly that change (its change id); returns how many were deleted.
     * A retried delete whose first try succeeded finds another change id, or no item, and deletes nothing.
     */
    int clear(Collection<PendingChange> flushed) {
        List<Boolean> cleared = BoundedParallel.map(flushed, DynamoCoalescerStore.PARALLEL_WRITES, change -> {
            Map<String, AttributeValue> values = new HashMap<>();
            String condition;
            if (change.changeId() != null) {
                values.put(":change", s(change.changeId()));
                condition = "#change = :change";
            } else if (change.version() > 0) { // written before change ids existed
                values.put(":ver", n(change.version()));
                condition = "attribute_exists(#token) AND attribute_not_exists(#change) AND ver = :ver";
            } else { // written before versions existed
                values.put(":token", s(change.token()));
                condition = "attribute_not_exists(#change) AND attribute_not_exists(ver) AND #token = :token";
            }
            try {
                dynamo.deleteItem(DeleteItemRequest.builder().tableName(table).key(DynamoItems.key(change.partition(), change.sortKey()))
                        .conditionExpression(condition)
                        .expressionAttributeNames(condition.contains("#token") ? Map.of("#token", "token", "#change", "change")
                                : Map.of("#change", "change"))
                        .expressionAttributeValues(values).build());
                return true;
            } catch (ConditionalCheckFailedException changedDuringFlush) {
                return false;
            }
        });
        return (int) cleared.stream().filter(Boolean::booleanValue).count();
    }

    private QueryRequest.Builder pendingQuery(String partition) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .filterExpression("attribute_exists(#token)")
                .expressionAttributeValues(Map.of(":pk", s(partition)));
    }

    static String partition(String distributionId, int shard) {
        return String.format("OBJ#%s#%02d", distributionId, shard);
    }

    static String sortKey(String bucket, String key) {
        return "O#" + DynamoItems.sha256(bucket + "/" + key);
    }

    static int shardOf(String sortKey, int shards) {
        return Math.floorMod(sortKey.hashCode(), shards);
    }
}
