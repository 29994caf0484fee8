package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operations that work when things go wrong, read from template.yaml: every alarm and dashboard metric exists
 * (published by AWS for a resource of the stack, or in the namespace and per-function dimension the functions emit;
 * what each function emits is checked by its own contract test), every asynchronous hop has a dead-letter queue or
 * failure destination with an alarm on it, log groups and levels keep START/REPORT and EMF lines, and the runbook
 * covers every alarm.
 */
class RepoTemplateOperationsTest {

    private static final String TOPIC = TemplateModel.refToken("OperationsAlarmTopic");
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    private final TemplateModel template = TemplateModel.load(RepoPaths.template());

    @Test
    void everyAlarmWatchesAMetricThatExistsAndNotifiesTheOperationsTopic() {
        List<OperationsContract.Alarm> alarms = OperationsContract.alarms(template);
        assertTrue(alarms.size() >= 10, alarms.toString());
        for (OperationsContract.Alarm alarm : alarms) {
            assertMetricExists(alarm.metric(), alarm.logicalId());
            assertNotNull(alarm.metric().statistic(), alarm.logicalId());
            assertFalse(alarm.actions().isEmpty(), alarm.logicalId() + " notifies no one (AlarmActions)");
            if (alarm.logicalId().startsWith("Coalescer") || alarm.metric().dimensions().containsValue("invalidation-coalescer")) {
                assertTrue(alarm.actions().contains(TOPIC), alarm.logicalId() + " notifies " + alarm.actions());
            }
        }
    }

    @Test
    void everyDashboardWidgetMetricExists() {
        List<OperationsContract.Metric> metrics = OperationsContract.dashboardMetrics(template, "OperationsDashboard");
        assertTrue(metrics.size() >= 15, metrics.toString());
        for (OperationsContract.Metric metric : metrics) {
            assertMetricExists(metric, "OperationsDashboard " + metric.name());
        }
    }

    @Test
    void everyAsynchronousHopHasADeadLetterQueueOrFailureDestinationWithAnAlarm() {
        List<String> deadLetterQueues = new ArrayList<>();
        for (String rule : template.resourcesOfType("AWS::Events::Rule")) {
            for (Object target : (List<?>) template.evaluate(template.resourceProperty(rule, "Targets"), rule)) {
                deadLetterQueues.add(queueOf(((Map<?, ?>) target).get("DeadLetterConfig"), rule + " target"));
            }
        }
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<?, ?> events = (Map<?, ?>) template.evaluate(template.resourceProperty(function, "Events"), function);
            events.forEach((name, event) -> {
                Map<?, ?> e = (Map<?, ?>) event;
                if (Set.of("Schedule", "EventBridgeRule").contains(e.get("Type"))) {
                    deadLetterQueues.add(queueOf(((Map<?, ?>) e.get("Properties")).get("DeadLetterConfig"), function + " " + name));
                }
                if ("SNS".equals(e.get("Type"))) {
                    Object redrive = ((Map<?, ?>) e.get("Properties")).get("RedrivePolicy");
                    assertNotNull(redrive, function + " " + name + ": what SNS cannot deliver to the function is dropped without a RedrivePolicy");
                    deadLetterQueues.add(arnQueue(((Map<?, ?>) redrive).get("deadLetterTargetArn"), function + " " + name + " redrive"));
                }
            });
            Object onFailureNode = template.resourceProperty(function, "EventInvokeConfig", "DestinationConfig", "OnFailure");
            assertNotNull(onFailureNode, function + ": asynchronous invocations (EventBridge, S3, SNS) that fail after Lambda's retries"
                    + " are dropped without EventInvokeConfig.DestinationConfig.OnFailure to an SQS queue (with an alarm on it)");
            Object onFailure = template.evaluate(onFailureNode, function);
            assertEquals("SQS", ((Map<?, ?>) onFailure).get("Type"), function + " asynchronous failures");
            deadLetterQueues.add(arnQueue(((Map<?, ?>) onFailure).get("Destination"), function + " OnFailure"));
        }
        for (String subscription : template.resourcesOfType("AWS::SNS::Subscription")) {
            // SNS needs a subscription's dead-letter queue in the topic's region: a cross-region subscription (the
            // failover's, from the alarms' region) cannot have one here; Lambda's OnFailure destination still covers
            // what the function fails to process (RELIABILITY.md, failure modes).
            if ("lambda".equals(template.resourceProperty(subscription, "Protocol")) && template.resourceProperty(subscription, "Region") == null) {
                Object redrive = template.resourceProperty(subscription, "RedrivePolicy");
                assertNotNull(redrive, subscription + ": what SNS cannot deliver to the function is dropped without a RedrivePolicy");
                deadLetterQueues.add(arnQueue(template.evaluate(((Map<?, ?>) redrive).get("deadLetterTargetArn"), subscription), subscription + " redrive"));
            }
        }
        for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
            Object redrive = template.resourceProperty(queue, "RedrivePolicy");
            if (redrive != null) {
                deadLetterQueues.add(arnQueue(template.evaluate(((Map<?, ?>) redrive).get("deadLetterTargetArn"), queue), queue + " redrive"));
            }
        }
        assertTrue(Set.copyOf(deadLetterQueues).size() >= 4, "the coalescer's four: " + deadLetterQueues);
        for (String queue : deadLetterQueues) {
            boolean alarmed = OperationsContract.alarms(template).stream().anyMatch(a -> a.metric().name().equals("ApproximateNumberOfMessagesVisible")
                    && a.metric().dimensions().equals(Map.of("QueueName", TemplateModel.getAttToken(queue, "QueueName")))
                    && a.breachedBy(1));
            assertTrue(alarmed, "no alarm fires on one message in " + queue);
        }
    }

    @Test
    void everyFunctionLogsToADeclaredGroupWithRetentionAndKeepsStartReportAndEmfAtEveryAllowedLevel() {
        List<?> allowed = (List<?>) template.parameter("LogLevel").get("AllowedValues");
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            String how = function + ": declare its log group like the coalescer's (FunctionName, LoggingConfig.LogGroup, "
                    + "an AWS::Logs::LogGroup named /aws/lambda/<FunctionName> with RetentionInDays: !Ref LogRetentionDays)";
            assertNotNull(template.resourceProperty(function, "FunctionName"), how);
            assertNotNull(template.resourceProperty(function, "LoggingConfig", "LogGroup"), how);
            String name = String.valueOf(template.evaluate(template.resourceProperty(function, "FunctionName"), function));
            Map<?, ?> logging = (Map<?, ?>) template.resourceProperty(function, "LoggingConfig");
            String group = String.valueOf(template.evaluate(logging.get("LogGroup"), function)).replaceAll("^\\{\\{Ref (.*)}}$", "$1");
            assertEquals("AWS::Logs::LogGroup", template.resourceType(group), function + " LoggingConfig.LogGroup");
            assertEquals("/aws/lambda/" + name, template.evaluate(template.resourceProperty(group, "LogGroupName"), group));
            assertEquals(Map.of("Ref", "LogRetentionDays"), template.resourceProperty(group, "RetentionInDays"), group);
            assertEquals("JSON", logging.get("LogFormat"), function);
            // Lambda gives a line without a "level" field (START/REPORT are INFO system logs; EMF lines) the level INFO
            assertTrue(passes("INFO", String.valueOf(logging.get("SystemLogLevel"))), function + " SystemLogLevel drops START/REPORT");
            assertEquals(Map.of("Ref", "LogLevel"), logging.get("ApplicationLogLevel"), function);
            for (Object level : allowed) {
                assertTrue(passes("INFO", String.valueOf(level)), "LogLevel " + level + " would filter the EMF metric lines out");
            }
        }
    }

    @Test
    void stateIsProtectedAndTheAlarmTopicKeyLetsCloudWatchPublish() {
        assertEquals(true, template.resourceProperty("CoalescerTable", "DeletionProtectionEnabled"));
        String key = String.valueOf(template.evaluate(template.resourceProperty("OperationsAlarmTopic", "KmsMasterKeyId"), "topic"))
                .replaceAll("^\\{\\{Ref (.*)}}$", "$1");
        assertEquals("AWS::KMS::Key", template.resourceType(key), "a customer managed key: alias/aws/sns cannot be used by CloudWatch alarms");
        Map<?, ?> policy = (Map<?, ?>) template.evaluate(template.resourceProperty(key, "KeyPolicy"), key);
        boolean cloudWatch = ((List<?>) policy.get("Statement")).stream().map(s -> (Map<?, ?>) s)
                .anyMatch(s -> Map.of("Service", "cloudwatch.amazonaws.com").equals(s.get("Principal"))
                        && ((List<?>) s.get("Action")).containsAll(List.of("kms:Decrypt", "kms:GenerateDataKey*")));
        assertTrue(cloudWatch, "the key policy lets cloudwatch.amazonaws.com encrypt for the topic");
    }

    @Test
    void theRunbookCoversEveryAlarm() throws Exception {
        String runbook = Files.readString(RepoPaths.root().resolve("docs/RUNBOOK.md"));
        for (OperationsContract.Alarm alarm : OperationsContract.alarms(template)) {
            assertTrue(runbook.contains("`" + alarm.logicalId() + "`"), "docs/RUNBOOK.md has no entry for " + alarm.logicalId());
        }
        assertTrue(Files.readString(RepoPaths.root().resolve("README.md")).contains("docs/RUNBOOK.md"), "the README links the runbook");
    }

    @Test
    void aMetricNoOneEmitsIsCaught() {
        OperationsContract.Metric wrongDimension = new OperationsContract.Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible",
                Map.of("QueueName", TemplateModel.refToken("ChangeQueue")), "Maximum");
        assertTrue(OperationsContract.whyNotPublishedByAws(template, wrongDimension).contains("must be !GetAtt ChangeQueue.QueueName"));
        OperationsContract.Metric wrongResource = new OperationsContract.Metric("AWS/Lambda", "Errors",
                Map.of("FunctionName", TemplateModel.refToken("ChangeQueue")), "Sum");
        assertTrue(OperationsContract.whyNotPublishedByAws(template, wrongResource).contains("not a [AWS::Serverless::Function"));
        OperationsContract.Metric misspelled = new OperationsContract.Metric("AWS/SQS", "ApproximateAgeOfOldestMessages",
                Map.of("QueueName", TemplateModel.getAttToken("ChangeQueue", "QueueName")), "Maximum");
        assertTrue(OperationsContract.whyNotPublishedByAws(template, misspelled).contains("publishes no metric"));
    }

    private void assertMetricExists(OperationsContract.Metric metric, String where) {
        if (metric.namespace().startsWith("AWS/")) {
            assertNull(OperationsContract.whyNotPublishedByAws(template, metric), where);
            return;
        }
        assertEquals(globalMetricsNamespace(), metric.namespace(), where + ": the functions emit into METRICS_NAMESPACE");
        String function = metric.dimensions().get("Function");
        assertEquals(Set.of("Function"), metric.dimensions().keySet(), where + ": the functions' metrics carry the Function dimension alone");
        assertTrue(Files.isDirectory(RepoPaths.root().resolve("functions").resolve(function)), where + ": no function " + function);
    }

    private String globalMetricsNamespace() {
        return ((EnvValue.Literal) template.environment(template.resourcesOfType("AWS::Serverless::Function").get(0)).get("METRICS_NAMESPACE")).value();
    }

    private String queueOf(Object deadLetterConfig, String where) {
        assertNotNull(deadLetterConfig, where + " has no DeadLetterConfig");
        return arnQueue(((Map<?, ?>) deadLetterConfig).get("Arn"), where);
    }

    private String arnQueue(Object arn, String where) {
        String text = String.valueOf(arn);
        assertTrue(text.matches("\\{\\{GetAtt [A-Za-z0-9]+\\.Arn}}"), where + ": " + text);
        String queue = text.substring("{{GetAtt ".length(), text.length() - ".Arn}}".length());
        assertEquals("AWS::SQS::Queue", template.resourceType(queue), where);
        assertFalse(queue.equals("ChangeQueue"), where + " fails into the queue it reads");
        return queue;
    }

    private static boolean passes(String lineLevel, String filterLevel) {
        assertTrue(LEVELS.contains(filterLevel), "unknown level " + filterLevel);
        return LEVELS.indexOf(lineLevel) >= LEVELS.indexOf(filterLevel);
    }
}
