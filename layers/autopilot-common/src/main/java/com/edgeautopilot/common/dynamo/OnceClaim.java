package com.edgeautopilot.common.dynamo;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static com.edgeautopilot.common.dynamo.DynamoItems.n;
import static com.edgeautopilot.common.dynamo.DynamoItems.s;

/**
 * Claim-once records: the first caller to claim a key wins, every later caller (a duplicate delivery, a second shape
 * of the same event, a racing schedule run) learns it was already claimed. One conditional PutItem per claim; the item
 * carries the TTL attribute so DynamoDB deletes it after {@code ttl}, and an expired claim that TTL has not yet deleted
 * counts as free (TTL deletion is lazy, up to days late).
 *
 * <p>{@link #once} releases the claim when the action fails, so a side effect that did not happen (an SNS publish that
 * threw) is tried again by the next delivery instead of being lost: at-least-once for the effect, never twice for a
 * completed one unless the process dies between the effect and returning.
 */
public final class OnceClaim {

    public static final String CLAIMED_BY = "claimedBy";
    public static final String CLAIMED_AT = "claimedAt";
    /** A token unique to one claim call: the SDK's retry of a write whose answer was lost finds its own token and still wins. */
    public static final String CLAIM_TOKEN = "claimToken";
    /** Present while a {@link #onceCompleted} action runs. */
    public static final String IN_PROGRESS = "inProgress";
    /** How often {@link #onceCompleted} tries to record a completed action or give back a failed one's claim. */
    static final int RECORD_ATTEMPTS = 4;

    private final DynamoDbClient dynamo;
    private final String table;

    public OnceClaim(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** True when this call claimed the key (first claim, or the previous one expired); false when it is already claimed. */
    public boolean claim(Map<String, AttributeValue> key, String claimant, long nowMillis, Duration ttl) {
        return claim(key, claimant, nowMillis, ttl, Map.of());
    }

    /** As {@link #claim(Map, String, long, Duration)}, storing extra attributes on the claim item (what was claimed, for audits). */
    public boolean claim(Map<String, AttributeValue> key, String claimant, long nowMillis, Duration ttl, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.putAll(key);
        item.put(CLAIMED_BY, s(claimant));
        item.put(CLAIMED_AT, n(nowMillis));
        item.put(DynamoItems.TTL_ATTRIBUTE, DynamoItems.expiresAfter(nowMillis, ttl.toMillis()));
        AttributeValue token = s(UUID.randomUUID().toString());
        item.put(CLAIM_TOKEN, token);
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk) OR #ttl < :nowSeconds OR #token = :token")
                    .expressionAttributeNames(Map.of("#pk", DynamoItems.PARTITION_KEY, "#ttl", DynamoItems.TTL_ATTRIBUTE, "#token", CLAIM_TOKEN))
                    .expressionAttributeValues(Map.of(":nowSeconds", n(nowMillis / 1000), ":token", token)));
            return true;
        } catch (ConditionalCheckFailedException alreadyClaimed) {
            return false;
        }
    }

    /** Gives a claim back (only our own), so the next delivery can claim it again. */
    public void release(Map<String, AttributeValue> key, String claimant) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key)
                    .conditionExpression("#by = :me")
                    .expressionAttributeNames(Map.of("#by", CLAIMED_BY))
                    .expressionAttributeValues(Map.of(":me", s(claimant))));
        } catch (ConditionalCheckFailedException notOurs) {
            // expired and claimed by someone else meanwhile: theirs now
        }
    }

    /** Whether the key is claimed (and the claim has not expired) at {@code nowMillis}. */
    public boolean isClaimed(Map<String, AttributeValue> key, long nowMillis) {
        return holds(dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item(), nowMillis);
    }

    /** Whether a claim item, as read (by a query over several claims, say), still holds its claim at {@code nowMillis}. */
    public static boolean holds(Map<String, AttributeValue> item, long nowMillis) {
        return item != null && !item.isEmpty() && DynamoItems.longOf(item, DynamoItems.TTL_ATTRIBUTE) >= nowMillis / 1000;
    }

    /**
     * Runs {@code action} only if this call claims the key; the claim is released when the action throws (and the
     * exception rethrown), so the effect is retried by a later delivery. False when the key was already claimed.
     */
    public boolean once(Map<String, AttributeValue> key, String claimant, long nowMillis, Duration ttl, Runnable action) {
        if (!claim(key, claimant, nowMillis, ttl)) {
            return false;
        }
        runOrRelease(key, claimant, action);
        return true;
    }

    /**
     * As {@link #once}, for effects that must not be lost when the claim cannot be given back (a failed release, a
     * process that died mid-action): the claim is first taken for {@code inProgressFor} only (longer than the
     * invocation) and marked in progress; once the action has run it is completed for {@code ttl}. A later caller that
     * finds a completed claim gets false; one that finds a claim still in progress gets {@link InProgress} (fail the
     * delivery so it is retried); a claim left in progress expires after {@code inProgressFor} and is taken again.
     */
    public boolean onceCompleted(Map<String, AttributeValue> key, String claimant, long nowMillis, Duration ttl, Duration inProgressFor,
                                 Runnable action) {
        if (!claim(key, claimant, nowMillis, inProgressFor, Map.of(IN_PROGRESS, AttributeValue.fromBool(true)))) {
            Map<String, AttributeValue> held = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            if (held != null && held.containsKey(IN_PROGRESS)) {
                throw new InProgress("claim " + key + " is held by " + DynamoItems.string(held, CLAIMED_BY) + " and not completed yet");
            }
            return false;
        }
        runOrRelease(key, claimant, action);
        // the effect happened: recording that is worth several tries (idempotent), since a claim left in progress is
        // taken again when it expires and the effect repeated
        retried(() -> dynamo.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("REMOVE #progress SET #ttl = :ttl")
                .conditionExpression("#by = :me")
                .expressionAttributeNames(Map.of("#progress", IN_PROGRESS, "#ttl", DynamoItems.TTL_ATTRIBUTE, "#by", CLAIMED_BY))
                .expressionAttributeValues(Map.of(":ttl", DynamoItems.expiresAfter(nowMillis, ttl.toMillis()), ":me", s(claimant)))));
        return true;
    }

    /** Runs an idempotent write up to {@link #RECORD_ATTEMPTS} times (each with the SDK's own retries). */
    private static void retried(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (ConditionalCheckFailedException notOurs) {
                return; // expired and taken by someone else meanwhile: nothing of ours to record
            } catch (RuntimeException failed) {
                if (attempt >= RECORD_ATTEMPTS) {
                    throw failed;
                }
            }
        }
    }

    private void runOrRelease(Map<String, AttributeValue> key, String claimant, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException failed) {
            try {
                retried(() -> release(key, claimant));
            } catch (RuntimeException releaseFailed) {
                failed.addSuppressed(releaseFailed); // the claim stays until it expires; the action's failure is what matters
            }
            throw failed;
        }
    }

    /** Another caller holds the claim and has not completed it: retry the delivery later. */
    public static final class InProgress extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InProgress(String message) {
            super(message);
        }
    }
}
