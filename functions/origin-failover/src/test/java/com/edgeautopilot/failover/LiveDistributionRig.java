package com.edgeautopilot.failover;

import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.failover.cdn.ConfigEdit;
import com.edgeautopilot.failover.cdn.DistributionGateway;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.control.Failover;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.notify.Notice;
import com.edgeautopilot.failover.store.AuditEntry;
import com.edgeautopilot.failover.store.DynamoFailoverStore;
import com.edgeautopilot.failover.store.FailoverStore;
import com.edgeautopilot.failover.support.FakeAlarmHealth;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.failover.support.StoreThatFails;
import com.edgeautopilot.failover.support.StrictCloudFront;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static com.edgeautopilot.failover.support.AlarmDeliveries.TICK;
import static com.edgeautopilot.failover.support.AlarmDeliveries.deliver;

/**
 * The rig of the live-distribution tests (LiveDistributionTest, FailoverAttackTest): the function wired to DynamoDB Local
 * for its state and {@link StrictCloudFront} for CloudFront, notices in a list, and the faults those tests inject (a
 * throttled notice, a process dying right before its UpdateDistribution, the store's planned faults). Clocks in 2099:
 * the lease items carry a TTL, and DynamoDB Local deletes items whose TTL is past by the real clock.
 */
abstract class LiveDistributionRig {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("FailoverTable").freshTablesForEachTest();

    static final Instant ALARM_AT = Instant.parse("2099-11-21T10:05:12.345Z");
    static final Instant OK_AT = ALARM_AT.plus(Duration.ofMinutes(10));
    static final String E1 = "E1";

    final ControllableClock clock = new ControllableClock(ALARM_AT.plusSeconds(2));
    final StrictCloudFront cloudFront = new StrictCloudFront();
    final FakeAlarmHealth health = new FakeAlarmHealth();
    final List<Notice> notices = Collections.synchronizedList(new ArrayList<>()); // racing threads add to it
    int failNextNotices;
    int crashBeforeNextUpdates;
    volatile boolean realWaits;
    FailoverStore store;

    FailoverHandler handler(String setting, StoreThatFails.Plan storeFaults) {
        FailoverConfig config = FailoverConfig.from(Settings.of(Map.of("PROTECTED_DISTRIBUTIONS", setting, "FAILOVER_TABLE", DB.tableName("FailoverTable"))));
        store = new StoreThatFails(new DynamoFailoverStore(DB.client(), config.tableName(), config.lease(), config.auditRetention()), storeFaults);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        DistributionGateway gateway = new DistributionGateway() { // the process dies right before its UpdateDistribution
            @Override
            public Versioned readConfig(String distributionId) {
                return cloudFront.readConfig(distributionId);
            }

            @Override
            public String update(String distributionId, DistributionConfig config, String ifMatch) {
                if (crashBeforeNextUpdates > 0) {
                    crashBeforeNextUpdates--;
                    throw new IllegalStateException("process died before UpdateDistribution (Lambda timeout)");
                }
                return cloudFront.update(distributionId, config, ifMatch);
            }

            @Override
            public String status(String distributionId) {
                return cloudFront.status(distributionId);
            }
        };
        Failover failover = Failover.of(config, store, gateway, health, notice -> {
            if (failNextNotices > 0) {
                failNextNotices--;
                throw new IllegalStateException("SNS Throttling: Rate exceeded (Service: Sns, Status Code: 400, Request ID: " + System.nanoTime() + ")");
            }
            notices.add(notice);
        }, millis -> {
            if (realWaits) {
                try {
                    Thread.sleep(Math.max(1, millis / 25)); // real threads race: a lease wait really waits (shortened)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                clock.advance(Duration.ofMillis(millis));
            }
        }, clock, () -> new Metrics("EdgeAutopilot", quiet, clock));
        return new FailoverHandler(failover, Log.to(quiet));
    }

    FailoverHandler handler() {
        return handler(Fixtures.settingFor(E1, 300, true), StoreThatFails.Plan.none());
    }

    void ticksUntil(FailoverHandler handler, Instant until) {
        while (clock.instant().isBefore(until)) {
            clock.advance(Duration.ofMinutes(1));
            deliver(handler, TICK);
        }
    }

    List<String> live() {
        return ConfigEdit.targets(cloudFront.config(E1));
    }

    List<String> noticeEvents() {
        return notices.stream().map(Notice::event).toList();
    }

    List<AuditEntry> audit() {
        return store.auditTail(E1, 100);
    }
}
