package com.edgeautopilot.coalescer.event;

import com.edgeautopilot.common.Json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the event shapes S3 changes arrive in into {@link S3Change}s, decoding keys explicitly per shape:
 * <ul>
 *   <li><b>S3 event notification</b> ({@code Records[].s3.object.key}): form-URL-encoded, {@code +} is a space and
 *       {@code %2B} a plus; decoded with {@link URLDecoder}.</li>
 *   <li><b>EventBridge</b> {@code Object Created} / {@code Object Deleted} ({@code detail.object.key}): AWS does not
 *       document it; the public evidence (events/README.md, "Key encoding per event shape") says the key arrives as
 *       stored, not encoded. {@link EventBridgeKeys} chooses: {@code RAW}, {@code FORM_ENCODED}, or {@code BOTH}
 *       (the default): when a key reads differently decoded (it holds {@code +} or {@code %XX}), both readings are
 *       invalidated, so a wrong guess costs one extra path instead of a stale object. Under BOTH the decoded reading
 *       carries no sequencer (its token is the event id): a sequencer orders the events of one key only.</li>
 *   <li>Either of them wrapped in an SNS notification envelope ({@code Type: Notification}, {@code Message}).</li>
 * </ul>
 * Content changes, in the S3 User Guide's event names: {@code ObjectCreated:*} (Put, Post, Copy,
 * CompleteMultipartUpload), {@code ObjectRemoved:*} (Delete, DeleteMarkerCreated) and
 * {@code LifecycleExpiration:*} (Delete, DeleteMarkerCreated: a lifecycle rule removed the object, so the cached copy
 * is stale; a noncurrent version's expiry also arrives as Delete and costs one path). Not content changes, ignored:
 * {@code ObjectRestore:*} (a temporary copy of an archived object; the object itself is unchanged),
 * {@code ReducedRedundancyLostObject} and {@code IntelligentTiering} (availability, not content: the cached copy stays
 * the right content), {@code Replication:*} (about the replica in another bucket; the replica's own bucket reports its
 * ObjectCreated), {@code LifecycleTransition} (storage class), {@code ObjectTagging:*}, {@code ObjectAcl:Put} and
 * {@code ObjectAnnotation:*} (metadata). EventBridge's detail-types follow the same rule: {@code Object Created} and
 * {@code Object Deleted} (including {@code reason: Lifecycle Expiration}) change content; Object Restore *, Object
 * Tags *, Object ACL Updated, Object Storage Class Changed and Object Access Tier Changed do not.
 * S3's {@code s3:TestEvent} and S3 events that do not change content are {@link ParsedMessage.Ignored}.
 * Anything else is {@link ParsedMessage.Invalid} with the reason.
 */
public final class S3EventParser {

    /** S3's limit on a key's length (UTF-8 bytes); a longer key is a forged or broken record and fails alone. */
    public static final int MAX_KEY_BYTES = 1024;

    /** How EventBridge's {@code detail.object.key} is read (setting EVENTBRIDGE_KEY_ENCODING). */
    public enum EventBridgeKeys { RAW, FORM_ENCODED, BOTH }

    private final EventBridgeKeys eventBridgeKeys;

    public S3EventParser(EventBridgeKeys eventBridgeKeys) {
        this.eventBridgeKeys = eventBridgeKeys;
    }

    public S3EventParser() {
        this(EventBridgeKeys.BOTH);
    }

    /** Parses one message body (JSON text). Never throws: problems come back as {@link ParsedMessage.Invalid}. */
    public ParsedMessage parse(String body) {
        Map<String, Object> root;
        try {
            root = Json.parseObject(body);
        } catch (IllegalArgumentException e) {
            return new ParsedMessage.Invalid(e.getMessage());
        }
        return parse(root);
    }

    public ParsedMessage parse(Map<String, Object> root) {
        try {
            if ("Notification".equals(root.get("Type")) && root.get("Message") instanceof String message) {
                return parse(message);
            }
            if ("s3:TestEvent".equals(root.get("Event"))) {
                return new ParsedMessage.Ignored("s3:TestEvent sent when a bucket notification is configured");
            }
            if (root.containsKey("detail-type")) {
                return fromEventBridge(root);
            }
            if (root.get("Records") instanceof List<?>) {
                return fromNotification(root);
            }
            return new ParsedMessage.Invalid("not an S3 event: no detail-type (EventBridge), Records (S3 notification) or s3:TestEvent");
        } catch (IllegalArgumentException e) {
            return new ParsedMessage.Invalid(e.getMessage());
        }
    }

    private ParsedMessage fromEventBridge(Map<String, Object> event) {
        String source = Json.string(event, "source");
        String detailType = Json.string(event, "detail-type");
        if (!"aws.s3".equals(source)) {
            return new ParsedMessage.Invalid("EventBridge event from source '" + source + "' (" + detailType + "), expected aws.s3");
        }
        boolean deleted;
        if ("Object Created".equals(detailType)) {
            deleted = false;
        } else if ("Object Deleted".equals(detailType)) {
            deleted = true;
        } else {
            return new ParsedMessage.Ignored("S3 event '" + detailType + "' does not change object content");
        }
        String bucket = Json.string(event, "detail", "bucket", "name");
        String rawKey = Json.string(event, "detail", "object", "key");
        if (bucket == null || bucket.isEmpty()) {
            return new ParsedMessage.Invalid("EventBridge " + detailType + " event without detail.bucket.name");
        }
        if (rawKey == null || rawKey.isEmpty()) {
            return new ParsedMessage.Invalid("EventBridge " + detailType + " event without detail.object.key");
        }
        if (tooLong(rawKey)) {
            return new ParsedMessage.Invalid("EventBridge " + detailType + " event with a key of " + rawKey.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; S3 keys are at most " + MAX_KEY_BYTES);
        }
        String sequencer = Sequencers.normalize(Json.string(event, "detail", "object", "sequencer"));
        String id = Json.string(event, "id");
        String token = sequencer != null ? sequencer : (id != null ? "event:" + id : null);
        if (token == null) {
            return new ParsedMessage.Invalid("EventBridge event with neither detail.object.sequencer nor id");
        }
        List<S3Change> changes = new ArrayList<>();
        if (eventBridgeKeys != EventBridgeKeys.FORM_ENCODED) {
            changes.add(new S3Change(bucket, rawKey, sequencer, token, deleted));
        }
        if (eventBridgeKeys != EventBridgeKeys.RAW) {
            String decoded;
            try {
                decoded = decodeFormKey(rawKey);
            } catch (IllegalArgumentException notEncoded) {
                if (eventBridgeKeys == EventBridgeKeys.FORM_ENCODED) {
                    throw notEncoded;
                }
                decoded = rawKey; // "100%.html" cannot be an encoded key: only the raw reading exists
            }
            if (changes.isEmpty()) {
                changes.add(new S3Change(bucket, decoded, sequencer, token, deleted));
            } else if (!decoded.equals(rawKey)) {
                // the second reading of BOTH: the sequencer belongs to the raw reading's key, and sequencers order the
                // events of one key only, so this reading carries none (never ordered against the real object of that
                // name, never taken for a late copy of it)
                String eventId = id != null ? id : "sequencer-" + sequencer;
                changes.add(new S3Change(bucket, decoded, null, "event:" + eventId + "#form-decoded", deleted));
            }
        }
        return new ParsedMessage.Changes(List.copyOf(changes));
    }

    private ParsedMessage fromNotification(Map<String, Object> root) {
        List<Object> records = Json.list(root, "Records");
        List<S3Change> changes = new ArrayList<>();
        int index = 0;
        for (Object item : records) {
            String where = "Records[" + index++ + "]";
            if (!(item instanceof Map<?, ?> map)) {
                return new ParsedMessage.Invalid(where + " is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> record = (Map<String, Object>) map;
            String eventSource = Json.string(record, "eventSource");
            if (!"aws:s3".equals(eventSource)) {
                return new ParsedMessage.Invalid(where + " has eventSource '" + eventSource + "', expected aws:s3");
            }
            String eventName = Json.string(record, "eventName");
            if (eventName == null) {
                return new ParsedMessage.Invalid(where + " has no eventName");
            }
            String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
            boolean deleted;
            if (name.startsWith("ObjectCreated:")) {
                deleted = false;
            } else if (name.startsWith("ObjectRemoved:") || name.startsWith("LifecycleExpiration:")) {
                deleted = true;
            } else {
                continue; // see the class comment: no other event changes what CloudFront serves
            }
            String bucket = Json.string(record, "s3", "bucket", "name");
            String rawKey = Json.string(record, "s3", "object", "key");
            if (bucket == null || bucket.isEmpty()) {
                return new ParsedMessage.Invalid(where + " (" + eventName + ") has no s3.bucket.name");
            }
            if (rawKey == null || rawKey.isEmpty()) {
                return new ParsedMessage.Invalid(where + " (" + eventName + ") has no s3.object.key");
            }
            String sequencer = Sequencers.normalize(Json.string(record, "s3", "object", "sequencer"));
            String token = sequencer != null ? sequencer
                    : "event:" + Json.string(record, "eventTime") + ":" + eventName + ":" + Json.string(record, "responseElements", "x-amz-request-id");
            String key = decodeFormKey(rawKey);
            if (tooLong(key)) {
                return new ParsedMessage.Invalid(where + " (" + eventName + ") has a key of " + key.getBytes(StandardCharsets.UTF_8).length
                        + " bytes; S3 keys are at most " + MAX_KEY_BYTES);
            }
            changes.add(new S3Change(bucket, key, sequencer, token, deleted));
        }
        if (changes.isEmpty()) {
            return new ParsedMessage.Ignored("S3 notification without object created/removed records");
        }
        return new ParsedMessage.Changes(List.copyOf(changes));
    }

    private static boolean tooLong(String key) {
        return key.length() > MAX_KEY_BYTES || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES;
    }

    /** Form-URL-decoding as S3 applies it to keys in events: {@code +} is a space, {@code %XX} a UTF-8 byte. */
    static String decodeFormKey(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("object key '" + raw + "' is not validly URL-encoded: " + e.getMessage(), e);
        }
    }
}
