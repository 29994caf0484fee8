package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A function run by the harness reaches the same DynamoDB Local (and tables) as the test, through the production factory. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class HarnessWithStandInsTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = DynamoDbLocalExtension.withTablesFrom(DynamoDbLocalExtensionTest.FIXTURE, "LeaseTable");

    @Test
    void theFunctionSeesTheTestsTables(DynamoDbLocal dynamo) {
        Invocation result = LambdaRuntimeHarness.create().invoke("com.edgeautopilot.testbed.handlers.EnvironmentHandler",
                "{\"listTables\": true}", Map.of("PENDING_TABLE", DYNAMO.tableName("LeaseTable")));

        Map<String, Object> seen = result.responseObject();
        assertEquals(dynamo.endpoint().toString(), seen.get("AWS_ENDPOINT_URL_DYNAMODB"));
        assertTrue(((List<?>) seen.get("tables")).contains(DYNAMO.tableName("LeaseTable")), seen + result.logs());
    }
}
