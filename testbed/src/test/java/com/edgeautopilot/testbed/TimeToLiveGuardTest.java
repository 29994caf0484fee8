package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard that keeps tests independent of the real date fails a class that turns TTL on in DynamoDB Local. */
@Tag("slow")
class TimeToLiveGuardTest {

    private static final TemplateTables FIXTURE = TemplateTables.load(DynamoDbLocalExtensionTest.fixturePath());

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = DynamoDbLocalExtension.withTablesFrom(FIXTURE, "PendingTable");

    @Test
    void standInTablesExpireNothing() {
        assertTrue(TimeToLiveGuard.tablesThatExpireItems(DYNAMO.client()).isEmpty());
    }

    @Test
    void aTableWithTtlEnabledIsReportedAndFailsTheCheck() {
        DynamoDbClient client = DYNAMO.client();
        String name = "PendingTable-TimeToLiveGuardTest-enabled";
        TemplateTable table = FIXTURE.table("PendingTable");
        table.createIn(client, name);
        try {
            client.updateTimeToLive(table.timeToLiveRequest(name).orElseThrow());
            assertEquals(1, TimeToLiveGuard.tablesThatExpireItems(client).stream().filter(t -> t.startsWith(name + " ")).count());
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> TimeToLiveGuard.check(client));
            assertTrue(failure.getMessage().contains(name) && failure.getMessage().contains("real clock"), failure.getMessage());
        } finally {
            client.deleteTable(r -> r.tableName(name));
        }
        TimeToLiveGuard.check(client);
    }
}
