package com.edgeautopilot.costs.lifecycle;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on the lifecycle model of issue 22 the way production breaks it: a process dying between two AWS calls and
 * Lambda (or the schedule) delivering the same thing again. Each test failed on the code as merged for issue 22. The
 * clock is in 2099 so DynamoDB Local never expires an item by the real clock.
 */
@Tag("slow")
class LifecycleAttackTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CostAlertsTable", "CoalescerTable").freshTablesForEachTest();
    @RegisterExtension
    static final MotoServerExtension MOTO = MotoServerExtension.resettingBeforeEachTest();

    private static final Instant T0 = Instant.parse("2099-03-10T14:00:00Z");

    private record World(LocalAws aws, ControllableClock clock, Map<String, String> env, DigestInbox inbox) {
        List<String> inboxSeen(List<Map<String, Object>> digests, String name) {
            List<String> seen = new ArrayList<>();
            for (Map<String, Object> m : digests) {
                String all = Json.write(m);
                if (all.contains(name)) {
                    for (Object e : Json.list(m, "firing")) {
                        if (Json.write(e).contains(name + "\"")) {
                            seen.add(Json.string(m, "kind") + "#" + m.get("sequence") + ":" + Json.string((Map<String, Object>) e, "change"));
                        }
                    }
                }
            }
            return seen;
        }

        CostAlertsHandler healthy() {
            return new CostAlertsHandler(CostAlertsWiring.wire(TestFunction.config(env), aws.clients(), clock, TestFunction.quietLog()));
        }

        CostAlertsHandler crashing(CrashPoint crash) {
            return new CostAlertsHandler(CostAlertsWiring.wire(TestFunction.config(env), aws.clients().withOverrides(crash::install), clock,
                    TestFunction.quietLog()));
        }
    }

    private static World world(String name) {
        LocalAws aws = LocalAws.configure(DB.server(), MOTO.server());
        String topic = aws.sns().createTopic(b -> b.name("digests-" + name)).topicArn();
        DigestInbox inbox = DigestInbox.subscribe(aws.sns(), aws.sqs(), topic, "inbox-" + name);
        return new World(aws, new ControllableClock(T0), TestFunction.environment(DB, topic), inbox);
    }

    private static Map<String, Object> tick() {
        return Json.parseObject(RepoPaths.event("schedule/cost-digest.json"));
    }

    /** A billing alarm of {@code service}; {@code alarmName} lets two alarms share one service (one group). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> alarm(String service, String alarmName, String state, Instant changedAt, String messageId) {
        Map<String, Object> event = CostSignals.billingAlarm(service, state, 180, AlertLifecycleTest.ALARM_TIME.format(changedAt), messageId);
        Map<String, Object> sns = (Map<String, Object>) ((Map<String, Object>) Json.list(event, "Records").get(0)).get("Sns");
        Map<String, Object> message = Json.parseObject((String) sns.get("Message"));
        message.put("AlarmName", alarmName);
        message.put("AlarmArn", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + alarmName);
        sns.put("Message", Json.write(message));
        return event;
    }

    private static void runs(CostAlertsHandler handler, ControllableClock clock, int count, Duration every) {
        for (int i = 0; i < count; i++) {
            clock.advance(every);
            try {
                handler.handle(tick(), "run-" + clock.instant());
            } catch (RuntimeException failed) {
                // the next run goes on
            }
        }
    }

    private static List<String> told(DigestInbox inbox) {
        return inbox.drain().stream().map(d -> Json.string(d.message(), "kind") + ":" + Json.write(d.message())).toList();
    }

    /**
     * An intake that dies between storing the alert and writing its group, retried by Lambda with the same delivery:
     * the retry found the alert stored (a duplicate, "nothing notable"), so the group was never told and the alert was
     * never sent. Swept over every AWS call of the intake, before and after it.
     */
    @Test
    void anIntakeThatDiedAtAnyStepIsSentOnceAfterLambdaRetriesTheSameDelivery() {
        CrashPoint probe = CrashPoint.never();
        World first = world("probe");
        first.crashing(probe).handle(alarm("SvcProbe", "probe-alarm", "ALARM", T0, "m-probe"), "intake");
        List<String> steps = probe.steps();
        assertTrue(steps.size() >= 3, "the intake's steps: " + steps);
        List<String> failures = new ArrayList<>();
        int scenarios = 0;
        for (CrashPoint.Moment moment : CrashPoint.Moment.values()) {
            for (int call = 1; call <= steps.size(); call++) {
                String name = moment.name().substring(0, 1) + call;
                World w = world(name);
                CrashPoint crash = CrashPoint.at(call, moment);
                Map<String, Object> delivery = alarm("Svc" + name, "alarm-" + name, "ALARM", T0, "m-" + name);
                try {
                    w.crashing(crash).handle(delivery, "dies");
                } catch (RuntimeException | CrashPoint.SimulatedCrash died) {
                    // the process died: Lambda retries the same delivery
                }
                w.healthy().handle(delivery, "retry");
                runs(w.healthy(), w.clock(), 3, Duration.ofMinutes(3)); // group_wait is 2 min, group_interval 10 min
                List<String> kinds = told(w.inbox()).stream().filter(d -> d.contains("alarm-" + name))
                        .map(k -> k.substring(0, k.indexOf(':'))).toList(); // the other scenarios' groups share the table
                scenarios++;
                if (!kinds.equals(List.of("FIRST"))) {
                    failures.add(moment + " " + call + " (" + steps.get(call - 1) + "): digests " + kinds);
                }
            }
        }
        System.out.printf("cost-alerts intake crash points: %d steps %s, %d scenarios, %d not sent exactly once%n", steps.size(), steps, scenarios,
                failures.size());
        assertEquals(List.of(), failures);
    }

    /**
     * A digest run dies after its digest went out and its claim was completed, before the alerts' bookkeeping; a new
     * alarm of the same group arrives before the next run. The next run finds the digest "already sent" and marked the
     * new alarm as told though no digest carried it: it was lost (before the repeat interval).
     */
    @Test
    void anAlertTakenInAfterARunDiedPastItsPublishIsStillSent() {
        World w = world("died-after-publish");
        CrashPoint probe = CrashPoint.never();
        World p = world("died-after-publish-probe");
        p.healthy().handle(alarm("SvcProbe", "probe-alarm", "ALARM", T0, "m-p"), "intake");
        p.clock().advance(Duration.ofMinutes(3));
        p.crashing(probe).handle(tick(), "probe-run");
        List<String> steps = probe.steps();
        int completion = steps.indexOf("Sns.Publish") + 2; // the claim's completion, right after the publish
        assertTrue(completion > 1 && completion < steps.size(), "the run's steps: " + steps);

        w.healthy().handle(alarm("AmazonCloudFront", "first-alarm", "ALARM", T0, "m-1"), "intake-1");
        w.clock().advance(Duration.ofMinutes(3));
        CrashPoint crash = CrashPoint.at(completion + 1, CrashPoint.Moment.BEFORE_THE_CALL); // dies right after completing the claim
        try {
            w.crashing(crash).handle(tick(), "dies");
        } catch (RuntimeException | CrashPoint.SimulatedCrash died) {
            // died
        }
        assertTrue(crash.crashed(), "the run died before " + steps.get(completion) + " of " + steps);
        w.clock().advance(Duration.ofSeconds(30));
        w.healthy().handle(alarm("AmazonCloudFront", "second-alarm", "ALARM", w.clock().instant(), "m-2"), "intake-2");
        runs(w.healthy(), w.clock(), 4, Duration.ofMinutes(5)); // 20 minutes: past group_interval (10), before repeat_interval (30)
        List<String> digests = told(w.inbox());
        assertTrue(digests.stream().anyMatch(d -> d.contains("second-alarm")), "the second alarm was told in no digest: " + digests);
        assertEquals(1, digests.stream().filter(d -> d.contains("second-alarm")).count(), "the second alarm told once: " + digests);
    }

    /**
     * Real concurrency on DynamoDB Local: three intake threads deliver 16 alarms of one group, each twice (Lambda's
     * retry, or SNS and EventBridge both), while two digest runs race each other and the intakes, the clock moving a
     * minute per round. Every alarm must be told NEW in exactly one FIRST or UPDATE digest (none lost, none twice).
     */
    @Test
    void intakesRacingTwoDigestRunsTellEveryAlarmOnce() throws Exception {
        World w = world("race");
        int alarms = 16; // a digest lists 20 entries at most ("+N more"): every alarm must be listed to be checked
        List<Map<String, Object>> deliveries = new ArrayList<>();
        for (int i = 0; i < alarms; i++) {
            for (int copy = 0; copy < 2; copy++) {
                deliveries.add(alarm("AmazonCloudFront", "race-" + i + "-x", "ALARM", T0, "m-" + i + "-" + copy));
            }
        }
        Collections.shuffle(deliveries, new Random(22));
        ConcurrentLinkedQueue<Map<String, Object>> queue = new ConcurrentLinkedQueue<>(deliveries);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean intakeDone = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> intakes = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                CostAlertsHandler handler = w.healthy();
                intakes.add(pool.submit(() -> {
                    Map<String, Object> d;
                    while ((d = queue.poll()) != null) {
                        try {
                            handler.handle(d, "intake");
                            Thread.sleep(15);
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            List<Future<?>> runners = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                CostAlertsHandler handler = w.healthy();
                runners.add(pool.submit(() -> {
                    while (!intakeDone.get()) {
                        try {
                            handler.handle(tick(), "racer");
                        } catch (RuntimeException failed) {
                            // a run that lost may fail; the next one goes on
                        }
                    }
                }));
            }
            while (!queue.isEmpty()) {
                Thread.sleep(200);
                w.clock().advance(Duration.ofSeconds(40));
            }
            for (Future<?> f : intakes) {
                f.get();
            }
            intakeDone.set(true);
            for (Future<?> f : runners) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), List.copyOf(errors), "intake errors");
        runs(w.healthy(), w.clock(), 2, Duration.ofMinutes(11)); // what is still news goes out (before the 30-minute repeat)
        List<Map<String, Object>> digests = w.inbox().drain().stream().map(DigestInbox.Received::message)
                .filter(m -> !"REPEAT".equals(Json.string(m, "kind"))).toList();
        assertEquals(0, digests.stream().mapToLong(m -> ((Number) m.get("omitted")).longValue()).sum(), "every alarm listed");
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < alarms; i++) {
            String name = "alarm:race-" + i + "-x";
            long toldNew = digests.stream().flatMap(m -> Json.list(m, "firing").stream())
                    .map(e -> Json.write(e)).filter(e -> e.contains(name + "\"") && e.contains("\"change\":\"NEW\"")).count();
            if (toldNew != 1) {
                List<String> seen = w.inboxSeen(digests, name);
                wrong.add(name + " told NEW " + toldNew + " times " + seen);
            }
        }
        System.out.printf("cost-alerts racing intakes and runs: %d deliveries, %d digests (FIRST/UPDATE), %d alarms not told exactly once%n",
                deliveries.size(), digests.size(), wrong.size());
        assertEquals(List.of(), wrong, "digests (kind, listed, omitted): "
                + digests.stream().map(m -> Json.string(m, "kind") + " " + Json.list(m, "firing").size() + " +" + m.get("omitted")).toList());
    }

    /**
     * A daily budget's alert is about one day that is over when AWS sends it ("Yesterday, ..."). The next day's alert is
     * a new alert; yesterday's must not go on being repeated as firing for the open window (72 h) beside it.
     */
    @Test
    void aBudgetAlertIsNotRepeatedAfterItsPeriodEnded() {
        World w = world("budget-periods");
        String sample = Json.string((Map<String, Object>) Json.list(Json.parseObject(RepoPaths.event("budgets/sns-actual-daily.json")), "Records").get(0),
                "Sns", "Message");
        CostAlertsHandler handler = w.healthy();
        handler.handle(CostSignals.sns(sample.replace("November 21, 2026", "March 10, 2099"), "b-1", "AWS Budgets: cloudfront-daily"), "day-1");
        runs(handler, w.clock(), 48, Duration.ofMinutes(30)); // a day of runs: repeat_interval is 30 minutes
        handler.handle(CostSignals.sns(sample.replace("November 21, 2026", "March 11, 2099").replace("$6.42", "$7.10"), "b-2",
                "AWS Budgets: cloudfront-daily"), "day-2");
        runs(handler, w.clock(), 48, Duration.ofMinutes(30));
        List<String> digests = told(w.inbox());
        List<String> aboutMarch9 = digests.stream().filter(d -> d.contains(", 2099-03-09)")).map(d -> d.substring(0, d.indexOf(':'))).toList();
        List<String> aboutMarch10 = digests.stream().filter(d -> d.contains(", 2099-03-10)")).map(d -> d.substring(0, d.indexOf(':'))).toList();
        assertEquals(List.of("FIRST"), aboutMarch9, "the 9th's alert told once, not repeated after the day ended");
        assertEquals(List.of("FIRST"), aboutMarch10, "the 10th's alert told once");
    }

    /**
     * A digest run dies after SNS accepted its digest, before completing the claim; a new alarm of the group arrives.
     * When the unfinished claim expires the next run sends that sequence number again, now with the new alarm in it.
     * A subscriber that drops repeats by (group, episode, sequence), as the README advises, drops it: the new alarm
     * must still reach that subscriber in a later digest.
     */
    @Test
    void anAlertTakenInAfterARunDiedInsideItsPublishReachesASubscriberThatDropsRepeats() {
        World p = world("died-in-publish-probe");
        CrashPoint probe = CrashPoint.never();
        p.healthy().handle(alarm("SvcProbe3", "probe3-alarm", "ALARM", T0, "m-p3"), "intake");
        p.clock().advance(Duration.ofMinutes(3));
        p.crashing(probe).handle(tick(), "probe-run");
        int publish = probe.steps().indexOf("Sns.Publish") + 1;
        assertTrue(publish > 0, "the run's steps: " + probe.steps());

        World w = world("died-in-publish");
        w.healthy().handle(alarm("AmazonCloudFront", "first-alarm", "ALARM", T0, "m-1"), "intake-1");
        w.clock().advance(Duration.ofMinutes(3));
        CrashPoint crash = CrashPoint.at(publish, CrashPoint.Moment.AFTER_THE_CALL); // SNS accepted it; the process died
        try {
            w.crashing(crash).handle(tick(), "dies");
        } catch (RuntimeException | CrashPoint.SimulatedCrash died) {
            // died
        }
        assertTrue(crash.crashed());
        w.clock().advance(Duration.ofSeconds(30));
        w.healthy().handle(alarm("AmazonCloudFront", "second-alarm", "ALARM", w.clock().instant(), "m-2"), "intake-2");
        runs(w.healthy(), w.clock(), 5, Duration.ofMinutes(5)); // 25 minutes: the unfinished claim expires; before repeat_interval (30)
        List<Map<String, Object>> digests = w.inbox().drain().stream().map(DigestInbox.Received::message)
                .filter(m -> Json.write(m).contains("AmazonCloudFront") || Json.write(m).contains("Amazon CloudFront")).toList();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Map<String, Object>> deduped = digests.stream()
                .filter(m -> seen.add(Json.string(m, "group") + "|" + m.get("episode") + "|" + m.get("sequence"))).toList();
        assertTrue(deduped.stream().anyMatch(m -> Json.write(m).contains("second-alarm")),
                "a subscriber dropping repeats never sees the second alarm; digests sent: "
                        + digests.stream().map(m -> Json.string(m, "kind") + "#" + m.get("sequence") + (Json.write(m).contains("second-alarm") ? "+second" : "")).toList());
    }

    /** Kinds of the digests and whether each lists {@code name} firing, resolved, or not at all. */
    private static List<String> kindsWith(List<DigestInbox.Received> digests, String name) {
        return digests.stream().map(DigestInbox.Received::message).map(m -> Json.string(m, "kind")
                + (Json.list(m, "firing").stream().anyMatch(e -> Json.write(e).contains(name)) ? " firing" : "")
                + (Json.list(m, "resolved").stream().anyMatch(e -> Json.write(e).contains(name)) ? " resolved" : "")).toList();
    }

    /** An alarm flapping ALARM/OK/ALARM inside group_wait, then again across group_interval, then resolving for good. */
    @Test
    void aFlappingAlarmIsToldAsItsLastStateAtEachDigest() {
        World w = world("flapping");
        CostAlertsHandler handler = w.healthy();
        ControllableClock clock = w.clock();
        handler.handle(alarm("AmazonCloudFront", "flap", "ALARM", clock.instant(), "f-1"), "a1");
        clock.advance(Duration.ofSeconds(30));
        handler.handle(alarm("AmazonCloudFront", "flap", "OK", clock.instant(), "f-2"), "o1");
        clock.advance(Duration.ofSeconds(30));
        handler.handle(alarm("AmazonCloudFront", "flap", "ALARM", clock.instant(), "f-3"), "a2");
        runs(handler, clock, 1, Duration.ofMinutes(2)); // T0+3m: past group_wait
        assertEquals(List.of("FIRST firing"), kindsWith(w.inbox().drain(), "flap"), "ALARM, OK, ALARM within group_wait: one first digest, firing");
        clock.advance(Duration.ofMinutes(1));
        handler.handle(alarm("AmazonCloudFront", "flap", "OK", clock.instant(), "f-4"), "o2");
        clock.advance(Duration.ofMinutes(1));
        handler.handle(alarm("AmazonCloudFront", "flap", "ALARM", clock.instant(), "f-5"), "a3");
        runs(handler, clock, 3, Duration.ofMinutes(4)); // to T0+17m: group_interval (10 min) after the first digest
        assertEquals(List.of("UPDATE firing"), kindsWith(w.inbox().drain(), "flap"), "OK then ALARM again within group_interval: one update, firing");
        handler.handle(alarm("AmazonCloudFront", "flap", "OK", clock.instant(), "f-6"), "o3");
        handler.handle(alarm("AmazonCloudFront", "flap", "ALARM", clock.instant().minusSeconds(90), "f-5-late"), "a3-late"); // a late copy of the older ALARM
        runs(handler, clock, 3, Duration.ofMinutes(5));
        assertEquals(List.of("RESOLVED resolved"), kindsWith(w.inbox().drain(), "flap"), "the OK is told once; the late older ALARM changes nothing");
        runs(handler, clock, 4, Duration.ofMinutes(30));
        assertEquals(List.of(), kindsWith(w.inbox().drain(), "flap"), "nothing firing: no repeats");
    }

    /**
     * Clocks: the intake's clock 90 s ahead of the digest runs', then 90 s behind. Every change is told once, in order,
     * and nothing waits for a repeat.
     */
    @Test
    void intakeAndRunClocksApartStillTellEachChangeOnce() {
        for (long skewSeconds : new long[] {90, -90}) {
            World w = world("skew" + (skewSeconds > 0 ? "ahead" : "behind"));
            ControllableClock intakeClock = new ControllableClock(T0.plusSeconds(skewSeconds));
            CostAlertsHandler intake = new CostAlertsHandler(CostAlertsWiring.wire(TestFunction.config(w.env()), w.aws().clients(), intakeClock,
                    TestFunction.quietLog()));
            CostAlertsHandler runs = w.healthy();
            String svc = "SvcSkew" + (skewSeconds > 0 ? "A" : "B");
            intake.handle(alarm(svc, "skew-a" + skewSeconds, "ALARM", intakeClock.instant(), "s-1"), "a");
            List<String> kinds = new ArrayList<>();
            for (int minute = 1; minute <= 60; minute++) { // one repeat of the alarm still firing, 30 min after the last digest
                w.clock().advance(Duration.ofMinutes(1));
                intakeClock.advance(Duration.ofMinutes(1));
                if (minute == 5) {
                    intake.handle(alarm(svc, "skew-b" + skewSeconds, "ALARM", intakeClock.instant(), "s-2"), "b");
                }
                if (minute == 20) {
                    intake.handle(alarm(svc, "skew-a" + skewSeconds, "OK", intakeClock.instant(), "s-3"), "a-ok");
                }
                runs.handle(tick(), "run-" + minute);
                w.inbox().drain().forEach(d -> kinds.add(Json.string(d.message(), "kind") + " " + Json.list(d.message(), "firing").size()
                        + "/" + Json.list(d.message(), "resolved").size()));
            }
            assertEquals(List.of("FIRST 1/0", "UPDATE 2/0", "UPDATE 1/1", "REPEAT 1/0"), kinds, "intake clock " + skewSeconds + " s from the runs'");
        }
    }
}
