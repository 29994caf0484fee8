package com.edgeautopilot.coalescer.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.edgeautopilot.coalescer.flush.FlushOutcome;
import com.edgeautopilot.coalescer.ingest.IncomingMessage;
import com.edgeautopilot.coalescer.ingest.IngestResult;
import com.edgeautopilot.common.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point. Takes the raw event stream and tells the shapes apart itself (so no runtime serializer can
 * silently hand it empty records):
 * <ul>
 *   <li>SQS batch ({@code Records[].eventSource = aws:sqs}) of EventBridge S3 events or S3 notifications →
 *       ingest, answer {@code batchItemFailures} (ReportBatchItemFailures) for the messages that failed;</li>
 *   <li>S3 notification invoking the function directly ({@code Records[].eventSource = aws:s3}) or an EventBridge
 *       S3 event targeting it directly → ingest, throw when it failed (Lambda retries, then the failure destination);</li>
 *   <li>EventBridge schedule ({@code detail-type: Scheduled Event}) or {@code {"action":"flush"}} → flush what is due.</li>
 * </ul>
 */
public final class CoalescerHandler implements RequestStreamHandler {

    private final Coalescer coalescer;

    /** Production: wired once per runtime at init (before the SnapStart snapshot; no ids or randomness captured). */
    public CoalescerHandler() {
        this(CoalescerWiring.production());
    }

    public CoalescerHandler(Coalescer coalescer) {
        this.coalescer = coalescer;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        Map<String, Object> event = Json.parseObject(text);
        String invocationId = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : "local-" + System.nanoTime();
        Object response = handle(event, text, invocationId);
        output.write(Json.write(response).getBytes(StandardCharsets.UTF_8));
    }

    Object handle(Map<String, Object> event, String text, String invocationId) {
        List<Object> records = Json.list(event, "Records");
        String firstSource = records != null && !records.isEmpty() && records.get(0) instanceof Map<?, ?> first
                ? String.valueOf(first.get("eventSource")) : null;
        if ("aws:sqs".equals(firstSource)) {
            return sqsBatch(records, invocationId);
        }
        if ("aws:s3".equals(firstSource) || "aws.s3".equals(event.get("source")) || "s3:TestEvent".equals(event.get("Event"))) {
            IngestResult result = coalescer.ingestor().ingest(List.of(new IncomingMessage(invocationId, text)), invocationId);
            if (!result.failedMessageIds().isEmpty()) {
                throw new IllegalArgumentException("S3 event not processed: " + result.failureReasons().get(invocationId));
            }
            return summary(result);
        }
        if ("Scheduled Event".equals(event.get("detail-type")) || "flush".equals(event.get("action"))) {
            boolean force = Boolean.TRUE.equals(event.get("force"));
            List<Map<String, Object>> flushes = new ArrayList<>();
            for (FlushOutcome outcome : coalescer.flusher().flushAll(invocationId, force)) {
                flushes.add(describe(outcome));
            }
            return Map.of("flushes", flushes);
        }
        throw new IllegalArgumentException("unsupported event: expected an SQS batch, an S3 notification, an EventBridge S3 event "
                + "or a scheduled event; got keys " + event.keySet());
    }

    private Map<String, Object> sqsBatch(List<Object> records, String invocationId) {
        List<IncomingMessage> messages = new ArrayList<>();
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Object record : records) {
            @SuppressWarnings("unchecked")
            Map<String, Object> sqs = record instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
            String id = Json.string(sqs, "messageId");
            if (id == null) {
                // cannot be reported item by item: fail the whole batch rather than lose it
                throw new IllegalArgumentException("SQS record without messageId");
            }
            messages.add(new IncomingMessage(id, Json.string(sqs, "body")));
        }
        IngestResult result = coalescer.ingestor().ingest(messages, invocationId);
        for (String id : result.failedMessageIds()) {
            failures.add(Map.of("itemIdentifier", id));
        }
        return Map.of("batchItemFailures", failures);
    }

    private static Map<String, Object> summary(IngestResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("received", result.received());
        out.put("changes", result.changes());
        out.put("uniqueChanges", result.uniqueChanges());
        out.put("newlyPending", result.newlyPending());
        out.put("ignored", result.ignored());
        out.put("flushes", result.flushes().stream().map(CoalescerHandler::describe).toList());
        return out;
    }

    static Map<String, Object> describe(FlushOutcome outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("distributionId", outcome.distributionId());
        out.put("decision", outcome.decision().name());
        if (outcome.batchId() != null) {
            out.put("batchId", outcome.batchId());
            out.put("pendingKeys", outcome.pendingKeys());
            out.put("paths", outcome.paths().size());
            out.put("invalidationIds", outcome.invalidationIds());
            out.put("cleared", outcome.cleared());
            out.put("leftPending", outcome.leftPending());
            out.put("billablePaths", outcome.billablePaths());
        }
        if (outcome.refusal() != null) {
            out.put("refusal", outcome.refusal());
        }
        return out;
    }
}
