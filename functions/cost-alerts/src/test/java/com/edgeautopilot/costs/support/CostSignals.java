package com.edgeautopilot.costs.support;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.testbed.RepoPaths;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Cost signals shaped like the samples in events/, with the fields a scenario varies. */
public final class CostSignals {

    private CostSignals() {
    }

    /** An SNS delivery (one record, as SNS invokes Lambda) carrying {@code message}. */
    public static Map<String, Object> sns(String message, String messageId, String subject) {
        Map<String, Object> event = Json.parseObject(RepoPaths.event("cost-anomaly/sns-anomaly.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> sns = (Map<String, Object>) ((Map<String, Object>) Json.list(event, "Records").get(0)).get("Sns");
        sns.put("Message", message);
        sns.put("MessageId", messageId);
        sns.put("Subject", subject);
        return event;
    }

    /** The sample anomaly (SNS shape) with another id, account, service and impact. */
    public static Map<String, Object> anomalySns(String anomalyId, String account, String service, double impact, String messageId) {
        Map<String, Object> anomaly = Json.parseObject(Json.string(firstRecord("cost-anomaly/sns-anomaly.json"), "Sns", "Message"));
        reshape(anomaly, anomalyId, account, service, impact);
        anomaly.put("dimensionalValue", service);
        return sns(Json.write(anomaly), messageId, null);
    }

    /** The sample anomaly (EventBridge shape) with another id, account, service and impact. */
    public static Map<String, Object> anomalyEventBridge(String anomalyId, String account, String service, double impact, String eventId) {
        Map<String, Object> event = Json.parseObject(RepoPaths.event("cost-anomaly/eventbridge-anomaly-detected.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) event.get("detail");
        reshape(detail, anomalyId, account, service, impact);
        detail.put("dimensionValue", service);
        event.put("id", eventId);
        event.put("account", account);
        return event;
    }

    @SuppressWarnings("unchecked")
    private static void reshape(Map<String, Object> anomaly, String anomalyId, String account, String service, double impact) {
        anomaly.put("anomalyId", anomalyId);
        anomaly.put("accountId", account);
        Map<String, Object> impactMap = new HashMap<>((Map<String, Object>) anomaly.get("impact"));
        impactMap.put("totalImpact", impact);
        anomaly.put("impact", impactMap);
        List<Object> causes = new ArrayList<>();
        for (Object cause : (List<Object>) anomaly.get("rootCauses")) {
            Map<String, Object> c = new HashMap<>((Map<String, Object>) cause);
            c.put("service", service);
            c.put("linkedAccount", account);
            causes.add(c);
        }
        anomaly.put("rootCauses", causes);
    }

    /** The sample billing alarm (SNS) for another service, state and value; the transition time orders deliveries. */
    public static Map<String, Object> billingAlarm(String serviceName, String state, double value, String changedAt, String messageId) {
        Map<String, Object> alarm = Json.parseObject(Json.string(firstRecord("billing-alarm/sns-alarm.json"), "Sns", "Message"));
        String name = "estimated-charges-" + serviceName;
        alarm.put("AlarmName", name);
        alarm.put("AlarmArn", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name);
        alarm.put("NewStateValue", state);
        alarm.put("OldStateValue", state.equals("OK") ? "ALARM" : "OK");
        alarm.put("StateChangeTime", changedAt);
        alarm.put("NewStateReason", "Threshold Crossed: 1 datapoint [" + value + " (21/11/26 12:00:00)] was compared with the threshold (150.0).");
        @SuppressWarnings("unchecked")
        Map<String, Object> trigger = (Map<String, Object>) alarm.get("Trigger");
        trigger.put("Dimensions", List.of(Map.of("name", "Currency", "value", "USD"), Map.of("name", "ServiceName", "value", serviceName)));
        return sns(Json.write(alarm), messageId, state + ": \"" + name + "\" in US East (N. Virginia)");
    }

    /** The sample FORECASTED budget notification (cloudfront-monthly, so Amazon CloudFront). */
    public static Map<String, Object> budgetForecast(String messageId) {
        return sns(Json.string(firstRecord("budgets/sns-forecasted.json"), "Sns", "Message"), messageId,
                "AWS Budgets: cloudfront-monthly has exceeded your alert threshold");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> firstRecord(String sample) {
        return (Map<String, Object>) Json.list(Json.parseObject(RepoPaths.event(sample)), "Records").get(0);
    }
}
