package com.edgeautopilot.failover.handler;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.Lazy;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.health.CloudWatchAlarmHealth;
import com.edgeautopilot.failover.health.AlarmHealthCheck;
import com.edgeautopilot.failover.support.Fixtures;
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
 * The SnapStart priming hook: builds every client and warms the DynamoDB request path with one read of a state that never
 * exists, so the first alarm after a restore does not load it; it writes, publishes, switches and reads no alarm.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class FailoverPrimingTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("FailoverTable").freshTablesForEachTest();

    @Test
    void primingBuildsEveryClientMakesOneReadAndWritesNothing() {
        FaultInjector calls = FaultInjector.of(0, 0.0, Clock.systemUTC(), List.of()); // injects nothing: counts every attempt
        AwsClients aws = DB.aws().clients().withOverrides(calls::install);
        FailoverConfig config = FailoverConfig.from(Settings.of(Map.of(
                "PROTECTED_DISTRIBUTIONS", Fixtures.settingFor("EDFDVBD6EXAMPLE", 300, true),
                "FAILOVER_TABLE", DB.tableName("FailoverTable"),
                "NOTIFICATION_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:failover")));
        FailoverWiring.Clients clients = FailoverWiring.Clients.of(config, aws);
        Lazy<AlarmHealthCheck> cloudWatch = Lazy.of(() -> CloudWatchAlarmHealth.from(aws, List.of(Fixtures.STANDBY_ALARM)));

        FailoverWiring.prime(clients, cloudWatch);

        assertTrue(clients.cloudFront().isBuilt() && clients.sns().isBuilt() && cloudWatch.isBuilt(), "every client built before the snapshot");
        assertEquals(Map.of("DynamoDb.GetItem", 1), calls.attempts(), "one read of a state that never exists; no alarm read, nothing sent or switched");
        assertEquals(0, DB.client().scan(b -> b.tableName(DB.tableName("FailoverTable"))).count(), "priming writes nothing");
    }
}
