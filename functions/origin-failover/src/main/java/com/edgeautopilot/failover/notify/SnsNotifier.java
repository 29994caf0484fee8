package com.edgeautopilot.failover.notify;

import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.Map;

/** {@link Notifier} over SNS Publish, with message attributes {@code severity}, {@code distribution}, {@code event}. */
public final class SnsNotifier implements Notifier {

    private final SnsClient sns;
    private final String topicArn;

    public SnsNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(Notice notice) {
        sns.publish(b -> b.topicArn(topicArn).subject(notice.subject()).message(notice.body()).messageAttributes(Map.of(
                "severity", attribute(notice.severity()),
                "distribution", attribute(notice.distributionId()),
                "event", attribute(notice.event()))));
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
