package com.edgeautopilot.costs.notify;

import com.edgeautopilot.common.Json;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Publishes on the digest topic as one message with {@code MessageStructure=json}: e-mail subscribers (and the
 * {@code default} for every other protocol, plain HTTP included) get the text; SQS, Lambda and HTTPS subscribers get the same content as
 * JSON. Message attributes (e.g. {@code severity}, {@code service}, {@code account}) let subscriptions filter.
 */
public final class SnsNotifier implements Notifier {

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    /** The published message: the text for {@code default} and {@code email}, the JSON for {@code sqs}, {@code lambda}, {@code https}. */
    public static String message(Notification notification) {
        String json = Json.write(notification.json());
        Map<String, String> structure = new LinkedHashMap<>();
        structure.put("default", notification.text());
        structure.put("email", notification.text());
        structure.put("sqs", json);
        structure.put("lambda", json);
        structure.put("https", json);
        return Json.write(structure);
    }

    @Override
    public void send(Notification notification) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        notification.attributes().forEach((name, value) -> attributes.put(name, MessageAttributeValue.builder().dataType("String")
                .stringValue(value == null || value.isEmpty() ? "unknown" : value).build()));
        sns.publish(b -> b.topicArn(topicArn)
                .subject(notification.subject())
                .messageStructure("json")
                .message(message(notification))
                .messageAttributes(attributes));
    }
}
