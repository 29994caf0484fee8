package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.common.dynamo.OnceClaim;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Duration;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static com.edgeautopilot.common.dynamo.DynamoItems.n;

/**
 * Account-wide usage, kept 400 days:
 * <pre>
 * pk USAGE  sk {yyyy-MM}                      paths submitted this month (added in the same transaction that records a
 *                                             request accepted, so never twice); accountPaths / accountPathsAt: the
 *                                             account's paths this month, all tools together, written once a day by the
 *                                             cost-alerts function from Cost Explorer
 * pk USAGE  sk {yyyy-MM}#SIGNAL#{threshold}   the layer's {@link OnceClaim} on sending that month's signal (released
 *                                             again when publishing failed)
 * </pre>
 */
final class UsageItems {

    private static final Duration RETENTION = Duration.ofDays(400);

    private final DynamoDbClient dynamo;
    private final String table;
    private final OnceClaim claims;

    UsageItems(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.claims = new OnceClaim(dynamo, table);
    }

    static Map<String, AttributeValue> key(YearMonth month) {
        return DynamoItems.key("USAGE", month.toString());
    }

    /**
     * Paths the month has used as far as this stack can tell: its own count, or the account-wide figure the cost-alerts
     * reconciliation wrote when that is higher (other tools invalidate in the same account and share the 1,000 free
     * paths). The account figure lags (Cost Explorer, once a day) and includes this stack's own paths up to then, so
     * the larger of the two is a lower bound of the truth that never counts a path twice.
     */
    long usage(YearMonth month) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(month)).consistentRead(true)).item();
        return Math.max(DynamoItems.longOf(item, "paths"), DynamoItems.longOf(item, "accountPaths"));
    }

    /** Adding paths to the month (for a transaction). */
    Update add(YearMonth month, long paths) {
        return Update.builder().tableName(table).key(key(month))
                .updateExpression("ADD paths :n SET expiresAt = if_not_exists(expiresAt, :expires)")
                .expressionAttributeValues(Map.of(":n", n(paths),
                        ":expires", n(month.atDay(1).toEpochDay() * 86_400 + RETENTION.toSeconds())))
                .build();
    }

    /** Claims sending the month's signal for a threshold (a claim-once item beside the month's counter). */
    boolean claimSignal(YearMonth month, String threshold, String claimant, long now) {
        return claims.claim(signalKey(month, threshold), claimant, now, RETENTION);
    }

    /**
     * The thresholds whose signal for the month is claimed (sent, or being sent): one eventually consistent query, so a
     * flush that finds every due signal claimed writes nothing (a claim it would lose still costs a write unit).
     */
    Set<String> claimedSignals(YearMonth month, long now) {
        String prefix = month + "#SIGNAL#";
        Set<String> claimed = new HashSet<>();
        for (Map<String, AttributeValue> item : DynamoItems.queryAll(dynamo, QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USAGE"), ":prefix", AttributeValue.fromS(prefix))).build())) {
            if (OnceClaim.holds(item, now)) {
                claimed.add(item.get(DynamoItems.SORT_KEY).s().substring(prefix.length()));
            }
        }
        return claimed;
    }

    /** Gives our claim back after publishing failed, so a later flush sends the signal. */
    void releaseSignal(YearMonth month, String threshold, String claimant) {
        claims.release(signalKey(month, threshold), claimant);
    }

    private static Map<String, AttributeValue> signalKey(YearMonth month, String threshold) {
        return DynamoItems.key("USAGE", month + "#SIGNAL#" + threshold);
    }
}
