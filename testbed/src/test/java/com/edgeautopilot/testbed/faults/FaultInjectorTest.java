package com.edgeautopilot.testbed.faults;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.common.dynamo.OnceClaim;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fault injector on DynamoDB Local: what each kind of fault does to a real call through a production-built client. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class FaultInjectorTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private final ControllableClock clock = new ControllableClock(Instant.parse("2026-12-01T08:00:00Z"));

    private DynamoDbClient client(FaultInjector faults) {
        AwsClients clients = DB.aws().clients().withOverrides(faults::installWithoutRetryDelays);
        return clients.dynamoDb();
    }

    private String table() {
        return DB.tableName("CoalescerTable");
    }

    private Map<String, AttributeValue> item(String pk) {
        return DynamoItems.key(pk, "x");
    }

    private boolean stored(String pk) {
        return DB.client().getItem(b -> b.tableName(table()).key(item(pk)).consistentRead(true)).hasItem();
    }

    @Test
    void aThrottledWriteIsRetriedByTheSdkAndNeverReachesTheTable() {
        FaultInjector faults = FaultInjector.of(1, 1.0, clock, List.of(Fault.provisionedThroughputExceeded()));
        DynamoDbClient dynamo = client(faults);

        assertThrows(ProvisionedThroughputExceededException.class, () -> dynamo.putItem(b -> b.tableName(table()).item(item("throttled"))));

        assertFalse(stored("throttled"));
        assertEquals(3, faults.attempts().get("DynamoDb.PutItem"), "the standard retry strategy's 3 attempts: " + faults.summary());
        assertEquals(3, faults.injectedTotal());
        assertEquals(3, faults.maxAttemptsInOneSecond("DynamoDb.PutItem"));
    }

    @Test
    void aTimeoutAfterTheWriteLeavesTheWriteDoneAndTheCallerToldItFailed() {
        FaultInjector faults = FaultInjector.of(1, 1.0, clock, List.of(Fault.dynamoTimeoutAfterTheWrite()));
        DynamoDbClient dynamo = client(faults);

        SdkClientException e = assertThrows(SdkClientException.class, () -> dynamo.putItem(b -> b.tableName(table()).item(item("written"))));

        assertTrue(e.getMessage().contains("Read timed out"), e.getMessage());
        assertTrue(stored("written"));
        assertEquals(3, faults.attempts().get("DynamoDb.PutItem"));
    }

    @Test
    void aRacingTwinMakesAConditionalWriteMeetTheStateTheTwinLeft() {
        FaultInjector faults = FaultInjector.of(1, 1.0, clock, List.of(Fault.conditionalCheckRace()));
        DynamoDbClient dynamo = client(faults);

        dynamo.putItem(b -> b.tableName(table()).item(item("plain"))); // no condition: no twin
        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(b -> b.tableName(table()).item(item("raced"))
                .conditionExpression("attribute_not_exists(pk)")));

        assertTrue(stored("raced"), "the twin's write");
        assertEquals(Map.of("DynamoDB conditional-check race", 1), faults.injected());
    }

    @Test
    void theSameSeedInjectsTheSameFaults() {
        List<Map<String, Integer>> runs = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            FaultInjector faults = FaultInjector.of(42, 0.3, clock, List.of(Fault.provisionedThroughputExceeded(), Fault.dynamoTimeoutAfterTheWrite()));
            DynamoDbClient dynamo = client(faults);
            for (int i = 0; i < 40; i++) {
                String pk = "seeded-" + run + "-" + i;
                try {
                    dynamo.putItem(b -> b.tableName(table()).item(item(pk)));
                } catch (RuntimeException exhausted) {
                    // three faults in a row
                }
            }
            runs.add(faults.injected());
        }
        assertEquals(runs.get(0), runs.get(1));
        assertTrue(runs.get(0).values().stream().mapToInt(Integer::intValue).sum() > 5, runs.toString());
    }

    /** Regression: a claim whose answer was lost came back "already claimed" on the SDK's retry, so the effect never happened. */
    @Test
    void aClaimWhoseAnswerWasLostIsStillOurs() {
        FaultInjector once = FaultInjector.of(7, 1.0, clock, List.of(Fault.dynamoTimeoutAfterTheWrite())).atMost(1);
        OnceClaim flaky = new OnceClaim(client(once), table());
        OnceClaim other = new OnceClaim(DB.client(), table());

        assertTrue(flaky.claim(item("digest#1"), "run-1", clock.millis(), Duration.ofDays(1)), "our own claim, written by the first attempt");
        assertEquals(1, once.injectedTotal());
        assertEquals(2, once.attempts().get("DynamoDb.PutItem"));
        assertFalse(other.claim(item("digest#1"), "run-1", clock.millis(), Duration.ofDays(1)), "a second claim, even by the same claimant, loses");
        assertFalse(other.claim(item("digest#1"), "run-2", clock.millis(), Duration.ofDays(1)));
    }
}
