package com.edgeautopilot.testbed.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test handlers that answer what the runtime deserialized from an event, to compare with the raw JSON. */
public final class EventEchoHandlers {

    private EventEchoHandlers() {
    }

    /** S3 notification: the object keys, as the event carries them. */
    public static class S3Keys implements RequestHandler<S3Event, List<String>> {
        @Override
        public List<String> handleRequest(S3Event event, Context context) {
            List<String> keys = new ArrayList<>();
            for (S3EventNotification.S3EventNotificationRecord record : event.getRecords()) {
                keys.add(record.getS3().getObject().getKey());
            }
            return keys;
        }
    }

    /** SNS: the message IDs. */
    public static class SnsMessageIds implements RequestHandler<SNSEvent, List<String>> {
        @Override
        public List<String> handleRequest(SNSEvent event, Context context) {
            List<String> ids = new ArrayList<>();
            for (SNSEvent.SNSRecord record : event.getRecords()) {
                ids.add(record.getSNS().getMessageId());
            }
            return ids;
        }
    }

    /** EventBridge envelope (ScheduledEvent reads any): id, detail-type, source, detail size. */
    public static class EventBridgeEnvelope implements RequestHandler<ScheduledEvent, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", event.getId());
            out.put("detail-type", event.getDetailType());
            out.put("source", event.getSource());
            out.put("detailKeys", event.getDetail() == null ? -1 : event.getDetail().size());
            return out;
        }
    }
}
