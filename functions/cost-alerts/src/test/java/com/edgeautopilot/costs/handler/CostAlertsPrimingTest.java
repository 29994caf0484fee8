package com.edgeautopilot.costs.handler;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.costs.config.CostAlertsConfig;
import com.edgeautopilot.costs.support.TestFunction;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.faults.FaultInjector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SnapStart priming hook: builds every client and warms the DynamoDB request path with one read of a group that never
 * exists, so the first signal after a restore does not load it; it writes nothing, sends nothing, calls no Cost Explorer.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class CostAlertsPrimingTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CostAlertsTable", "CoalescerTable")
            .freshTablesForEachTest();

    @Test
    void primingBuildsEveryClientMakesOneReadAndWritesNothing() {
        FaultInjector calls = FaultInjector.of(0, 0.0, Clock.systemUTC(), List.of()); // injects nothing: counts every attempt
        AwsClients aws = DB.aws().clients().withOverrides(calls::install);
        CostAlertsConfig config = TestFunction.config(TestFunction.environment(DB, "arn:aws:sns:us-east-1:123456789012:cost-digests"));
        CostAlertsWiring.LazyClients clients = CostAlertsWiring.LazyClients.of(config, aws);

        clients.prime(config);

        assertTrue(clients.sns().isBuilt() && clients.cloudFront().isBuilt(), "every client built before the snapshot");
        assertEquals(Map.of("DynamoDb.GetItem", 1), calls.attempts(), "one read of a group that never exists; nothing written or sent");
        for (String table : List.of("CostAlertsTable", "CoalescerTable")) {
            assertEquals(0, DB.client().scan(b -> b.tableName(DB.tableName(table))).count(), "priming writes nothing to " + table);
        }
    }
}
