package com.edgeautopilot.coalescer;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cost-alerts reconciliation writes the account's month-to-date invalidation paths ({@code accountPaths}) on the
 * coalescer's usage item; the coalescer then prices paths against what the account really has left.
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class AccountUsageReconciliationTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    @Test
    void otherToolsPathsReconciledFromCostExplorerLowerTheFreePathsLeft() {
        CoalescerRig rig = new CoalescerRig(DB);
        YearMonth month = YearMonth.from(rig.clock.instant().atZone(ZoneOffset.UTC));
        // what the cost-alerts function writes (functions/cost-alerts ... DynamoCoalescerUsage): 995 paths account-wide
        DB.client().updateItem(UpdateItemRequest.builder().tableName(DB.tableName("CoalescerTable"))
                .key(DynamoItems.key("USAGE", month.toString()))
                .updateExpression("SET accountPaths = :paths, accountPathsAt = :at")
                .expressionAttributeValues(Map.of(":paths", DynamoItems.n(995), ":at", DynamoItems.n(rig.clock.millis()))).build());
        assertEquals(995, rig.store.usage(month), "the account figure counts when it is above the stack's own");

        List<String> changes = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            changes.add(S3Events.eventBridge(CoalescerRig.BUCKET, "docs/page-" + i + ".html", "0A" + i, false));
        }
        rig.ingest(changes, 0);
        rig.clock.advance(Duration.ofMinutes(10));
        rig.drain();

        long submitted = rig.cloudFront.created().stream().mapToLong(i -> i.paths().size()).sum();
        assertEquals(8, submitted, "one exact path per changed page");
        List<Map<String, Object>> free = rig.metricLines("EdgeAutopilot", "FreePathsLeft");
        assertEquals(0.0, ((Number) free.get(free.size() - 1).get("FreePathsLeft")).doubleValue(),
                "5 free paths were left account-wide; 8 paths used them up: " + free);
        long billable = rig.metricLines("EdgeAutopilot", "BillablePaths").stream()
                .mapToLong(l -> ((Number) l.get("BillablePaths")).longValue()).sum();
        assertEquals(3, billable, "the 3 paths beyond the account's 5 free ones are billed (without the reconciled figure: 0)");
    }

    @Test
    void theStacksOwnCountWinsWhenTheReconciledFigureIsOlderAndLower() {
        CoalescerRig rig = new CoalescerRig(DB);
        YearMonth month = YearMonth.from(rig.clock.instant().atZone(ZoneOffset.UTC));
        rig.ingest(List.of(S3Events.eventBridge(CoalescerRig.BUCKET, "a.html", "0A", false)), 0);
        rig.clock.advance(Duration.ofMinutes(10));
        rig.drain();
        long own = rig.store.usage(month);
        DB.client().updateItem(UpdateItemRequest.builder().tableName(DB.tableName("CoalescerTable"))
                .key(DynamoItems.key("USAGE", month.toString()))
                .updateExpression("SET accountPaths = :paths").expressionAttributeValues(Map.of(":paths", DynamoItems.n(0))).build());
        assertEquals(own, rig.store.usage(month));
    }
}
