package com.edgeautopilot.coalescer.support;

import com.edgeautopilot.common.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds events in the shapes AWS delivers them: EventBridge S3 events inside SQS batches. */
public final class S3Events {
    private S3Events() {
    }

    public static String eventBridge(String bucket, String key, String sequencer, boolean deleted) {
        return eventBridge(bucket, key, sequencer, "ev-" + bucket + "-" + key.hashCode() + "-" + sequencer, deleted);
    }

    /** An event without a sequencer (S3 omits it on some paths): only its event id tells deliveries apart. */
    public static String eventBridgeWithoutSequencer(String bucket, String key, String eventId) {
        return eventBridge(bucket, key, null, eventId, false);
    }

    private static String eventBridge(String bucket, String key, String sequencer, String eventId, boolean deleted) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", key);
        object.put("size", 1024);
        object.put("etag", "d41d8cd98f00b204e9800998ecf8427e");
        if (sequencer != null) {
            object.put("sequencer", sequencer);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("version", "0");
        detail.put("bucket", Map.of("name", bucket));
        detail.put("object", object);
        detail.put("request-id", "N4N7GDK58NMKJ12R");
        detail.put("requester", "123456789012");
        detail.put("reason", deleted ? "DeleteObject" : "PutObject");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", eventId);
        event.put("detail-type", deleted ? "Object Deleted" : "Object Created");
        event.put("source", "aws.s3");
        event.put("account", "123456789012");
        event.put("time", "2026-11-21T10:00:00Z");
        event.put("region", "us-east-1");
        event.put("resources", List.of("arn:aws:s3:::" + bucket));
        event.put("detail", detail);
        return Json.write(event);
    }

    /**
     * A deploy burst as S3 and EventBridge deliver it: one Object Created event per key in shuffled order, then, late
     * and shuffled, a second delivery of every fifth event (at-least-once) and an older event of every twentieth key
     * arriving after the newer one (out of order). Sequencers grow with the key's index.
     */
    public static List<String> burst(String bucket, List<String> keys, long seed) {
        List<String> bodies = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String sequencer = String.format("00%014X", 0x1000L + i * 16L);
            bodies.add(eventBridge(bucket, keys.get(i), sequencer, false));
            if (i % 5 == 0) {
                late.add(eventBridge(bucket, keys.get(i), sequencer, false));
            }
            if (i % 20 == 1) {
                late.add(eventBridge(bucket, keys.get(i), String.format("00%014X", 0x1000L + i * 16L - 8), false));
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(bodies, random);
        Collections.shuffle(late, random);
        bodies.addAll(late);
        return bodies;
    }

    /** An SQS event as Lambda's event source mapping sends it, one record per body. */
    public static String sqsBatch(List<String> bodies, int firstId) {
        List<Map<String, Object>> records = new ArrayList<>();
        int id = firstId;
        for (String body : bodies) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", String.format("00000000-0000-4000-8000-%012d", id++));
            record.put("receiptHandle", "AQEB" + id);
            record.put("body", body);
            record.put("attributes", Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "1763719200000",
                    "SenderId", "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp", "1763719200001"));
            record.put("messageAttributes", Map.of());
            record.put("md5OfBody", "e4e68fb7bd0e697a0ae8f1bb342846b3");
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:edge-autopilot-ChangeQueue");
            record.put("awsRegion", "us-east-1");
            records.add(record);
        }
        return Json.write(Map.of("Records", records));
    }
}
