package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

import static com.edgeautopilot.testbed.TableShape.Key.n;
import static com.edgeautopilot.testbed.TableShape.Key.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison that makes a test fail when the template and the code disagree about a table. */
class TableShapeTest {

    private static final TableShape TEMPLATE = TemplateTables.parse(LambdaRuntimeHarnessTest.fixture("template.yaml"), "fixture")
            .table("PendingTable").shape();

    /** What DAO code for the fixture's PendingTable would declare. */
    private static TableShape.Builder codeShape() {
        return TableShape.builder()
                .partitionKey(s("pk"))
                .sortKey(s("sk"))
                .globalIndex("byDueTime", n("shard"), n("dueAt"))
                .globalIndex("byShard", n("shard"))
                .localIndex("byCreated", s("createdAt"))
                .ttlAttribute("expiresAt");
    }

    @Test
    void matchingShapesPass() {
        TEMPLATE.assertMatches(codeShape().build());
        assertTrue(TEMPLATE.matches(codeShape().build()));
    }

    @Test
    void statedProjectionsMustMatchUnstatedOnesMatchAny() {
        TableShape stated = TableShape.builder()
                .partitionKey(s("pk")).sortKey(s("sk"))
                .globalIndex("byDueTime", n("shard"), n("dueAt")).projection(ProjectionType.INCLUDE, "paths", "distributionId")
                .globalIndex("byShard", n("shard")).projection(ProjectionType.KEYS_ONLY)
                .localIndex("byCreated", s("createdAt")).projection(ProjectionType.ALL)
                .ttlAttribute("expiresAt")
                .build();
        TEMPLATE.assertMatches(stated);

        TableShape wrongProjection = TableShape.builder()
                .partitionKey(s("pk")).sortKey(s("sk"))
                .globalIndex("byDueTime", n("shard"), n("dueAt")).projection(ProjectionType.INCLUDE, "paths")
                .globalIndex("byShard", n("shard")).projection(ProjectionType.ALL)
                .localIndex("byCreated", s("createdAt"))
                .ttlAttribute("expiresAt")
                .build();
        AssertionError error = assertThrows(AssertionError.class, () -> TEMPLATE.assertMatches(wrongProjection));
        assertTrue(error.getMessage().contains("index byDueTime: expected vs found: projection INCLUDE [paths] vs INCLUDE [distributionId, paths]"), error.getMessage());
        assertTrue(error.getMessage().contains("index byShard: expected vs found: projection ALL vs KEYS_ONLY"), error.getMessage());
    }

    @Test
    void aRenamedPartitionKeyFails() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> TEMPLATE.assertMatches(codeShape().partitionKey(s("id")).build(), "PendingTable"));
        assertTrue(error.getMessage().startsWith("Shape of PendingTable does not match what the code expects:"), error.getMessage());
        assertTrue(error.getMessage().contains("partition key: expected id (S), found pk (S)"), error.getMessage());
    }

    @Test
    void aKeyOfAnotherTypeFails() {
        AssertionError error = assertThrows(AssertionError.class, () -> TEMPLATE.assertMatches(codeShape().sortKey(n("sk")).build()));
        assertTrue(error.getMessage().contains("sort key: expected sk (N), found sk (S)"), error.getMessage());
    }

    @Test
    void aMissingSortKeyFails() {
        AssertionError error = assertThrows(AssertionError.class, () -> TEMPLATE.assertMatches(codeShape().sortKey(null).build()));
        assertTrue(error.getMessage().contains("sort key: expected none, found sk (S)"), error.getMessage());
    }

    @Test
    void anIndexTheTemplateLacksFails() {
        TableShape expected = codeShape().globalIndex("byDistribution", s("distributionId")).build();
        AssertionError error = assertThrows(AssertionError.class, () -> TEMPLATE.assertMatches(expected));
        assertTrue(error.getMessage().contains("index byDistribution: expected GSI byDistribution [distributionId (S)], missing"), error.getMessage());
    }

    @Test
    void anIndexTheCodeDoesNotKnowFails() {
        TableShape expected = TableShape.builder()
                .partitionKey(s("pk")).sortKey(s("sk"))
                .globalIndex("byDueTime", n("shard"), n("dueAt"))
                .localIndex("byCreated", s("createdAt"))
                .ttlAttribute("expiresAt")
                .build();
        AssertionError error = assertThrows(AssertionError.class, () -> TEMPLATE.assertMatches(expected));
        assertTrue(error.getMessage().contains("index byShard: not expected, found GSI byShard [shard (N)] projection KEYS_ONLY"), error.getMessage());
    }

    @Test
    void anIndexWithOtherKeysFails() {
        TableShape expected = TableShape.builder()
                .partitionKey(s("pk")).sortKey(s("sk"))
                .globalIndex("byDueTime", n("shard"), s("dueAt"))
                .globalIndex("byShard", n("shard"))
                .localIndex("byCreated", s("createdAt"))
                .ttlAttribute("expiresAt")
                .build();
        AssertionError error = assertThrows(AssertionError.class, () -> TEMPLATE.assertMatches(expected));
        assertTrue(error.getMessage().contains("index byDueTime: expected vs found: sort key dueAt (S) vs dueAt (N)"), error.getMessage());
    }

    @Test
    void aDifferentTtlAttributeFails() {
        AssertionError error = assertThrows(AssertionError.class, () -> TEMPLATE.assertMatches(codeShape().ttlAttribute("ttl").build()));
        assertTrue(error.getMessage().contains("TTL attribute: expected 'ttl', found 'expiresAt'"), error.getMessage());
    }

    @Test
    void ttlExpectedButDisabledFails() {
        TableShape leases = TemplateTables.parse(LambdaRuntimeHarnessTest.fixture("template.yaml"), "fixture").table("LeaseTable").shape();
        TableShape expected = TableShape.builder().partitionKey(s("leaseId")).ttlAttribute("ttl").build();
        AssertionError error = assertThrows(AssertionError.class, () -> leases.assertMatches(expected));
        assertTrue(error.getMessage().contains("TTL attribute: expected 'ttl', found none (TTL disabled)"), error.getMessage());
    }

    @Test
    void everyDifferenceIsListed() {
        TableShape expected = TableShape.builder().partitionKey(s("id")).ttlAttribute("ttl").build();
        assertEquals(6, TEMPLATE.differencesFrom(expected).size(), TEMPLATE.differencesFrom(expected).toString());
    }

    @Test
    void theBuilderRefusesNonsense() {
        assertThrows(IllegalStateException.class, () -> TableShape.builder().localIndex("x", s("a")));
        assertThrows(IllegalStateException.class, () -> TableShape.builder().projection(ProjectionType.ALL));
        assertThrows(IllegalArgumentException.class, () -> TableShape.builder().partitionKey(s("a"))
                .globalIndex("i", s("b")).globalIndex("i", s("c")));
        assertThrows(NullPointerException.class, () -> TableShape.builder().build());
    }
}
