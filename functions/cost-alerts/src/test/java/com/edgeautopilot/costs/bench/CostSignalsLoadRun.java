package com.edgeautopilot.costs.bench;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.costs.handler.CostAlertsHandler;
import com.edgeautopilot.costs.handler.CostAlertsWiring;
import com.edgeautopilot.costs.support.CostSignals;
import com.edgeautopilot.costs.support.DigestInbox;
import com.edgeautopilot.costs.support.TestFunction;
import com.edgeautopilot.testbed.ControllableClock;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServerExtension;
import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.faults.CrashPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The longer load run for cost digests (not part of the test command; {@code bench/run-load}): {@code load.signals}
 * cost signals (default 10,000) in one simulated hour — billing alarms of 40 services flipping, each delivery repeated
 * once as SNS does at least once — with the digest schedule ticking every minute, on DynamoDB Local and SNS in moto.
 * Reports signals per second and DynamoDB operations per signal; every group's digests arrive once each, without gaps.
 */
class CostSignalsLoadRun {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CostAlertsTable", "CoalescerTable");
    @RegisterExtension
    static final MotoServerExtension MOTO = new MotoServerExtension();

    private static final DateTimeFormatter ALARM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    @Test
    void tenThousandSignalsAnHour() {
        int signals = Integer.getInteger("load.signals", 10_000);
        LocalAws aws = LocalAws.configure(DB.server(), MOTO.server());
        String topic = aws.sns().createTopic(b -> b.name("cost-digests-load")).topicArn();
        DigestInbox inbox = DigestInbox.subscribe(aws.sns(), aws.sqs(), topic, "digest-inbox-load");
        ControllableClock clock = new ControllableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS));
        CrashPoint counter = CrashPoint.never();
        CostAlertsHandler handler = new CostAlertsHandler(CostAlertsWiring.wire(TestFunction.config(TestFunction.environment(DB, topic)),
                aws.clients().withOverrides(counter::install), clock, TestFunction.quietLog()));
        Map<String, Object> tick = Json.parseObject(RepoPaths.event("schedule/cost-digest.json"));
        java.util.Random random = new java.util.Random(42);
        long gapMillis = Duration.ofHours(1).toMillis() / signals;
        long started = System.nanoTime();
        long nextTick = clock.millis() + 60_000;
        int ticks = 0;
        for (int i = 0; i < signals; i++) {
            clock.advance(Duration.ofMillis(gapMillis));
            String service = "Service" + random.nextInt(40);
            Map<String, Object> signal = CostSignals.billingAlarm(service, random.nextBoolean() ? "ALARM" : "OK", 100 + i,
                    ALARM_TIME.format(clock.instant()), "m-" + i);
            handler.handle(Json.parseObject(Json.write(signal)), "s-" + i);
            if (i % 10 == 0) {
                handler.handle(Json.parseObject(Json.write(signal)), "dup-" + i); // at-least-once delivery
            }
            if (clock.millis() >= nextTick) {
                handler.handle(tick, "tick-" + ticks++);
                nextTick += 60_000;
            }
        }
        long nanos = System.nanoTime() - started;
        Map<String, List<Long>> sequences = new TreeMap<>();
        inbox.drain().forEach(d -> sequences.computeIfAbsent(Json.string(d.message(), "group"), g -> new java.util.ArrayList<>())
                .add(((Number) d.message().get("sequence")).longValue()));
        int duplicates = 0;
        int gaps = 0;
        int digests = 0;
        for (List<Long> sent : sequences.values()) {
            digests += sent.size();
            long distinct = sent.stream().distinct().count();
            duplicates += sent.size() - (int) distinct;
            gaps += (int) (sent.stream().mapToLong(Long::longValue).max().orElse(0) - distinct);
        }
        Map<String, Long> byOperation = new TreeMap<>();
        counter.steps().forEach(s -> byOperation.merge(s, 1L, Long::sum));
        long dynamo = byOperation.entrySet().stream().filter(e -> e.getKey().startsWith("DynamoDb.")).mapToLong(Map.Entry::getValue).sum();
        int deliveries = signals + (signals + 9) / 10;
        System.out.printf("LOAD cost-alerts: %d signals in one simulated hour (%d deliveries with repeats, %d digest ticks) in %.1f s = %.0f deliveries/s; "
                        + "DynamoDB operations %d (%.2f per delivery) %s; %d digests in %d groups, %d sent twice, %d lost%n",
                signals, deliveries, ticks, nanos / 1e9, deliveries / (nanos / 1e9), dynamo, dynamo / (double) deliveries, byOperation,
                digests, sequences.size(), duplicates, gaps);
        assertEquals(0, duplicates);
        assertEquals(0, gaps);
    }
}
