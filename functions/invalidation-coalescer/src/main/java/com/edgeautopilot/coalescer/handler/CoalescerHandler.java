package com.edgeautopilot.coalescer.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.edgeautopilot.coalescer.ingest.IncomingMessage;
import com.edgeautopilot.coalescer.ingest.IngestResult;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.events.EventShape;
import com.edgeautopilot.common.events.EventShapes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lambda entry point. Takes the raw event stream and routes on the layer's event-shape classifier (so no runtime
 * serializer can silently hand it empty records):
 * <ul>
 *   <li>SQS batch of EventBridge S3 events or S3 notifications → ingest, answer {@code batchItemFailures}
 *       (ReportBatchItemFailures) for the messages that failed;</li>
 *   <li>S3 notification invoking the function directly, or an EventBridge S3 event targeting it → ingest, throw when it
 *       failed (Lambda retries, then the failure destination);</li>
 *   <li>the flush schedule (told apart by its rule: see {@link #isFlushTick}) or {@code {"action":"flush"}} → flush
 *       what is due; any other schedule is refused, never taken for a flush tick.</li>
 * </ul>
 */
public final class CoalescerHandler implements RequestStreamHandler {

    /** The schedule's constant input ({@code {"tick": "coalescer-flush"}}) or rule name suffix that means "flush". */
    public static final String FLUSH_TICK = "coalescer-flush";

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
        return switch (EventShapes.classify(event)) {
            case EventShape.SqsBatch batch -> Responses.BatchItemFailures.of(coalescer.ingestor().ingest(messages(batch), invocationId));
            case EventShape.S3Notification direct -> ingestDirect(text, invocationId);
            case EventShape.EventBridgeEvent bridge when "aws.s3".equals(bridge.source()) -> ingestDirect(text, invocationId);
            case EventShape.ScheduledTick tick when isFlushTick(tick) -> flush(invocationId, false);
            case EventShape.OperatorCommand command when "flush".equals(command.action()) ->
                    flush(invocationId, Boolean.TRUE.equals(command.payload().get("force")));
            case EventShape.ScheduledTick other -> throw new IllegalArgumentException(
                    "scheduled event from rule '" + other.ruleName() + "' is not the coalescer's flush tick; nothing done");
            case EventShape.Unrecognized unrecognized -> throw new IllegalArgumentException("unsupported event: " + unrecognized.reason());
            default -> throw new IllegalArgumentException("unsupported event: expected an SQS batch, an S3 notification, an "
                    + "EventBridge S3 event or the flush schedule; got keys " + event.keySet());
        };
    }

    /**
     * The coalescer's own schedule: the constant input {@code {"tick":"coalescer-flush"}} the template sets on it, a rule
     * named for it ({@code <stack>-}{@value #FLUSH_TICK}), or a schedule event without a rule (a hand-made tick). A digest
     * or any other tick is never a flush.
     */
    public static boolean isFlushTick(EventShape.ScheduledTick tick) {
        return tick.ruleName() == null || tick.isTick(FLUSH_TICK);
    }

    private Responses.Ingested ingestDirect(String text, String invocationId) {
        IngestResult result = coalescer.ingestor().ingest(List.of(new IncomingMessage(invocationId, text)), invocationId);
        if (!result.failedMessageIds().isEmpty()) {
            throw new IllegalArgumentException("S3 event not processed: " + result.failureReasons().get(invocationId));
        }
        return Responses.Ingested.of(result);
    }

    private Responses.Flushes flush(String invocationId, boolean force) {
        return new Responses.Flushes(coalescer.flusher().flushAll(invocationId, force).stream().map(Responses.Flush::of).toList());
    }

    private static List<IncomingMessage> messages(EventShape.SqsBatch batch) {
        List<IncomingMessage> messages = new ArrayList<>();
        for (Map<String, Object> sqs : batch.records()) {
            String id = Json.string(sqs, "messageId");
            if (id == null) {
                // cannot be reported item by item: fail the whole batch rather than lose it
                throw new IllegalArgumentException("SQS record without messageId");
            }
            messages.add(new IncomingMessage(id, Json.string(sqs, "body")));
        }
        return messages;
    }
}
