package com.edgeautopilot.cli.demo;

import com.edgeautopilot.cli.functions.FunctionOutput;
import com.edgeautopilot.cli.functions.ConfigTargets;
import com.edgeautopilot.cli.functions.FailoverFunction;
import com.edgeautopilot.cli.functions.LocalFunction;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.control.Outcome;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.handler.FailoverWiring;
import com.edgeautopilot.failover.policy.AlarmHealth;
import com.edgeautopilot.testbed.ControllableClock;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Origin failover at work on the stand-ins: a health-check alarm moves a distribution to its standby origin, the
 * follow-up tick sees it Deployed, the primary recovers and after the dwell time traffic moves back; then a second
 * distribution whose origin flaps is held after the flap limit with one notice. Every step is an alarm event (SNS
 * shape) or a tick through the real handler, on a simulated clock; notifications are read back from a queue
 * subscribed to the function's topic.
 */
final class FailoverScene implements Scene {

    static final String STEADY = "E2QWRUHAPOMQZL";
    static final String FLAKY = "E3FLAKYORIGIN1";
    static final String PRIMARY_ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-primary-origin-unhealthy";
    static final String FLAKY_ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:edge-autopilot-flaky-origin-unhealthy";
    static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    static final String CONFIG = "[{\"distributionId\":\"" + STEADY + "\",\"primaryAlarms\":[\"" + PRIMARY_ALARM + "\"],"
            + "\"primaryOriginId\":\"origin-primary\",\"standbyOriginId\":\"origin-standby\",\"behaviours\":\"all\",\"failback\":\"auto\","
            + "\"failbackDwellSeconds\":300},"
            + "{\"distributionId\":\"" + FLAKY + "\",\"primaryAlarms\":[\"" + FLAKY_ALARM + "\"],"
            + "\"primaryOriginId\":\"origin-primary\",\"standbyOriginId\":\"origin-standby\",\"behaviours\":\"all\",\"failback\":\"auto\","
            + "\"failbackDwellSeconds\":0}]";

    @Override
    public String id() {
        return FailoverFunction.NAME;
    }

    @Override
    public String title() {
        return "Origin failover: health-check alarm -> standby origin -> Deployed -> recovery -> dwell -> failback; a flapping origin held";
    }

    @Override
    public Map<String, Object> play(Stage stage) throws Exception {
        Narrator say = stage.narrator();
        ControllableClock clock = new ControllableClock(START);
        List<String> notes = new ArrayList<>();
        LocalFunction.Setup setup = new LocalFunction.Setup(stage.repoRoot(), stage.template(), stage.aws(), stage.resources(), Map.of(),
                Map.of("PROTECTED_DISTRIBUTIONS", CONFIG), clock, stage.logs(), notes::add);
        Map<String, String> env = FailoverFunction.environment(setup);
        FailoverConfig config = FailoverConfig.from(Settings.of(env, false));
        FailoverHandler handler = new FailoverHandler(FailoverWiring.wire(config, stage.aws().clients(),
                alarms -> AlarmHealth.healthy("alarms OK"), clock), Log.to(stage.logs()));
        Inbox inbox = new Inbox(stage.aws().clients().configured(SqsClient.builder()).build(), env.get("NOTIFICATION_TOPIC_ARN"),
                stage.aws().clients().sns());
        String steady = config.distributions().get(0).distributionId();
        String flaky = config.distributions().get(1).distributionId();
        notes.forEach(n -> say.line("setup", n));
        say.line("setup", "flap limit " + config.maxSwitches() + " switches per " + config.flapPeriod().toMinutes() + " min; "
                + "failback after 300 s OK (" + STEADY + "), at once (" + FLAKY + ")");

        List<Map<String, Object>> timeline = new ArrayList<>();
        try (CloudFrontClient cloudFront = CloudFrontClients.of(stage.aws().clients())) {
            Step step = new Step(handler, clock, inbox, say, timeline, cloudFront, stage.logs());
            step.alarm(START, PRIMARY_ALARM, "ALARM", steady);
            step.tick(START.plusSeconds(60), steady);
            step.alarm(START.plusSeconds(1200), PRIMARY_ALARM, "OK", steady);
            step.tick(START.plusSeconds(1320), steady);
            step.tick(START.plusSeconds(1501), steady);
            for (int i = 0; i < 8; i++) {
                step.alarm(START.plusSeconds(1800 + 30L * i), FLAKY_ALARM, i % 2 == 0 ? "ALARM" : "OK", flaky);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("distributions", Map.of(STEADY, steady, FLAKY, flaky));
            json.put("timeline", timeline);
            json.put("notifications", inbox.received());
            return json;
        }
    }

    /** One event through the handler at a simulated time, narrated. */
    private record Step(FailoverHandler handler, ControllableClock clock, Inbox inbox, Narrator say, List<Map<String, Object>> timeline,
                        CloudFrontClient cloudFront, PrintStream logs) {

        void alarm(Instant at, String alarmArn, String state, String distributionId) throws Exception {
            String message = Json.write(Map.of("AlarmName", alarmArn.substring(alarmArn.lastIndexOf(':') + 1), "AlarmArn", alarmArn,
                    "NewStateValue", state, "OldStateValue", state.equals("OK") ? "ALARM" : "OK",
                    "StateChangeTime", at.toString().replace("Z", "+0000"), "Region", "US East (N. Virginia)"));
            run(at, Map.of("Records", List.of(Map.of("EventSource", "aws:sns", "Sns", Map.of("Message", message)))),
                    alarmArn.substring(alarmArn.lastIndexOf(':') + 1) + " " + state, distributionId);
        }

        void tick(Instant at, String distributionId) throws Exception {
            run(at, Map.of("tick", FailoverHandler.FOLLOW_UP_TICK), "follow-up tick", distributionId);
        }

        private void run(Instant at, Map<String, Object> event, String what, String distributionId) throws Exception {
            clock.set(at.plusMillis(400));
            // the function's EMF lines go to the log file like its log lines, not to the demo's output
            FailoverHandler.Response response = (FailoverHandler.Response) FunctionOutput.redirected(logs, () -> handler.handle(EventShapes.classify(event), "demo-" + at.toEpochMilli()));
            List<String> decisions = response.outcomes().stream().filter(o -> o.distributionId().equals(distributionId))
                    .map(o -> o.decision() + ": " + o.reason()).toList();
            List<String> notices = inbox.drain();
            String targets = ConfigTargets.of(cloudFront, distributionId);
            List<String> lines = new ArrayList<>();
            lines.add(what + "  [" + distributionId + "]");
            decisions.forEach(d -> lines.add("→ " + d));
            response.outcomes().stream().filter(Outcome::notified).flatMap(o -> o.diff().stream()).forEach(d -> lines.add("  " + d));
            notices.forEach(n -> lines.add("notice: " + n));
            lines.add("behaviours: " + targets);
            say.line(at.toString().substring(11, 19), lines);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("time", at.toString());
            entry.put("event", what);
            entry.put("distributionId", distributionId);
            entry.put("decisions", decisions);
            entry.put("notices", notices);
            entry.put("behaviours", targets);
            timeline.add(entry);
        }
    }

    /** An SQS queue subscribed to the notification topic, so the scene shows what the on-call engineer receives. */
    private static final class Inbox {
        private final SqsClient sqs;
        private final String queueUrl;
        private final List<String> received = new ArrayList<>();

        Inbox(SqsClient sqs, String topicArn, software.amazon.awssdk.services.sns.SnsClient sns) {
            this.sqs = sqs;
            this.queueUrl = sqs.createQueue(b -> b.queueName("edge-autopilot-failover-inbox-" + System.nanoTime())).queueUrl();
            String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn));
        }

        List<String> drain() {
            List<String> subjects = new ArrayList<>();
            var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            for (var message : messages) {
                Map<String, Object> body = Json.parseObject(message.body());
                subjects.add(Json.string(body, "Subject") + "  {event=" + Json.string(body, "MessageAttributes", "event", "Value") + "}");
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            received.addAll(subjects);
            return subjects;
        }

        List<String> received() {
            return received;
        }
    }
}
