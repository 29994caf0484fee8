package com.edgeautopilot.coalescer.usage;

import com.edgeautopilot.common.Json;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Publishes usage signals as JSON on the usage topic, with message attributes {@code kind=invalidation-usage} and
 * {@code threshold} so the cost-alerts function (or any subscriber) can filter.
 */
public final class SnsUsageSignals implements UsageSignals {

    private final SnsClient sns;
    private final String topicArn;

    public SnsUsageSignals(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(UsageSignal signal) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("kind", "invalidation-usage");
        message.put("month", signal.month());
        message.put("pathsUsed", signal.pathsUsed());
        message.put("freePaths", signal.freePaths());
        message.put("threshold", signal.threshold());
        message.put("accountScope", "stack");
        String percent = String.format(Locale.ROOT, "%.0f%%", signal.threshold() * 100);
        sns.publish(b -> b.topicArn(topicArn)
                .subject("CloudFront invalidation paths: " + percent + " of the monthly free paths used (" + signal.month() + ")")
                .message(Json.write(message))
                .messageAttributes(Map.of(
                        "kind", MessageAttributeValue.builder().dataType("String").stringValue("invalidation-usage").build(),
                        "threshold", MessageAttributeValue.builder().dataType("Number").stringValue(Double.toString(signal.threshold())).build())));
    }
}
