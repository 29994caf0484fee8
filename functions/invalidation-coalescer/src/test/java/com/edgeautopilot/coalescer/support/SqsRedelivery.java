package com.edgeautopilot.coalescer.support;

import com.edgeautopilot.common.Json;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * An SQS queue in front of the coalescer, as the event source mapping runs it: batches of up to {@code batchSize}
 * messages; the messages the handler reports failed (all of them when it throws) come back at the end of the queue.
 * Remembers, for each object key, a mark taken before its events were first delivered (the object had changed in S3
 * by then, so any invalidation after that mark evicts the stale copy), and which keys had an event accepted.
 */
public final class SqsRedelivery {

    private final Deque<String> queue;
    private final int batchSize;
    private final Map<String, Integer> firstDeliveredAfter = new HashMap<>();
    private final java.util.Set<String> accepted = new java.util.HashSet<>();
    private int nextMessageId;
    public int invocations;
    public int redelivered;
    public int wholeBatchesFailed;

    public SqsRedelivery(List<String> bodies, int batchSize) {
        this.queue = new ArrayDeque<>(bodies);
        this.batchSize = batchSize;
    }

    public boolean done() {
        return queue.isEmpty();
    }

    /** Delivers the next batch (if any); {@code mark} is read before the invocation (e.g. invalidations created so far). */
    public void deliverNext(CoalescerRig rig, IntSupplier mark) {
        if (queue.isEmpty()) {
            return;
        }
        Map<String, String> byId = new HashMap<>();
        List<String> batch = new java.util.ArrayList<>();
        int first = nextMessageId;
        while (batch.size() < batchSize && !queue.isEmpty()) {
            String body = queue.poll();
            byId.put(String.format("00000000-0000-4000-8000-%012d", nextMessageId++), body);
            batch.add(body);
        }
        int before = mark.getAsInt();
        batch.forEach(body -> firstDeliveredAfter.putIfAbsent(keyOf(body), before));
        invocations++;
        List<String> failed;
        try {
            failed = rig.ingest(batch, first);
        } catch (RuntimeException wholeBatch) {
            wholeBatchesFailed++;
            failed = List.copyOf(byId.keySet());
        }
        for (Map.Entry<String, String> message : byId.entrySet()) {
            if (failed.contains(message.getKey())) {
                queue.add(message.getValue());
                redelivered++;
            } else {
                accepted.add(keyOf(message.getValue()));
            }
        }
    }

    /** For each object key, the mark taken before its first delivery. */
    public Map<String, Integer> firstDelivered() {
        return Map.copyOf(firstDeliveredAfter);
    }

    /** Keys with at least one event the handler accepted. */
    public java.util.Set<String> accepted() {
        return java.util.Set.copyOf(accepted);
    }

    private static String keyOf(String eventBridgeBody) {
        return Json.string(Json.parseObject(eventBridgeBody), "detail", "object", "key"); // as S3Events writes it
    }

    @Override
    public String toString() {
        return queue.size() + " messages queued, " + invocations + " invocations";
    }
}
