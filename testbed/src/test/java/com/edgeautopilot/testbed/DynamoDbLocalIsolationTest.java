package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.edgeautopilot.testbed.DynamoDbLocalExtensionTest.FIXTURE;
import static com.edgeautopilot.testbed.DynamoDbLocalExtensionTest.count;
import static com.edgeautopilot.testbed.DynamoDbLocalExtensionTest.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fresh tables per test (static registration) and per-test tables (instance registration). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class DynamoDbLocalIsolationTest {

    @RegisterExtension
    static final DynamoDbLocalExtension FRESH = DynamoDbLocalExtension.withTablesFrom(FIXTURE, "PendingTable").freshTablesForEachTest();

    @RegisterExtension
    final DynamoDbLocalExtension perTest = DynamoDbLocalExtension.withTablesFrom(FIXTURE, "LeaseTable");

    private static String firstPerTestName;

    @Test
    @Order(1)
    void writes() {
        put(FRESH.client(), FRESH.tableName("PendingTable"), "a");
        assertEquals(1, count(FRESH.client(), FRESH.tableName("PendingTable")));
        assertTrue(FRESH.tableName("PendingTable").startsWith("PendingTable-DynamoDbLocalIsolationTest-"));
        firstPerTestName = perTest.tableName("LeaseTable");
    }

    @Test
    @Order(2)
    void theNextTestStartsEmptyWithTheSameShape() {
        assertEquals(0, count(FRESH.client(), FRESH.tableName("PendingTable")));
        TableShape.describe(FRESH.client(), FRESH.tableName("PendingTable")).assertMatches(FIXTURE.table("PendingTable").shape().asStandIn());
    }

    @Test
    @Order(3)
    void anInstanceFieldRegistrationGivesEachTestItsOwnTables() {
        String name = perTest.tableName("LeaseTable");
        assertNotEquals(firstPerTestName, name);
        assertTrue(perTest.client().listTables().tableNames().contains(name));
        assertTrue(!perTest.client().listTables().tableNames().contains(firstPerTestName), "the earlier test's table is deleted");
    }
}
