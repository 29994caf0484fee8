package com.edgeautopilot.costs.store;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.common.dynamo.OnceClaim;
import com.edgeautopilot.costs.event.Alert;
import com.edgeautopilot.costs.grouping.AlertChange;
import com.edgeautopilot.costs.grouping.DigestSchedule;
import com.edgeautopilot.costs.grouping.Inhibition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.edgeautopilot.common.dynamo.DynamoItems.bool;
import static com.edgeautopilot.common.dynamo.DynamoItems.key;
import static com.edgeautopilot.common.dynamo.DynamoItems.n;
import static com.edgeautopilot.common.dynamo.DynamoItems.s;

/**
 * The cost-alerts table (single table, {@code pk}/{@code sk} strings, TTL {@code expiresAt}):
 * <pre>
 * pk                 sk                      item
 * GROUPS             {group key}             labels, timers, open anomalies, episode, sentCount, version
 * GROUP#{group key}  ALERT#{fingerprint}     the alert (JSON), pending, last change, inhibitedBy, occurrences, version
 * DIGEST#{group key} {episode}-{sequence}    claim of one digest (OnceClaim), so racing runs send it once
 * </pre>
 * Every write is conditional on the item's version and sets its TTL to {@code retention} after the write, so an item
 * lives as long as it is written to: a group outlives the claims of its digests (each claim is written before the group
 * write that records it), and a group that comes back after expiring is a new episode with claim keys of its own.
 */
public final class DynamoAlertStore implements AlertStore {

    public static final String PARTITION_KEY = DynamoItems.PARTITION_KEY;
    public static final String SORT_KEY = DynamoItems.SORT_KEY;
    public static final String TTL_ATTRIBUTE = DynamoItems.TTL_ATTRIBUTE;
    static final String GROUPS = "GROUPS";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final OnceClaim claims;

    public DynamoAlertStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.claims = new OnceClaim(dynamo, table);
    }

    private static Map<String, AttributeValue> alertKey(String group, String fingerprint) {
        return key(groupPartition(group), "ALERT#" + DynamoItems.boundedKey(fingerprint, 900));
    }

    /** A group's partition: the group key bounded like everywhere else (a partition key must stay under 2,048 bytes). */
    private static String groupPartition(String group) {
        return "GROUP#" + DynamoItems.boundedKey(group, 1000);
    }

    private static Map<String, AttributeValue> groupKey(String group) {
        return key(GROUPS, DynamoItems.boundedKey(group, 1000));
    }

    @Override
    public Optional<StoredAlert> alert(String group, String fingerprint) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(alertKey(group, fingerprint)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toAlert(group, item));
    }

    @Override
    public boolean putAlert(StoredAlert alert, long nowMillis) {
        Map<String, AttributeValue> item = new HashMap<>(alertKey(alert.group(), alert.alert().fingerprint()));
        item.put("alert", s(Json.write(alert.alert().toMap())));
        item.put("pending", bool(alert.pending()));
        item.put("lastChange", s(alert.lastChange().name()));
        if (alert.inhibitedBy() != null) {
            item.put("inhibitedBy", s(alert.inhibitedBy()));
        }
        item.put("occurrences", n(alert.occurrences()));
        item.put("firstSeenAt", n(alert.firstSeenAt()));
        item.put("updatedAt", n(alert.updatedAt()));
        if (alert.notifiedAmount() != null) {
            item.put("notifiedAmount", n(alert.notifiedAmount()));
        }
        item.put("notifiedAt", n(alert.notifiedAt()));
        item.put("openUntil", n(alert.openUntil()));
        item.put("version", n(alert.version() + 1));
        item.put(TTL_ATTRIBUTE, DynamoItems.expiresAfter(nowMillis, retention.toMillis()));
        return conditional(() -> dynamo.putItem(b -> b.tableName(table).item(item)
                .conditionExpression(alert.version() == 0 ? "attribute_not_exists(pk)" : "version = :v")
                .expressionAttributeValues(alert.version() == 0 ? null : Map.of(":v", n(alert.version())))));
    }

    @Override
    public boolean deleteAlert(StoredAlert alert) {
        return conditional(() -> dynamo.deleteItem(b -> b.tableName(table).key(alertKey(alert.group(), alert.alert().fingerprint()))
                .conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", n(alert.version())))));
    }

    @Override
    public Optional<GroupState> group(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(groupKey(key)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toGroup(item));
    }

    @Override
    public boolean putGroup(GroupState state, long nowMillis) {
        DigestSchedule.Timers t = state.timers();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":key", s(state.key()));
        values.put(":labels", s(Json.write(state.labels())));
        values.put(":first", n(t.firstNotableAt()));
        values.put(":last", n(t.lastNotableAt()));
        values.put(":sent", n(t.lastSentAt()));
        values.put(":openAtSend", bool(t.openAtLastSend()));
        values.put(":firing", bool(t.anyFiring()));
        values.put(":open", s(Json.write(state.openAnomalies().stream().map(Inhibition.OpenAnomaly::encoded).toList())));
        values.put(":episode", n(state.episode()));
        values.put(":count", n(state.sentCount()));
        values.put(":next", n(state.version() + 1));
        values.put(":expires", DynamoItems.expiresAfter(nowMillis, retention.toMillis()));
        String update = "SET groupKey = :key, labels = :labels, firstNotableAt = :first, lastNotableAt = :last, lastSentAt = :sent, "
                + "openAtLastSend = :openAtSend, anyFiring = :firing, openAnomalies = :open, episode = if_not_exists(episode, :episode), "
                + "sentCount = :count, version = :next, expiresAt = :expires";
        String condition;
        if (state.version() == 0) {
            condition = "attribute_not_exists(version)";
        } else {
            condition = "version = :v";
            values.put(":v", n(state.version()));
        }
        return conditional(() -> dynamo.updateItem(b -> b.tableName(table).key(groupKey(state.key()))
                .updateExpression(update).conditionExpression(condition).expressionAttributeValues(values)));
    }

    @Override
    public List<GroupState> groups() {
        List<GroupState> groups = new ArrayList<>();
        for (Map<String, AttributeValue> item : DynamoItems.queryAll(dynamo, QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", s(GROUPS))).consistentRead(true).build())) {
            if (item.containsKey("groupKey")) {
                groups.add(toGroup(item));
            }
        }
        return groups;
    }

    @Override
    public List<StoredAlert> alerts(String group) {
        List<StoredAlert> alerts = new ArrayList<>();
        for (Map<String, AttributeValue> item : DynamoItems.queryAll(dynamo, QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :alert)")
                .expressionAttributeValues(Map.of(":pk", s(groupPartition(group)), ":alert", s("ALERT#"))).consistentRead(true).build())) {
            alerts.add(toAlert(group, item));
        }
        return alerts;
    }

    @Override
    public boolean claimDigest(String group, long episode, long sequence, String owner, long nowMillis) {
        return claims.claim(digestKey(group, episode, sequence), owner, nowMillis, retention);
    }

    @Override
    public boolean sendDigestOnce(String group, long episode, long sequence, String owner, long nowMillis, Duration inProgressFor, Runnable send) {
        return claims.onceCompleted(digestKey(group, episode, sequence), owner, nowMillis, retention, inProgressFor, send);
    }

    @Override
    public java.util.OptionalLong digestBuiltFrom(String group, long episode, long sequence) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(digestKey(group, episode, sequence)).consistentRead(true)).item();
        String claimant = item == null ? null : DynamoItems.string(item, OnceClaim.CLAIMED_BY);
        int at = claimant == null ? -1 : claimant.lastIndexOf("@v");
        if (at < 0) {
            return java.util.OptionalLong.empty();
        }
        try {
            return java.util.OptionalLong.of(Long.parseLong(claimant.substring(at + 2)));
        } catch (NumberFormatException notAVersion) {
            return java.util.OptionalLong.empty();
        }
    }

    private static Map<String, AttributeValue> digestKey(String group, long episode, long sequence) {
        return key("DIGEST#" + DynamoItems.boundedKey(group, 1000), String.format("%013d-%012d", episode, sequence));
    }

    private static StoredAlert toAlert(String group, Map<String, AttributeValue> item) {
        Alert alert = Alert.fromMap(Json.parseObject(DynamoItems.string(item, "alert")));
        AttributeValue notified = item.get("notifiedAmount");
        return new StoredAlert(group, alert, DynamoItems.boolOf(item, "pending"), AlertChange.valueOf(DynamoItems.string(item, "lastChange")),
                DynamoItems.string(item, "inhibitedBy"), DynamoItems.longOf(item, "occurrences"), DynamoItems.longOf(item, "firstSeenAt"),
                DynamoItems.longOf(item, "updatedAt"), notified == null ? null : Double.valueOf(notified.n()),
                notifiedAt(item), DynamoItems.longOf(item, "openUntil"), DynamoItems.longOf(item, "version"));
    }

    /** When a digest last showed the alert; items written before it was recorded: shown if not pending (a digest cleared it). */
    private static long notifiedAt(Map<String, AttributeValue> item) {
        if (item.containsKey("notifiedAt")) {
            return DynamoItems.longOf(item, "notifiedAt");
        }
        return DynamoItems.boolOf(item, "pending") ? 0 : Math.max(1, DynamoItems.longOf(item, "updatedAt"));
    }

    private static GroupState toGroup(Map<String, AttributeValue> item) {
        Map<String, String> labels = new LinkedHashMap<>();
        String rawLabels = DynamoItems.string(item, "labels");
        if (rawLabels != null) {
            Json.parseObject(rawLabels).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        }
        Set<Inhibition.OpenAnomaly> open = new LinkedHashSet<>();
        String rawOpen = DynamoItems.string(item, "openAnomalies");
        if (rawOpen != null) {
            for (Object encoded : Json.list(Json.parseObject("{\"a\":" + rawOpen + "}"), "a")) {
                open.add(Inhibition.OpenAnomaly.decode(String.valueOf(encoded)));
            }
        }
        DigestSchedule.Timers timers = new DigestSchedule.Timers(DynamoItems.longOf(item, "firstNotableAt"),
                DynamoItems.longOf(item, "lastNotableAt"), DynamoItems.longOf(item, "lastSentAt"),
                DynamoItems.boolOf(item, "openAtLastSend"), DynamoItems.boolOf(item, "anyFiring"));
        return new GroupState(DynamoItems.string(item, "groupKey"), labels, timers, open, DynamoItems.longOf(item, "episode"),
                DynamoItems.longOf(item, "sentCount"), DynamoItems.longOf(item, "version"));
    }

    private static boolean conditional(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException lostRace) {
            return false;
        }
    }
}
