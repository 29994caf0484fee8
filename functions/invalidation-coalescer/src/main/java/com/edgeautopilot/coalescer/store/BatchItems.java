package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.common.dynamo.DynamoItems;
import com.edgeautopilot.common.dynamo.BoundedParallel;
import com.edgeautopilot.common.Json;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

import static com.edgeautopilot.common.dynamo.DynamoItems.longOf;
import static com.edgeautopilot.common.dynamo.DynamoItems.n;
import static com.edgeautopilot.common.dynamo.DynamoItems.s;

/**
 * A planned batch, in items of bounded size under the distribution's partition:
 * <pre>
 * pk DIST#{distributionId}  sk BATCH#{batchId}                  plannedAt, trigger, firstPendingAt, requests (count),
 *                                                                submitted (accepted request indexes, NS)
 * pk DIST#{distributionId}  sk BATCH#{batchId}#R{i:04}#C{j:04}  chunk j of request i's paths (gzip'd JSON list)
 * pk DIST#{distributionId}  sk BATCH#{batchId}#K{j:04}          chunk j of the changes the batch covers
 *                                                                (gzip'd JSON object: item sort key → change id,
 *                                                                {@link OpenBatch#covered()}); about 70 characters a change
 * </pre>
 * A chunk holds at most {@value #CHUNK_CHARACTERS} characters of paths before compression, so even 3,000 paths of
 * 4,000 high-entropy characters stay far below DynamoDB's 400 KB item limit. Kept 90 days (TTL) for the audit trail.
 */
final class BatchItems {

    static final int CHUNK_CHARACTERS = 250_000;
    private static final Duration RETENTION = Duration.ofDays(90);

    private final DynamoDbClient dynamo;
    private final String table;

    BatchItems(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static Map<String, AttributeValue> key(String distributionId, String batchId) {
        return DynamoItems.key("DIST#" + distributionId, "BATCH#" + batchId);
    }

    /** Writes the chunks, then the header (a header is only ever read with all its chunks present). */
    void write(String distributionId, OpenBatch batch) {
        long expires = (batch.plannedAt() + RETENTION.toMillis()) / 1000;
        List<Map<String, AttributeValue>> chunks = new ArrayList<>();
        for (int request = 0; request < batch.requests().size(); request++) {
            List<List<String>> parts = runs(batch.requests().get(request), String::length, 3);
            for (int part = 0; part < parts.size(); part++) {
                chunks.add(chunkItem(distributionId, batch.batchId(), request, part, parts.get(part), expires));
            }
        }
        if (!batch.covered().isEmpty()) {
            List<List<Map.Entry<String, String>>> parts = runs(batch.covered().entrySet(),
                    change -> change.getKey().length() + change.getValue().length(), 6);
            for (int part = 0; part < parts.size(); part++) {
                Map<String, String> changes = new TreeMap<>();
                parts.get(part).forEach(change -> changes.put(change.getKey(), change.getValue()));
                chunks.add(changesItem(distributionId, batch.batchId(), part, changes, expires));
            }
        }
        BoundedParallel.map(chunks, DynamoCoalescerStore.PARALLEL_WRITES, item -> dynamo.putItem(b -> b.tableName(table).item(item)));
        Map<String, AttributeValue> header = new HashMap<>(key(distributionId, batch.batchId()));
        header.put("plannedAt", n(batch.plannedAt()));
        header.put("trigger", s(batch.trigger()));
        header.put("firstPendingAt", n(batch.firstPendingAt()));
        header.put("requests", n(batch.requests().size()));
        header.put(DynamoItems.TTL_ATTRIBUTE, n(expires));
        dynamo.putItem(b -> b.tableName(table).item(header));
    }

    /**
     * The items in order, in runs of at most {@value #CHUNK_CHARACTERS} characters ({@code characters} of each plus
     * {@code separator} for its JSON quoting), an item longer than that alone in its run; one run at least.
     */
    static <T> List<List<T>> runs(Collection<T> items, ToIntFunction<T> characters, int separator) {
        List<List<T>> runs = new ArrayList<>();
        List<T> run = new ArrayList<>();
        int total = 0;
        for (T item : items) {
            int size = characters.applyAsInt(item);
            if (!run.isEmpty() && total + size > CHUNK_CHARACTERS) {
                runs.add(run);
                run = new ArrayList<>();
                total = 0;
            }
            run.add(item);
            total += size + separator;
        }
        runs.add(run);
        return runs;
    }

    private static Map<String, AttributeValue> chunkItem(String distributionId, String batchId, int request, int part,
                                                         List<String> paths, long expires) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoItems.key("DIST#" + distributionId,
                String.format("BATCH#%s#R%04d#C%04d", batchId, request, part)));
        item.put("request", n(request));
        item.put("paths", AttributeValue.fromB(SdkBytes.fromByteArray(GzipText.gzip(Json.write(paths)))));
        item.put(DynamoItems.TTL_ATTRIBUTE, n(expires));
        return item;
    }

    private static Map<String, AttributeValue> changesItem(String distributionId, String batchId, int part, Map<String, String> changes,
                                                           long expires) {
        Map<String, AttributeValue> item = new HashMap<>(DynamoItems.key("DIST#" + distributionId, String.format("BATCH#%s#K%04d", batchId, part)));
        item.put("changes", AttributeValue.fromB(SdkBytes.fromByteArray(GzipText.gzip(Json.write(changes)))));
        item.put(DynamoItems.TTL_ATTRIBUTE, n(expires));
        return item;
    }

    Optional<OpenBatch> load(String distributionId, String batchId) {
        Map<String, AttributeValue> header = dynamo.getItem(b -> b.tableName(table).key(key(distributionId, batchId)).consistentRead(true)).item();
        if (header == null || header.isEmpty()) {
            return Optional.empty();
        }
        List<List<String>> requests = new ArrayList<>();
        for (int i = 0; i < longOf(header, "requests"); i++) {
            requests.add(new ArrayList<>());
        }
        Map<String, String> covered = new TreeMap<>();
        for (Map<String, AttributeValue> chunk : DynamoItems.queryAll(dynamo, QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s("DIST#" + distributionId), ":prefix", s("BATCH#" + batchId + "#"))).build())) {
            if (chunk.containsKey("changes")) {
                Json.parseObject(GzipText.gunzip(chunk.get("changes").b().asByteArray())).forEach((sortKey, revision) ->
                        covered.put(sortKey, String.valueOf(revision)));
            } else {
                requests.get((int) longOf(chunk, "request")).addAll(paths(chunk.get("paths").b().asByteArray()));
            }
        }
        Set<Integer> submitted = new TreeSet<>();
        if (header.containsKey("submitted")) {
            header.get("submitted").ns().forEach(v -> submitted.add(Integer.parseInt(v)));
        }
        return Optional.of(new OpenBatch(batchId, longOf(header, "plannedAt"), header.get("trigger").s(), longOf(header, "firstPendingAt"),
                requests.stream().map(List::copyOf).toList(), submitted, Map.copyOf(covered)));
    }

    /** The header update recording request {@code index} accepted, failing if it already was (for a transaction). */
    Update markSubmitted(String distributionId, String batchId, int index) {
        return Update.builder().tableName(table).key(key(distributionId, batchId))
                .updateExpression("ADD submitted :index")
                .conditionExpression("NOT contains(submitted, :i)")
                .expressionAttributeValues(Map.of(":index", AttributeValue.fromNs(List.of(Integer.toString(index))), ":i", n(index)))
                .build();
    }

    private static List<String> paths(byte[] gzipped) {
        try {
            List<Object> parsed = com.fasterxml.jackson.jr.ob.JSON.std.listFrom(GzipText.gunzip(gzipped));
            return parsed.stream().map(String::valueOf).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
