package com.edgeautopilot.cli.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Abridged by default, whole on request: the rendering replay prints for each AWS request. */
class RequestSummaryTest {

    private static PublishRequest publish(String message, int attributes) {
        Map<String, MessageAttributeValue> attrs = new LinkedHashMap<>();
        for (int i = 0; i < attributes; i++) {
            attrs.put("a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v" + i).build());
        }
        return PublishRequest.builder().topicArn("arn:aws:sns:us-east-1:111122223333:digests").subject("s").message(message)
                .messageAttributes(attrs).build();
    }

    @Test
    void abridgedCutsLongStringsSayingHowLongAndShortensMaps() {
        String message = "x".repeat(1500);
        Map<String, Object> summary = RequestSummary.of(publish(message, 12), false);
        String shown = (String) summary.get("Message");
        assertTrue(shown.startsWith("x".repeat(RequestSummary.MAX_STRING) + "… (1500 chars"), shown);
        assertTrue(shown.length() < 300, shown);
        Map<?, ?> attributes = (Map<?, ?>) summary.get("MessageAttributes");
        assertEquals(RequestSummary.MAX_ITEMS + 1, attributes.size(), "ten attributes and a '… 2 more' entry: " + attributes);
    }

    @Test
    void wholeKeepsEveryCharacterAndEveryEntry() {
        String message = "digest line\n".repeat(200);
        Map<String, Object> summary = RequestSummary.of(publish(message, 12), true);
        assertEquals(message, summary.get("Message"));
        assertEquals(12, ((Map<?, ?>) summary.get("MessageAttributes")).size());
    }
}
