package com.edgeautopilot.testbed;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The parts of a DynamoDB table that code depends on: key attributes (names and types), secondary indexes (their
 * keys and, when stated, projections) and the TTL attribute. Billing, names and throughput are not part of it.
 *
 * <p>Three sources produce one: the template ({@link TemplateTables}), a live table ({@link #describe}), and the
 * code's own declaration, built from the DAO's attribute-name constants in a test:
 * <pre>{@code
 * TableShape expected = TableShape.builder()
 *         .partitionKey(TableShape.Key.s(PendingChangeStore.PK))
 *         .sortKey(TableShape.Key.s(PendingChangeStore.SK))
 *         .globalIndex("byDueTime", TableShape.Key.s("shard"), TableShape.Key.n("dueAt"))
 *         .ttlAttribute(PendingChangeStore.EXPIRES_AT)
 *         .build();
 * TemplateTables.fromRepo().table("PendingChangesTable").shape().assertMatches(expected);
 * }</pre>
 * An index declared without a projection matches any projection; one declared with
 * {@link Builder#projection} must match exactly.
 */
public final class TableShape {

    /** A key attribute: name and scalar type (S, N or B). */
    public record Key(String name, ScalarAttributeType type) {
        public Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            if (type == ScalarAttributeType.UNKNOWN_TO_SDK_VERSION) {
                throw new IllegalArgumentException("key " + name + " has an unknown type");
            }
        }

        public static Key s(String name) {
            return new Key(name, ScalarAttributeType.S);
        }

        public static Key n(String name) {
            return new Key(name, ScalarAttributeType.N);
        }

        public static Key b(String name) {
            return new Key(name, ScalarAttributeType.B);
        }

        @Override
        public String toString() {
            return name + " (" + type + ")";
        }
    }

    public enum IndexKind { GLOBAL, LOCAL }

    /**
     * A secondary index. {@code sortKey} is null for a GSI without one; {@code projection} null means "not stated"
     * (matches any); {@code nonKeyAttributes} only matters for INCLUDE.
     */
    public record Index(String name, IndexKind kind, Key partitionKey, Key sortKey, ProjectionType projection,
                        Set<String> nonKeyAttributes) {
        public Index {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(partitionKey, "partitionKey");
            nonKeyAttributes = nonKeyAttributes == null ? Set.of() : Set.copyOf(new TreeSet<>(nonKeyAttributes));
        }

        Index withProjection(ProjectionType type, Collection<String> nonKey) {
            return new Index(name, kind, partitionKey, sortKey, type, Set.copyOf(nonKey));
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(kind == IndexKind.GLOBAL ? "GSI " : "LSI ").append(name)
                    .append(" [").append(partitionKey);
            if (sortKey != null) {
                text.append(", ").append(sortKey);
            }
            text.append(']');
            if (projection != null) {
                text.append(" projection ").append(projection);
                if (!nonKeyAttributes.isEmpty()) {
                    text.append(' ').append(new TreeSet<>(nonKeyAttributes));
                }
            }
            return text.toString();
        }
    }

    private final Key partitionKey;
    private final Key sortKey;
    private final Map<String, Index> indexes;
    private final String ttlAttribute;

    private TableShape(Key partitionKey, Key sortKey, Map<String, Index> indexes, String ttlAttribute) {
        this.partitionKey = Objects.requireNonNull(partitionKey, "a table needs a partition key");
        this.sortKey = sortKey;
        this.indexes = Map.copyOf(indexes);
        this.ttlAttribute = ttlAttribute;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Key partitionKey() {
        return partitionKey;
    }

    /** The sort key, or null for a table with a partition key only. */
    public Key sortKey() {
        return sortKey;
    }

    /** Indexes by name, sorted by name. */
    public Map<String, Index> indexes() {
        return new TreeMap<>(indexes);
    }

    /** The TTL attribute when TTL is enabled, else null. */
    public String ttlAttribute() {
        return ttlAttribute;
    }

    /**
     * Every way this shape (the actual one: template or live table) differs from {@code expected} (what the code
     * declares), one readable line each; empty when they match.
     */
    public List<String> differencesFrom(TableShape expected) {
        List<String> out = new ArrayList<>();
        if (!partitionKey.equals(expected.partitionKey)) {
            out.add("partition key: expected " + expected.partitionKey + ", found " + partitionKey);
        }
        if (!Objects.equals(sortKey, expected.sortKey)) {
            out.add("sort key: expected " + describe(expected.sortKey) + ", found " + describe(sortKey));
        }
        Set<String> names = new TreeSet<>(expected.indexes.keySet());
        names.addAll(indexes.keySet());
        for (String name : names) {
            Index want = expected.indexes.get(name);
            Index have = indexes.get(name);
            if (have == null) {
                out.add("index " + name + ": expected " + want + ", missing");
            } else if (want == null) {
                out.add("index " + name + ": not expected, found " + have);
            } else {
                List<String> parts = new ArrayList<>();
                if (want.kind() != have.kind()) {
                    parts.add("kind " + want.kind() + " vs " + have.kind());
                }
                if (!want.partitionKey().equals(have.partitionKey())) {
                    parts.add("partition key " + want.partitionKey() + " vs " + have.partitionKey());
                }
                if (!Objects.equals(want.sortKey(), have.sortKey())) {
                    parts.add("sort key " + describe(want.sortKey()) + " vs " + describe(have.sortKey()));
                }
                if (want.projection() != null && (want.projection() != have.projection()
                        || (want.projection() == ProjectionType.INCLUDE && !want.nonKeyAttributes().equals(have.nonKeyAttributes())))) {
                    parts.add("projection " + projection(want) + " vs " + projection(have));
                }
                if (!parts.isEmpty()) {
                    out.add("index " + name + ": expected vs found: " + String.join("; ", parts));
                }
            }
        }
        if (!Objects.equals(ttlAttribute, expected.ttlAttribute)) {
            out.add("TTL attribute: expected " + quoteOrNone(expected.ttlAttribute) + ", found " + quoteOrNone(ttlAttribute));
        }
        return out;
    }

    /** True when {@link #differencesFrom} is empty. */
    public boolean matches(TableShape expected) {
        return differencesFrom(expected).isEmpty();
    }

    /**
     * Throws an {@link AssertionError} listing every difference when this shape (actual) does not match
     * {@code expected}. Use it to fail a test when template and code disagree.
     */
    public void assertMatches(TableShape expected) {
        assertMatches(expected, "table");
    }

    /** As {@link #assertMatches(TableShape)}, naming the table (e.g. its logical ID) in the message. */
    public void assertMatches(TableShape expected, String what) {
        List<String> differences = differencesFrom(expected);
        if (!differences.isEmpty()) {
            throw new AssertionError("Shape of " + what + " does not match what the code expects:\n  - "
                    + String.join("\n  - ", differences)
                    + "\nexpected: " + expected + "\nfound:    " + this
                    + "\nChange the template or the code so both agree (the template is the source of truth for tests).");
        }
    }

    /**
     * This shape as a stand-in table has it: the same keys and indexes, TTL not enabled. Stand-ins never enable TTL
     * (see {@link TemplateTable#createIn}), so a live stand-in is compared with this, and the TTL attribute is
     * checked between the template and the code instead.
     */
    public TableShape asStandIn() {
        return new TableShape(partitionKey, sortKey, indexes, null);
    }

    /** The shape of a live table (e.g. in DynamoDB Local), including its TTL setting. */
    public static TableShape describe(DynamoDbClient client, String tableName) {
        TableDescription table = client.describeTable(r -> r.tableName(tableName)).table();
        DescribeTimeToLiveResponse ttl = client.describeTimeToLive(r -> r.tableName(tableName));
        String ttlAttribute = null;
        if (ttl.timeToLiveDescription() != null
                && (ttl.timeToLiveDescription().timeToLiveStatus() == TimeToLiveStatus.ENABLED
                || ttl.timeToLiveDescription().timeToLiveStatus() == TimeToLiveStatus.ENABLING)) {
            ttlAttribute = ttl.timeToLiveDescription().attributeName();
        }
        return of(table, ttlAttribute);
    }

    /** The shape of a table description, with the TTL attribute given separately (DescribeTable does not report it). */
    public static TableShape of(TableDescription table, String ttlAttribute) {
        Map<String, ScalarAttributeType> types = new TreeMap<>();
        for (AttributeDefinition definition : table.attributeDefinitions()) {
            types.put(definition.attributeName(), definition.attributeType());
        }
        Builder builder = builder();
        Key[] keys = keys(table.keySchema(), types, "table " + table.tableName());
        builder.partitionKey(keys[0]);
        if (keys[1] != null) {
            builder.sortKey(keys[1]);
        }
        for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
            Key[] indexKeys = keys(gsi.keySchema(), types, "index " + gsi.indexName());
            builder.index(new Index(gsi.indexName(), IndexKind.GLOBAL, indexKeys[0], indexKeys[1], null, Set.of()));
            builder.projection(gsi.projection());
        }
        for (LocalSecondaryIndexDescription lsi : table.localSecondaryIndexes()) {
            Key[] indexKeys = keys(lsi.keySchema(), types, "index " + lsi.indexName());
            builder.index(new Index(lsi.indexName(), IndexKind.LOCAL, indexKeys[0], indexKeys[1], null, Set.of()));
            builder.projection(lsi.projection());
        }
        builder.ttlAttribute(ttlAttribute);
        return builder.build();
    }

    private static Key[] keys(List<KeySchemaElement> schema, Map<String, ScalarAttributeType> types, String what) {
        Key hash = null;
        Key range = null;
        for (KeySchemaElement element : schema) {
            ScalarAttributeType type = types.get(element.attributeName());
            if (type == null) {
                throw new IllegalArgumentException(what + ": key " + element.attributeName() + " has no attribute definition");
            }
            Key key = new Key(element.attributeName(), type);
            if (element.keyType() == KeyType.HASH) {
                hash = key;
            } else if (element.keyType() == KeyType.RANGE) {
                range = key;
            }
        }
        if (hash == null) {
            throw new IllegalArgumentException(what + " has no HASH key");
        }
        return new Key[]{hash, range};
    }

    private static String describe(Key key) {
        return key == null ? "none" : key.toString();
    }

    private static String quoteOrNone(String value) {
        return value == null ? "none (TTL disabled)" : "'" + value + "'";
    }

    private static String projection(Index index) {
        if (index.projection() == null) {
            return "unstated";
        }
        return index.projection() == ProjectionType.INCLUDE
                ? "INCLUDE " + new TreeSet<>(index.nonKeyAttributes())
                : index.projection().toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TableShape that
                && partitionKey.equals(that.partitionKey)
                && Objects.equals(sortKey, that.sortKey)
                && indexes.equals(that.indexes)
                && Objects.equals(ttlAttribute, that.ttlAttribute);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partitionKey, sortKey, indexes, ttlAttribute);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{partition key ").append(partitionKey);
        if (sortKey != null) {
            text.append(", sort key ").append(sortKey);
        }
        for (Index index : indexes().values()) {
            text.append(", ").append(index);
        }
        text.append(", TTL ").append(ttlAttribute == null ? "disabled" : ttlAttribute).append('}');
        return text.toString();
    }

    /** Builds a shape; index methods add an index, {@link #projection} applies to the index added last. */
    public static final class Builder {
        private Key partitionKey;
        private Key sortKey;
        private final Map<String, Index> indexes = new TreeMap<>();
        private String lastIndex;
        private String ttlAttribute;

        private Builder() {
        }

        public Builder partitionKey(Key key) {
            this.partitionKey = key;
            return this;
        }

        public Builder sortKey(Key key) {
            this.sortKey = key;
            return this;
        }

        /** A global secondary index with a partition key only. */
        public Builder globalIndex(String name, Key partitionKey) {
            return index(new Index(name, IndexKind.GLOBAL, partitionKey, null, null, Set.of()));
        }

        /** A global secondary index with partition and sort keys. */
        public Builder globalIndex(String name, Key partitionKey, Key sortKey) {
            return index(new Index(name, IndexKind.GLOBAL, partitionKey, Objects.requireNonNull(sortKey, "sortKey"), null, Set.of()));
        }

        /** A local secondary index: the table's partition key (set it first) with another sort key. */
        public Builder localIndex(String name, Key sortKey) {
            if (partitionKey == null) {
                throw new IllegalStateException("set the partition key before adding local index " + name);
            }
            return index(new Index(name, IndexKind.LOCAL, partitionKey, Objects.requireNonNull(sortKey, "sortKey"), null, Set.of()));
        }

        /** Any index as a value. */
        public Builder index(Index index) {
            if (indexes.putIfAbsent(index.name(), index) != null) {
                throw new IllegalArgumentException("index " + index.name() + " declared twice");
            }
            lastIndex = index.name();
            return this;
        }

        /** States the projection of the index added last (ALL, KEYS_ONLY, or INCLUDE with its non-key attributes). */
        public Builder projection(ProjectionType type, String... nonKeyAttributes) {
            if (lastIndex == null) {
                throw new IllegalStateException("projection() applies to the index added last; add an index first");
            }
            indexes.put(lastIndex, indexes.get(lastIndex).withProjection(type, List.of(nonKeyAttributes)));
            return this;
        }

        Builder projection(Projection projection) {
            if (projection == null || projection.projectionType() == null) {
                return this;
            }
            List<String> nonKey = projection.hasNonKeyAttributes() ? projection.nonKeyAttributes() : List.of();
            return projection(projection.projectionType(), nonKey.toArray(String[]::new));
        }

        /** The TTL attribute; null (the default) means TTL disabled. */
        public Builder ttlAttribute(String attributeName) {
            this.ttlAttribute = attributeName;
            return this;
        }

        public TableShape build() {
            return new TableShape(partitionKey, sortKey, indexes, ttlAttribute);
        }
    }
}
