package com.edgeautopilot.testbed.bench;

import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The warm loop's counter measures DynamoDB capacity units as DynamoDB (Local) reports them, rejected writes included. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class BenchRequestCounterTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = DynamoDbLocalExtension.withTemplateTables("CoalescerTable");

    @Test
    void countsCallsAndTheCapacityUnitsTheyConsume() {
        String table = DYNAMO.tableName("CoalescerTable");
        DynamoDbClient client = DynamoDbClient.builder().region(DYNAMO.client().serviceClientConfiguration().region())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new BenchRequestCounter())).build();
        BenchRequestCounter.reset();
        Map<String, AttributeValue> small = item("a", 100);
        Map<String, AttributeValue> large = item("b", 5000); // 5 KB: 5 write units, 2 read units strongly consistent
        client.putItem(b -> b.tableName(table).item(small));
        client.putItem(b -> b.tableName(table).item(large));
        client.getItem(b -> b.tableName(table).key(key("b")).consistentRead(true));
        client.getItem(b -> b.tableName(table).key(key("a"))); // eventually consistent: half a unit
        assertThrows(ConditionalCheckFailedException.class, () -> client.putItem(b -> b.tableName(table).item(small)
                .conditionExpression("attribute_not_exists(pk)")));

        assertEquals(Map.of("DynamoDb.PutItem", 3L, "DynamoDb.GetItem", 2L), BenchRequestCounter.counted());
        assertEquals(Map.of(BenchRequestCounter.WRITE_UNITS, 1.0 + 5.0 + 1.0, BenchRequestCounter.READ_UNITS, 2.0 + 0.5),
                BenchRequestCounter.units(), "1 + 5 written, 1 for the rejected write; 2 + 0.5 read");
        BenchRequestCounter.reset();
        assertEquals(Map.of(), BenchRequestCounter.units());
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", AttributeValue.fromS("BENCH#" + id), "sk", AttributeValue.fromS("ITEM"));
    }

    private static Map<String, AttributeValue> item(String id, int payloadBytes) {
        Map<String, AttributeValue> item = new HashMap<>(key(id));
        item.put("payload", AttributeValue.fromS("x".repeat(payloadBytes)));
        return item;
    }
}
