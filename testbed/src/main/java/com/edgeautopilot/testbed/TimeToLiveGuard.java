package com.edgeautopilot.testbed;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule that keeps tests independent of the day they run: no stand-in table expires items.
 *
 * <p>DynamoDB Local deletes an item whose TTL attribute is in the past by the machine's REAL clock, while every test,
 * the demo and replays run the functions on simulated clocks (fixed dates, {@link ControllableClock}). With TTL on, an
 * item written under a clock of 2026-11-21 with a 14-day TTL vanishes mid-test from 2026-12-05 on. So stand-in tables
 * are created without TTL ({@link TemplateTable#createIn}), and this guard, run by {@link DynamoDbLocalExtension}
 * after each test class over every table of the server, fails the class that turned TTL on. A test that needs an
 * expired item simulates it: it writes the item with a past TTL by its own clock, which the code must ignore.
 */
public final class TimeToLiveGuard {

    private TimeToLiveGuard() {
    }

    /** The tables of this DynamoDB Local whose TTL is enabled (or being enabled). */
    public static List<String> tablesThatExpireItems(DynamoDbClient client) {
        List<String> expiring = new ArrayList<>();
        for (String table : client.listTablesPaginator().tableNames()) {
            try {
                TimeToLiveDescription ttl = client.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
                if (ttl != null && (ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
                        || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING)) {
                    expiring.add(table + " (TTL on " + ttl.attributeName() + ")");
                }
            } catch (ResourceNotFoundException deletedMeanwhile) {
                // another test class dropped it between the listing and the describe
            }
        }
        return expiring;
    }

    /** Fails when a table of this DynamoDB Local expires items by the real clock. */
    public static void check(DynamoDbClient client) {
        List<String> expiring = tablesThatExpireItems(client);
        if (!expiring.isEmpty()) {
            throw new IllegalStateException("DynamoDB Local tables with TTL enabled: " + expiring + ". DynamoDB Local deletes"
                    + " expired items by the real clock while tests run on simulated clocks, so the test's outcome would"
                    + " depend on the day it runs. Do not enable TTL in a stand-in (TemplateTable.createIn does not);"
                    + " simulate expiry with the test's own clock instead.");
        }
    }
}
