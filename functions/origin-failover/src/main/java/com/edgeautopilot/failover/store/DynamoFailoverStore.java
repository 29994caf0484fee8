package com.edgeautopilot.failover.store;

import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.common.dynamo.Lease;
import com.edgeautopilot.common.dynamo.OnceClaim;
import com.edgeautopilot.failover.policy.DistributionState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static com.edgeautopilot.common.dynamo.DynamoItems.key;
import static com.edgeautopilot.common.dynamo.DynamoItems.s;

/**
 * {@link FailoverStore} in one DynamoDB table ({@code pk}/{@code sk}, TTL {@code expiresAt}), per distribution:
 * {@code dist#<id>} / {@code state} (the state as JSON plus the layer's {@link Lease} attributes),
 * {@code claim#notice#<switch>} (the layer's {@link OnceClaim}, kept 14 days) and {@code audit#<millis>#<seq>} (TTL'd).
 */
public final class DynamoFailoverStore implements FailoverStore {

    public static final String PARTITION_KEY = DynamoItems.PARTITION_KEY;
    public static final String SORT_KEY = DynamoItems.SORT_KEY;
    public static final String TTL_ATTRIBUTE = DynamoItems.TTL_ATTRIBUTE;
    static final Duration CLAIM_TTL = Duration.ofDays(14);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Lease lease;
    private final OnceClaim claims;
    private final Duration leaseDuration;
    private final Duration auditRetention;
    private final AtomicLong sequence = new AtomicLong();

    public DynamoFailoverStore(DynamoDbClient dynamo, String table, Duration leaseDuration, Duration auditRetention) {
        this.dynamo = dynamo;
        this.table = table;
        this.lease = new Lease(dynamo, table);
        this.claims = new OnceClaim(dynamo, table);
        this.leaseDuration = leaseDuration;
        this.auditRetention = auditRetention;
    }

    private static String pk(String distributionId) {
        return "dist#" + distributionId;
    }

    @Override
    public Optional<DistributionState> lock(String distributionId, String owner, Instant now) {
        return lease.acquire(key(pk(distributionId), "state"), owner, now.toEpochMilli(), leaseDuration)
                .map(item -> StateCodec.read(DynamoItems.string(item, "state")));
    }

    @Override
    public boolean save(String distributionId, String owner, DistributionState state, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(pk(distributionId), "state"))
                    .updateExpression("SET #state = :state, #updatedAt = :now")
                    .conditionExpression("#owner = :me AND #until >= :now")
                    .expressionAttributeNames(Map.of("#state", "state", "#updatedAt", "updatedAt", "#owner", Lease.OWNER, "#until", Lease.UNTIL))
                    .expressionAttributeValues(Map.of(":state", s(StateCodec.write(state)), ":now", DynamoItems.n(now.toEpochMilli()),
                            ":me", s(owner))));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    @Override
    public boolean saveAndUnlock(String distributionId, String owner, DistributionState state, Instant now) {
        return lease.release(key(pk(distributionId), "state"), owner,
                Map.of("state", s(StateCodec.write(state)), "updatedAt", DynamoItems.n(now.toEpochMilli())));
    }

    @Override
    public void unlock(String distributionId, String owner) {
        lease.release(key(pk(distributionId), "state"), owner);
    }

    @Override
    public DistributionState read(String distributionId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(pk(distributionId), "state")).consistentRead(true)).item();
        return StateCodec.read(DynamoItems.string(item, "state"));
    }

    @Override
    public boolean once(String distributionId, String transitionIdentity, String owner, Instant now, Runnable action) {
        String sk = DynamoItems.boundedKey("claim#" + transitionIdentity, 512);
        // in progress no longer than the lease: a claim whose invocation died (or could not give it back) is taken again
        return claims.onceCompleted(key(pk(distributionId), sk), owner, now.toEpochMilli(), CLAIM_TTL, leaseDuration, action);
    }

    @Override
    public void audit(String distributionId, AuditEntry entry) {
        dynamo.putItem(b -> b.tableName(table).item(auditItem(distributionId, entry)));
    }

    private Map<String, AttributeValue> auditItem(String distributionId, AuditEntry entry) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk(distributionId),
                String.format("audit#%015d#%06d", entry.atMillis(), sequence.incrementAndGet() % 1_000_000)));
        item.put("entry", s(StateCodec.write(entry)));
        item.put(TTL_ATTRIBUTE, DynamoItems.expiresAfter(entry.atMillis(), auditRetention.toMillis()));
        return item;
    }

    @Override
    public boolean auditOnce(String distributionId, String onceKey, AuditEntry entry) {
        Map<String, AttributeValue> marker = new HashMap<>(key(pk(distributionId), DynamoItems.boundedKey("recorded#" + onceKey, 512)));
        marker.put(TTL_ATTRIBUTE, DynamoItems.expiresAfter(entry.atMillis(), auditRetention.toMillis()));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(marker).conditionExpression("attribute_not_exists(#pk)")
                            .expressionAttributeNames(Map.of("#pk", PARTITION_KEY))).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(auditItem(distributionId, entry))).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<AuditEntry> auditTail(String distributionId, int limit) {
        return dynamo.query(b -> b.tableName(table)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :audit)")
                        .expressionAttributeNames(Map.of("#pk", PARTITION_KEY, "#sk", SORT_KEY))
                        .expressionAttributeValues(Map.of(":pk", s(pk(distributionId)), ":audit", s("audit#")))
                        .scanIndexForward(false).limit(limit))
                .items().stream().map(item -> StateCodec.readAudit(DynamoItems.string(item, "entry"))).toList();
    }
}
