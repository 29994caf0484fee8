package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DynamoDB Local in the JVM with the fixture template's tables, created per test class. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class DynamoDbLocalExtensionTest {

    static final TemplateTables FIXTURE = TemplateTables.load(fixturePath());

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = DynamoDbLocalExtension.withTablesFrom(FIXTURE, "PendingTable", "Counters");
    @RegisterExtension
    static final DynamoDbLocalExtension SECOND = DynamoDbLocalExtension.withTablesFrom(FIXTURE, "PendingTable");

    static Path fixturePath() {
        try {
            return Paths.get(DynamoDbLocalExtensionTest.class.getResource("/fixtures/template.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void put(DynamoDbClient client, String table, String pk) {
        put(client, table, pk, 3);
    }

    static void put(DynamoDbClient client, String table, String pk, int shard) {
        client.putItem(r -> r.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("v1"), "shard", AttributeValue.fromN(Integer.toString(shard)),
                "dueAt", AttributeValue.fromN("100"), "createdAt", AttributeValue.fromS("2026-01-01"))));
    }

    static int count(DynamoDbClient client, String table) {
        return client.scan(r -> r.tableName(table)).count();
    }

    @Test
    void tablesHaveTheTemplatesShapeWithoutTtl() {
        String name = DYNAMO.tableName("PendingTable");
        assertTrue(name.startsWith("PendingTable-DynamoDbLocalExtensionTest-"), name);
        TableShape.describe(DYNAMO.client(), name).assertMatches(FIXTURE.table("PendingTable").shape().asStandIn(), name);
        TableShape.describe(DYNAMO.client(), DYNAMO.tableName("Counters")).assertMatches(FIXTURE.table("Counters").shape().asStandIn());
        assertTrue(TimeToLiveGuard.tablesThatExpireItems(DYNAMO.client()).isEmpty(), "stand-in tables expire nothing by the real clock");
    }

    @Test
    void theServerIsOnLoopbackAndReusedPerJvm(DynamoDbLocal server) {
        assertTrue(Loopback.isLoopback(server.endpoint()), server.toString());
        assertEquals(server, DynamoDbLocal.shared());
        assertEquals(server.endpoint(), LocalAws.current().dynamoDbEndpoint());
        assertEquals(server.endpoint(), DYNAMO.client().serviceClientConfiguration().endpointOverride().orElseThrow());
    }

    @Test
    void indexesAreQueryable() {
        String table = DYNAMO.tableName("PendingTable");
        put(DYNAMO.client(), table, "dist-1", 7);
        put(DYNAMO.client(), table, "dist-2", 8);
        int found = DYNAMO.client().query(r -> r.tableName(table).indexName("byDueTime")
                .keyConditionExpression("#shard = :s AND dueAt <= :t")
                .expressionAttributeNames(Map.of("#shard", "shard"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromN("7"), ":t", AttributeValue.fromN("200")))).count();
        assertEquals(1, found);
    }

    @Test
    void twoRegistrationsNeverShareATable() {
        assertNotEquals(DYNAMO.tableName("PendingTable"), SECOND.tableName("PendingTable"));
        put(DYNAMO.client(), DYNAMO.tableName("PendingTable"), "only-in-first");
        assertEquals(0, count(SECOND.client(), SECOND.tableName("PendingTable")));
    }
}
