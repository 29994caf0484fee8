package com.edgeautopilot.costs.support;

import com.edgeautopilot.common.Json;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An SQS queue (on moto) subscribed to the digest topic: what a machine subscriber receives, read back in order. */
public final class DigestInbox {

    /** One received SNS envelope: subject, attributes and the JSON message (the "sqs" variant of the structured message). */
    public record Received(String subject, Map<String, String> attributes, Map<String, Object> message) {
    }

    private final SqsClient sqs;
    private final String queueUrl;

    private DigestInbox(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static DigestInbox subscribe(SnsClient sns, SqsClient sqs, String topicArn, String queueName) {
        String url = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn));
        return new DigestInbox(sqs, url);
    }

    /** Everything delivered so far (deleted from the queue). */
    public List<Received> drain() {
        List<Received> received = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return received;
            }
            for (Message m : batch) {
                Map<String, Object> envelope = Json.parseObject(m.body());
                Map<String, String> attributes = new java.util.LinkedHashMap<>();
                Map<String, Object> raw = Json.object(envelope, "MessageAttributes");
                if (raw != null) {
                    raw.forEach((k, v) -> attributes.put(k, Json.string(Json.object(raw, k), "Value")));
                }
                received.add(new Received(Json.string(envelope, "Subject"), attributes, Json.parseObject(Json.string(envelope, "Message"))));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }
}
