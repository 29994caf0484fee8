package com.edgeautopilot.testbed;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One DynamoDB table resource of the template: creates the same table (keys, attribute definitions, GSIs and
 * LSIs with their projections, streams, TTL) under any name, always on-demand, and describes its {@link TableShape}.
 */
public final class TemplateTable {

    private record IndexDef(String name, List<KeySchemaElement> keys, Projection projection) {
    }

    private final String logicalId;
    private final String resourceType;
    private final List<AttributeDefinition> attributeDefinitions;
    private final List<KeySchemaElement> keySchema;
    private final List<IndexDef> globalIndexes;
    private final List<IndexDef> localIndexes;
    private final StreamViewType streamViewType;
    private final String ttlAttribute;
    private final TableShape shape;

    private TemplateTable(String logicalId, String resourceType, List<AttributeDefinition> attributeDefinitions,
                          List<KeySchemaElement> keySchema, List<IndexDef> globalIndexes, List<IndexDef> localIndexes,
                          StreamViewType streamViewType, String ttlAttribute) {
        this.logicalId = logicalId;
        this.resourceType = resourceType;
        this.attributeDefinitions = List.copyOf(attributeDefinitions);
        this.keySchema = List.copyOf(keySchema);
        this.globalIndexes = List.copyOf(globalIndexes);
        this.localIndexes = List.copyOf(localIndexes);
        this.streamViewType = streamViewType;
        this.ttlAttribute = ttlAttribute;
        this.shape = buildShape();
    }

    /** The resource's logical ID in the template. */
    public String logicalId() {
        return logicalId;
    }

    /** {@code AWS::DynamoDB::Table}, {@code AWS::DynamoDB::GlobalTable} or {@code AWS::Serverless::SimpleTable}. */
    public String resourceType() {
        return resourceType;
    }

    /** Keys, indexes (with projections) and TTL attribute as the template declares them. */
    public TableShape shape() {
        return shape;
    }

    /** The TTL attribute when the template enables TTL. */
    public Optional<String> ttlAttribute() {
        return Optional.ofNullable(ttlAttribute);
    }

    /** CreateTable for this resource under {@code tableName}, on-demand (PAY_PER_REQUEST) whatever the template's billing. */
    public CreateTableRequest createTableRequest(String tableName) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .attributeDefinitions(attributeDefinitions)
                .keySchema(keySchema)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (!globalIndexes.isEmpty()) {
            request.globalSecondaryIndexes(globalIndexes.stream()
                    .map(i -> GlobalSecondaryIndex.builder().indexName(i.name()).keySchema(i.keys()).projection(i.projection()).build())
                    .toList());
        }
        if (!localIndexes.isEmpty()) {
            request.localSecondaryIndexes(localIndexes.stream()
                    .map(i -> LocalSecondaryIndex.builder().indexName(i.name()).keySchema(i.keys()).projection(i.projection()).build())
                    .toList());
        }
        if (streamViewType != null) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(streamViewType).build());
        }
        return request.build();
    }

    /** UpdateTimeToLive enabling the template's TTL attribute on {@code tableName}, when the template enables TTL. */
    public Optional<UpdateTimeToLiveRequest> timeToLiveRequest(String tableName) {
        if (ttlAttribute == null) {
            return Optional.empty();
        }
        return Optional.of(UpdateTimeToLiveRequest.builder()
                .tableName(tableName)
                .timeToLiveSpecification(spec -> spec.attributeName(ttlAttribute).enabled(true))
                .build());
    }

    /**
     * Creates the table as {@code tableName} in a stand-in and waits until it is ACTIVE (bounded: 30 s). TTL is NOT
     * enabled, on purpose: DynamoDB Local deletes items whose TTL is past by the machine's real clock, while tests,
     * the demo and replays write items under simulated clocks, so an enabled TTL would make a test's outcome depend
     * on the day it runs. Expiry is the code's business anyway (it must ignore an expired item DynamoDB has not
     * deleted yet, by its own clock); {@link TimeToLiveGuard} fails a test class that enables TTL in a stand-in.
     * The template's TTL attribute is still checked against the code ({@link #shape()}), and
     * {@link #timeToLiveRequest} is the request that would enable it.
     */
    public void createIn(DynamoDbClient client, String tableName) {
        client.createTable(createTableRequest(tableName));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.describeTable(r -> r.tableName(tableName)).table().tableStatus() != TableStatus.ACTIVE) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + tableName + " (" + logicalId + ") not ACTIVE after 30 s");
            }
            sleep(50);
        }
    }

    @Override
    public String toString() {
        return logicalId + " " + shape;
    }

    // ---------------------------------------------------------------------------------------------- parsing

    static TemplateTable parse(String logicalId, String type, Map<?, ?> resource, TemplateValues values) {
        Map<?, ?> properties = values.map(resource.get("Properties"), logicalId + ".Properties");
        if (properties == null) {
            properties = Map.of();
        }
        if (TemplateTables.SAM_SIMPLE_TABLE.equals(type)) {
            return parseSimpleTable(logicalId, properties, values);
        }
        String at = logicalId + ".Properties.";
        Map<String, ScalarAttributeType> definitions = new LinkedHashMap<>();
        List<?> definitionList = values.list(properties.get("AttributeDefinitions"), at + "AttributeDefinitions");
        for (int i = 0; i < definitionList.size(); i++) {
            String where = at + "AttributeDefinitions[" + i + "]";
            Map<?, ?> definition = values.map(definitionList.get(i), where);
            String name = values.requiredText(definition.get("AttributeName"), where + ".AttributeName");
            String attributeType = values.requiredText(definition.get("AttributeType"), where + ".AttributeType");
            ScalarAttributeType scalar = ScalarAttributeType.fromValue(attributeType);
            if (scalar == ScalarAttributeType.UNKNOWN_TO_SDK_VERSION) {
                throw new IllegalArgumentException(values.source() + ": " + where + ".AttributeType must be S, N or B, got " + attributeType);
            }
            if (definitions.put(name, scalar) != null) {
                throw new IllegalArgumentException(values.source() + ": " + where + " defines " + name + " twice");
            }
        }
        Set<String> used = new LinkedHashSet<>();
        List<KeySchemaElement> keySchema = keySchema(properties.get("KeySchema"), at + "KeySchema", definitions, used, values);

        List<IndexDef> gsis = indexes(properties.get("GlobalSecondaryIndexes"), at + "GlobalSecondaryIndexes", definitions, used, values);
        List<IndexDef> lsis = indexes(properties.get("LocalSecondaryIndexes"), at + "LocalSecondaryIndexes", definitions, used, values);
        String tableHash = keySchema.get(0).attributeName();
        for (IndexDef lsi : lsis) {
            if (!lsi.keys().get(0).attributeName().equals(tableHash) || lsi.keys().size() != 2) {
                throw new IllegalArgumentException(values.source() + ": local index " + lsi.name() + " of " + logicalId
                        + " must use the table's partition key " + tableHash + " and a sort key");
            }
        }
        Set<String> unused = new LinkedHashSet<>(definitions.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(values.source() + ": " + at + "AttributeDefinitions defines " + unused
                    + ", which no key schema uses; DynamoDB rejects definitions of non-key attributes");
        }

        StreamViewType stream = null;
        Map<?, ?> streamSpec = values.map(properties.get("StreamSpecification"), at + "StreamSpecification");
        if (streamSpec != null && streamSpec.get("StreamViewType") != null) {
            stream = StreamViewType.fromValue(values.requiredText(streamSpec.get("StreamViewType"), at + "StreamSpecification.StreamViewType"));
        }

        String ttl = null;
        Map<?, ?> ttlSpec = values.map(properties.get("TimeToLiveSpecification"), at + "TimeToLiveSpecification");
        if (ttlSpec != null && values.bool(ttlSpec.get("Enabled"), at + "TimeToLiveSpecification.Enabled", false)) {
            ttl = values.requiredText(ttlSpec.get("AttributeName"), at + "TimeToLiveSpecification.AttributeName");
        }

        List<AttributeDefinition> attributeDefinitions = new ArrayList<>();
        definitions.forEach((name, scalar) -> attributeDefinitions.add(
                AttributeDefinition.builder().attributeName(name).attributeType(scalar).build()));
        return new TemplateTable(logicalId, type, attributeDefinitions, keySchema, gsis, lsis, stream, ttl);
    }

    private static TemplateTable parseSimpleTable(String logicalId, Map<?, ?> properties, TemplateValues values) {
        String where = logicalId + ".Properties.PrimaryKey";
        Map<?, ?> primaryKey = values.map(properties.get("PrimaryKey"), where);
        String name = "id";
        String type = "String";
        if (primaryKey != null) {
            name = values.requiredText(primaryKey.get("Name"), where + ".Name");
            type = values.requiredText(primaryKey.get("Type"), where + ".Type");
        }
        ScalarAttributeType scalar = switch (type) {
            case "String" -> ScalarAttributeType.S;
            case "Number" -> ScalarAttributeType.N;
            case "Binary" -> ScalarAttributeType.B;
            default -> throw new IllegalArgumentException(values.source() + ": " + where + ".Type must be String, Number or Binary, got " + type);
        };
        return new TemplateTable(logicalId, TemplateTables.SAM_SIMPLE_TABLE,
                List.of(AttributeDefinition.builder().attributeName(name).attributeType(scalar).build()),
                List.of(KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build()),
                List.of(), List.of(), null, null);
    }

    private static List<KeySchemaElement> keySchema(Object value, String where, Map<String, ScalarAttributeType> definitions,
                                                    Set<String> used, TemplateValues values) {
        List<?> elements = values.list(value, where);
        if (elements.isEmpty() || elements.size() > 2) {
            throw new IllegalArgumentException(values.source() + ": " + where + " needs a HASH key and at most one RANGE key");
        }
        KeySchemaElement hash = null;
        KeySchemaElement range = null;
        for (int i = 0; i < elements.size(); i++) {
            String at = where + "[" + i + "]";
            Map<?, ?> element = values.map(elements.get(i), at);
            String name = values.requiredText(element.get("AttributeName"), at + ".AttributeName");
            String keyType = values.requiredText(element.get("KeyType"), at + ".KeyType");
            if (!definitions.containsKey(name)) {
                throw new IllegalArgumentException(values.source() + ": " + at + " uses " + name
                        + ", which AttributeDefinitions does not define");
            }
            used.add(name);
            KeySchemaElement key = KeySchemaElement.builder().attributeName(name).keyType(keyType).build();
            if (key.keyType() == KeyType.HASH && hash == null) {
                hash = key;
            } else if (key.keyType() == KeyType.RANGE && range == null) {
                range = key;
            } else {
                throw new IllegalArgumentException(values.source() + ": " + at + ".KeyType must be HASH or RANGE, once each; got " + keyType);
            }
        }
        if (hash == null) {
            throw new IllegalArgumentException(values.source() + ": " + where + " has no HASH key");
        }
        return range == null ? List.of(hash) : List.of(hash, range);
    }

    private static List<IndexDef> indexes(Object value, String where, Map<String, ScalarAttributeType> definitions,
                                          Set<String> used, TemplateValues values) {
        List<IndexDef> out = new ArrayList<>();
        List<?> list = values.list(value, where);
        for (int i = 0; i < list.size(); i++) {
            String at = where + "[" + i + "]";
            Map<?, ?> index = values.map(list.get(i), at);
            String name = values.requiredText(index.get("IndexName"), at + ".IndexName");
            List<KeySchemaElement> keys = keySchema(index.get("KeySchema"), at + ".KeySchema", definitions, used, values);
            Map<?, ?> projection = values.map(index.get("Projection"), at + ".Projection");
            if (projection == null) {
                throw new IllegalArgumentException(values.source() + ": " + at + ".Projection is required");
            }
            ProjectionType type = ProjectionType.fromValue(
                    values.requiredText(projection.get("ProjectionType"), at + ".Projection.ProjectionType"));
            if (type == ProjectionType.UNKNOWN_TO_SDK_VERSION) {
                throw new IllegalArgumentException(values.source() + ": " + at + ".Projection.ProjectionType must be ALL, KEYS_ONLY or INCLUDE");
            }
            List<String> nonKey = new ArrayList<>();
            List<?> nonKeyList = values.list(projection.get("NonKeyAttributes"), at + ".Projection.NonKeyAttributes");
            for (int j = 0; j < nonKeyList.size(); j++) {
                nonKey.add(values.requiredText(nonKeyList.get(j), at + ".Projection.NonKeyAttributes[" + j + "]"));
            }
            if (type == ProjectionType.INCLUDE && nonKey.isEmpty()) {
                throw new IllegalArgumentException(values.source() + ": " + at + ".Projection INCLUDE needs NonKeyAttributes");
            }
            if (type != ProjectionType.INCLUDE && !nonKey.isEmpty()) {
                throw new IllegalArgumentException(values.source() + ": " + at + ".Projection " + type + " cannot have NonKeyAttributes");
            }
            Projection.Builder built = Projection.builder().projectionType(type);
            if (!nonKey.isEmpty()) {
                built.nonKeyAttributes(nonKey);
            }
            out.add(new IndexDef(name, keys, built.build()));
        }
        return out;
    }

    private TableShape buildShape() {
        Map<String, ScalarAttributeType> types = new LinkedHashMap<>();
        attributeDefinitions.forEach(d -> types.put(d.attributeName(), d.attributeType()));
        TableShape.Builder builder = TableShape.builder();
        builder.partitionKey(new TableShape.Key(keySchema.get(0).attributeName(), types.get(keySchema.get(0).attributeName())));
        if (keySchema.size() == 2) {
            builder.sortKey(new TableShape.Key(keySchema.get(1).attributeName(), types.get(keySchema.get(1).attributeName())));
        }
        addIndexes(builder, globalIndexes, TableShape.IndexKind.GLOBAL, types);
        addIndexes(builder, localIndexes, TableShape.IndexKind.LOCAL, types);
        builder.ttlAttribute(ttlAttribute);
        return builder.build();
    }

    private static void addIndexes(TableShape.Builder builder, List<IndexDef> indexes, TableShape.IndexKind kind,
                                   Map<String, ScalarAttributeType> types) {
        for (IndexDef index : indexes) {
            TableShape.Key pk = new TableShape.Key(index.keys().get(0).attributeName(), types.get(index.keys().get(0).attributeName()));
            TableShape.Key sk = index.keys().size() == 2
                    ? new TableShape.Key(index.keys().get(1).attributeName(), types.get(index.keys().get(1).attributeName()))
                    : null;
            builder.index(new TableShape.Index(index.name(), kind, pk, sk, null, Set.of()));
            builder.projection(index.projection());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a table", e);
        }
    }
}
