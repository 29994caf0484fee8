package com.edgeautopilot.testbed;

import com.edgeautopilot.common.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's alarms and dashboard widgets as the metrics they watch, and the two ways a metric can exist: AWS
 * publishes it for a resource of the template ({@link #whyNotPublishedByAws}), or a function prints it as an
 * Embedded Metric Format line ({@link #emf}). Tests join the two so an alarm cannot drift from what is emitted.
 */
public final class OperationsContract {

    /** A metric as CloudWatch identifies it, with the statistic it is read with (null where none is given). */
    public record Metric(String namespace, String name, Map<String, String> dimensions, String statistic) {
    }

    /** One alarm: its metric, threshold and comparison, evaluation window, and where it notifies. */
    public record Alarm(String logicalId, Metric metric, double threshold, String comparison, int periodSeconds,
                        int evaluationPeriods, int datapointsToAlarm, List<Object> actions) {

        /**
         * Whether CloudWatch would put the alarm in ALARM on these EMF data: the data of its metric bucketed by its
         * period, its statistic per bucket, and some {@code evaluationPeriods} consecutive buckets of which at least
         * {@code datapointsToAlarm} breach (a bucket without data does not breach: TreatMissingData notBreaching).
         */
        public boolean firesOn(List<EmfDatum> data) {
            java.util.TreeMap<Long, List<Double>> buckets = new java.util.TreeMap<>();
            for (EmfDatum d : data) {
                if (d.namespace().equals(metric.namespace()) && d.name().equals(metric.name()) && d.dimensions().equals(metric.dimensions())) {
                    buckets.computeIfAbsent(d.timestampMillis() / 1000 / periodSeconds, k -> new ArrayList<>()).add(d.value());
                }
            }
            if (buckets.isEmpty()) {
                return false;
            }
            for (long start = buckets.firstKey() - evaluationPeriods + 1; start <= buckets.lastKey(); start++) {
                int breaching = 0;
                for (long b = start; b < start + evaluationPeriods; b++) {
                    List<Double> values = buckets.get(b);
                    if (values != null && breachedBy(statistic(values))) {
                        breaching++;
                    }
                }
                if (breaching >= datapointsToAlarm) {
                    return true;
                }
            }
            return false;
        }

        private double statistic(List<Double> values) {
            return switch (metric.statistic()) {
                case "Sum" -> values.stream().mapToDouble(Double::doubleValue).sum();
                case "Maximum" -> values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                case "Minimum" -> values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                case "Average" -> values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                case "SampleCount" -> values.size();
                default -> throw new IllegalArgumentException(logicalId + ": unknown statistic " + metric.statistic());
            };
        }

        public boolean breachedBy(double value) {
            return switch (comparison) {
                case "GreaterThanThreshold" -> value > threshold;
                case "GreaterThanOrEqualToThreshold" -> value >= threshold;
                case "LessThanThreshold" -> value < threshold;
                case "LessThanOrEqualToThreshold" -> value <= threshold;
                default -> throw new IllegalArgumentException(logicalId + ": unknown ComparisonOperator " + comparison);
            };
        }
    }

    /** One value of an EMF document: namespace, metric name, its dimensions (name to value) and the value. */
    public record EmfDatum(String namespace, String name, Map<String, String> dimensions, double value, long timestampMillis) {
    }

    /**
     * What AWS publishes per namespace: the dimension naming the resource, its resource types, and the metric names.
     * Extend it from the service's "CloudWatch metrics" documentation when a template adds alarms on another namespace.
     */
    private record Published(String dimension, List<String> resourceTypes, List<String> metrics) {
    }

    /** Namespaces whose dimensions are not resources of the stack: the dimension names a metric must have, exactly. */
    private static final Map<String, List<Set<String>>> AWS_ACCOUNT_LEVEL = Map.of(
            "AWS/Billing", List.of(Set.of("Currency"), Set.of("Currency", "ServiceName")),
            "AWS/CloudFront", List.of(Set.of("DistributionId", "Region")));
    private static final Map<String, List<String>> AWS_ACCOUNT_LEVEL_METRICS = Map.of(
            "AWS/Billing", List.of("EstimatedCharges"),
            "AWS/CloudFront", List.of("Requests", "BytesDownloaded", "BytesUploaded", "4xxErrorRate", "5xxErrorRate", "TotalErrorRate",
                    "OriginLatency", "CacheHitRate"));

    private static final Map<String, Published> AWS = Map.of(
            "AWS/SQS", new Published("QueueName", List.of("AWS::SQS::Queue"), List.of("ApproximateNumberOfMessagesVisible",
                    "ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
                    "NumberOfMessagesSent", "NumberOfMessagesReceived", "NumberOfMessagesDeleted", "NumberOfEmptyReceives", "SentMessageSize")),
            "AWS/Lambda", new Published("FunctionName", List.of("AWS::Serverless::Function", "AWS::Lambda::Function"), List.of("Invocations",
                    "Errors", "Throttles", "Duration", "ConcurrentExecutions", "DeadLetterErrors", "DestinationDeliveryFailures",
                    "AsyncEventsReceived", "AsyncEventAge", "AsyncEventsDropped", "IteratorAge")),
            "AWS/Events", new Published("RuleName", List.of("AWS::Events::Rule"), List.of("Invocations", "FailedInvocations",
                    "TriggeredRules", "MatchedEvents", "ThrottledRules", "DeadLetterInvocations", "InvocationsSentToDlq",
                    "InvocationsFailedToBeSentToDlq", "RetryInvocationAttempts")),
            "AWS/DynamoDB", new Published("TableName", List.of("AWS::DynamoDB::Table"), List.of("ThrottledRequests", "UserErrors",
                    "SystemErrors", "ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "SuccessfulRequestLatency",
                    "ReadThrottleEvents", "WriteThrottleEvents")),
            "AWS/SNS", new Published("TopicName", List.of("AWS::SNS::Topic"), List.of("NumberOfMessagesPublished",
                    "NumberOfNotificationsDelivered", "NumberOfNotificationsFailed")),
            "AWS/Route53", new Published("HealthCheckId", List.of("AWS::Route53::HealthCheck"), List.of("HealthCheckStatus",
                    "HealthCheckPercentageHealthy")));

    private static final Pattern TOKEN = Pattern.compile("\\{\\{(Ref|GetAtt) ([A-Za-z0-9.]+?)(?:\\.([A-Za-z]+))?}}");

    private OperationsContract() {
    }

    /** Every AWS::CloudWatch::Alarm of the template, evaluated (resource references as tokens). */
    public static List<Alarm> alarms(TemplateModel template) {
        List<Alarm> alarms = new ArrayList<>();
        for (String id : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<?, ?> p = (Map<?, ?>) template.evaluate(template.resourceProperty(id), id + ".Properties");
            Map<String, String> dimensions = new LinkedHashMap<>();
            if (p.get("Dimensions") instanceof List<?> list) {
                for (Object d : list) {
                    dimensions.put(String.valueOf(((Map<?, ?>) d).get("Name")), String.valueOf(((Map<?, ?>) d).get("Value")));
                }
            }
            Metric metric = new Metric(String.valueOf(p.get("Namespace")), String.valueOf(p.get("MetricName")), dimensions,
                    p.get("Statistic") == null ? null : String.valueOf(p.get("Statistic")));
            List<Object> actions = p.get("AlarmActions") instanceof List<?> l ? new ArrayList<>(l) : List.of();
            int evaluationPeriods = Integer.parseInt(String.valueOf(p.get("EvaluationPeriods")));
            alarms.add(new Alarm(id, metric, Double.parseDouble(String.valueOf(p.get("Threshold"))),
                    String.valueOf(p.get("ComparisonOperator")), Integer.parseInt(String.valueOf(p.get("Period"))), evaluationPeriods,
                    p.get("DatapointsToAlarm") == null ? evaluationPeriods : Integer.parseInt(String.valueOf(p.get("DatapointsToAlarm"))), actions));
        }
        return alarms;
    }

    /**
     * The metrics of a dashboard's widgets (its body evaluated and parsed as JSON). Metric math expressions must
     * refer only to ids of metrics in the same widget; the {@code "."} shorthand repeats the entry above.
     */
    public static List<Metric> dashboardMetrics(TemplateModel template, String dashboardLogicalId) {
        Object body = template.evaluate(template.resourceProperty(dashboardLogicalId, "DashboardBody"), dashboardLogicalId + ".DashboardBody");
        Map<String, Object> root = Json.parseObject(String.valueOf(body));
        List<Metric> metrics = new ArrayList<>();
        for (Object w : Json.list(root, "widgets")) {
            Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) w).get("properties");
            if (properties == null || !(properties.get("metrics") instanceof List<?> entries)) {
                continue;
            }
            String widget = String.valueOf(properties.get("title"));
            List<String> ids = new ArrayList<>();
            List<String> expressions = new ArrayList<>();
            List<?> previous = List.of();
            for (Object e : entries) {
                List<?> entry = (List<?>) e;
                Map<?, ?> options = entry.get(entry.size() - 1) instanceof Map<?, ?> m ? m : Map.of();
                if (options.get("id") != null) {
                    ids.add(String.valueOf(options.get("id")));
                }
                if (options.containsKey("expression")) {
                    expressions.add(String.valueOf(options.get("expression")));
                    continue;
                }
                List<String> parts = new ArrayList<>();
                for (int i = 0; i < entry.size() - (options.isEmpty() ? 0 : 1); i++) {
                    String part = String.valueOf(entry.get(i));
                    parts.add(part.equals(".") && i < previous.size() ? String.valueOf(previous.get(i)) : part);
                }
                previous = parts;
                if (parts.size() < 2 || parts.size() % 2 != 0) {
                    throw new IllegalArgumentException(widget + ": metric entry is not [namespace, name, dimension, value...]: " + entry);
                }
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (int i = 2; i < parts.size(); i += 2) {
                    dimensions.put(parts.get(i), parts.get(i + 1));
                }
                Object stat = options.get("stat") != null ? options.get("stat") : properties.get("stat");
                metrics.add(new Metric(parts.get(0), parts.get(1), dimensions, stat == null ? null : String.valueOf(stat)));
            }
            for (String expression : expressions) {
                Matcher m = Pattern.compile("\\b([a-z][A-Za-z0-9_]*)\\b").matcher(expression);
                while (m.find()) {
                    if (!ids.contains(m.group(1))) {
                        throw new IllegalArgumentException(widget + ": expression '" + expression + "' uses '" + m.group(1)
                                + "', which is no metric id of the widget " + ids);
                    }
                }
            }
        }
        return metrics;
    }

    /**
     * Null when AWS publishes this metric for a resource of the template: a known metric of the namespace, with the
     * namespace's resource dimension referring (Ref/GetAtt token) to a resource of the right type. Otherwise why not.
     */
    public static String whyNotPublishedByAws(TemplateModel template, Metric metric) {
        if (AWS_ACCOUNT_LEVEL.containsKey(metric.namespace())) {
            if (!AWS_ACCOUNT_LEVEL_METRICS.get(metric.namespace()).contains(metric.name())) {
                return metric.namespace() + " publishes no metric " + metric.name() + " (known: " + AWS_ACCOUNT_LEVEL_METRICS.get(metric.namespace()) + ")";
            }
            return AWS_ACCOUNT_LEVEL.get(metric.namespace()).contains(metric.dimensions().keySet()) ? null
                    : metric.namespace() + " " + metric.name() + " is published per " + AWS_ACCOUNT_LEVEL.get(metric.namespace()) + ", got " + metric.dimensions();
        }
        Published published = AWS.get(metric.namespace());
        if (published == null) {
            return metric.namespace() + " is not an AWS namespace the test bed knows (add it to OperationsContract from the service's CloudWatch metrics page)";
        }
        if (!published.metrics().contains(metric.name())) {
            return metric.namespace() + " publishes no metric " + metric.name() + " (known: " + published.metrics() + ")";
        }
        String value = metric.dimensions().get(published.dimension());
        if (value == null || metric.dimensions().size() != 1) {
            return metric.namespace() + " " + metric.name() + " is published per " + published.dimension() + " alone, got " + metric.dimensions();
        }
        Matcher token = TOKEN.matcher(value);
        if (!token.matches()) {
            return published.dimension() + " '" + value + "' does not refer to a resource of the template";
        }
        String logicalId = token.group(2);
        String attribute = token.group(3);
        if (token.group(1).equals("Ref") && attribute != null) {
            logicalId = logicalId + "." + attribute; // !Ref Function.Alias
        }
        String type = template.resourceType(logicalId);
        if (!published.resourceTypes().contains(type)) {
            return published.dimension() + " refers to " + logicalId + " (" + type + "), not a " + published.resourceTypes();
        }
        boolean nameAttribute = published.dimension().equals("QueueName") || published.dimension().equals("TopicName");
        if (nameAttribute != (token.group(1).equals("GetAtt") && published.dimension().equals(attribute))) {
            return published.dimension() + " must be " + (nameAttribute ? "!GetAtt " + logicalId + "." + published.dimension() : "!Ref " + logicalId)
                    + ", got " + value;
        }
        return null;
    }

    /** The EMF documents among printed lines (other lines are ignored), each metric value as one datum. */
    public static List<EmfDatum> emf(String printed) {
        List<EmfDatum> data = new ArrayList<>();
        for (String line : printed.split("\n")) {
            if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
                continue;
            }
            Map<String, Object> root = Json.parseObject(line);
            if (!(Json.path(root, "_aws", "Timestamp") instanceof Number timestamp)) {
                throw new IllegalArgumentException("EMF document without a numeric _aws.Timestamp: " + line);
            }
            for (Object d : Json.list(root, "_aws", "CloudWatchMetrics")) {
                Map<?, ?> directive = (Map<?, ?>) d;
                List<?> dimensionSets = (List<?>) directive.get("Dimensions");
                for (Object set : dimensionSets) {
                    Map<String, String> dimensions = new LinkedHashMap<>();
                    for (Object name : (List<?>) set) {
                        if (!(root.get(String.valueOf(name)) instanceof String value)) {
                            throw new IllegalArgumentException("EMF dimension " + name + " has no string value: " + line);
                        }
                        dimensions.put(String.valueOf(name), value);
                    }
                    for (Object m : (List<?>) directive.get("Metrics")) {
                        String name = String.valueOf(((Map<?, ?>) m).get("Name"));
                        if (!(root.get(name) instanceof Number value)) {
                            throw new IllegalArgumentException("EMF metric " + name + " has no numeric value: " + line);
                        }
                        data.add(new EmfDatum(String.valueOf(directive.get("Namespace")), name, dimensions, value.doubleValue(), timestamp.longValue()));
                    }
                }
            }
        }
        return data;
    }
}
