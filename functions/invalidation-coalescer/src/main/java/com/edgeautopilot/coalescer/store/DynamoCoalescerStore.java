package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.coalescer.event.S3Change;
import com.edgeautopilot.common.Json;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@link CoalescerStore} on one DynamoDB table ({@code pk}/{@code sk} strings, TTL attribute {@code expiresAt}).
 *
 * <pre>
 * pk                      sk                     what
 * OBJ#{dist}#{shard}      {bucket}/{key}         an object: last sequencer seen; "token" while pending
 * DIST#{dist}             STATE                  pending marker, generation, lease, backoff, open batch
 * DIST#{dist}             BATCH#{id}             a planned batch (gzip JSON requests) and accepted request indexes
 * DIST#{dist}             FLIGHT#{invalidation}  an accepted invalidation still holding in-progress capacity
 * DIST#{dist}             INV#{time}#{id}        audit record of an accepted invalidation (90 days)
 * USAGE                   {yyyy-MM}              account-wide paths submitted this month, signals sent
 * </pre>
 * Object items are spread over {@code shards} partitions per distribution, so a 50k-file deploy is not 50k writes
 * to one partition key. Every write that decides something is conditional.
 */
public final class DynamoCoalescerStore implements CoalescerStore {

    /** The shape template.yaml must give the table (checked by a test against the template). */
    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private static final Duration RECORD_RETENTION = Duration.ofDays(90);
    private static final Duration USAGE_RETENTION = Duration.ofDays(400);
    private static final Duration FLIGHT_RETENTION = Duration.ofDays(2);
    private static final int PARALLEL_WRITES = 32;

    private final DynamoDbClient dynamo;
    private final String table;
    private final int shards;
    private final Duration dedupeWindow;

    public DynamoCoalescerStore(DynamoDbClient dynamo, String table, int shards, Duration dedupeWindow) {
        this.dynamo = dynamo;
        this.table = table;
        this.shards = shards;
        this.dedupeWindow = dedupeWindow;
    }

    // ------------------------------------------------------------------ ingest

    @Override
    public int recordChanges(String distributionId, Collection<S3Change> changes, long now) {
        List<Boolean> newlyPending = parallel(changes, change -> recordOne(distributionId, change, now));
        int added = (int) newlyPending.stream().filter(Boolean::booleanValue).count();
        // After the object writes, so a flush that read the state before them cannot clear the marker (generation moved)
        // and a retried batch whose writes were all done already still (re)sets the marker.
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", n(now));
        values.put(":one", n(1));
        values.put(":added", n(added));
        String update = "SET firstPendingAt = if_not_exists(firstPendingAt, :now)"
                + (added > 0 ? ", lastChangeAt = :now" : "")
                + " ADD gen :one, pendingCount :added";
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(stateKey(distributionId))
                .updateExpression(update).expressionAttributeValues(values).build());
        return added;
    }

    private boolean recordOne(String distributionId, S3Change change, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":token", s(change.token()));
        values.put(":now", n(now));
        String update;
        String condition;
        if (change.sequencer() != null) {
            values.put(":seq", s(change.sequencer()));
            update = "SET #seq = :seq, #last = :token, #token = :token, changedAt = :now REMOVE expiresAt";
            condition = "attribute_not_exists(#seq) OR #seq < :seq";
        } else {
            update = "SET #last = :token, #token = :token, changedAt = :now REMOVE expiresAt";
            condition = "attribute_not_exists(#last) OR #last <> :token";
        }
        Map<String, String> names = new HashMap<>(Map.of("#last", "lastToken", "#token", "token"));
        if (change.sequencer() != null) {
            names.put("#seq", "seq");
        }
        try {
            UpdateItemResponse response = dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(objectKey(distributionId, change.bucket(), change.key()))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.UPDATED_OLD)
                    .build());
            return !response.hasAttributes() || !response.attributes().containsKey("token");
        } catch (ConditionalCheckFailedException duplicateOrStale) {
            return false;
        }
    }

    // ------------------------------------------------------------------ state and lease

    @Override
    public DistributionState state(String distributionId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(stateKey(distributionId)).consistentRead(true)).item();
        return toState(distributionId, item);
    }

    private DistributionState toState(String distributionId, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return DistributionState.empty(distributionId);
        }
        return new DistributionState(distributionId,
                optLong(item, "firstPendingAt"), optLong(item, "lastChangeAt"),
                longOf(item, "pendingCount"), longOf(item, "gen"),
                item.containsKey("leaseOwner") ? item.get("leaseOwner").s() : null,
                longOf(item, "leaseUntil"), longOf(item, "backoffUntil"), (int) longOf(item, "attempts"),
                item.containsKey("openBatch") ? item.get("openBatch").s() : null);
    }

    @Override
    public Map<String, InFlight> inFlight(String distributionId) {
        Map<String, InFlight> result = new LinkedHashMap<>();
        for (Map<String, AttributeValue> item : query(QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s("DIST#" + distributionId), ":prefix", s("FLIGHT#"))).build())) {
            String id = item.get("invalidationId").s();
            result.put(id, new InFlight(id, (int) longOf(item, "files"), (int) longOf(item, "wildcards"), longOf(item, "createdAt")));
        }
        return result;
    }

    @Override
    public Optional<DistributionState> acquireLease(String distributionId, String owner, long now, Duration lease) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(stateKey(distributionId))
                    .updateExpression("SET leaseOwner = :me, leaseUntil = :until")
                    .conditionExpression("attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :me")
                    .expressionAttributeValues(Map.of(":me", s(owner), ":until", n(now + lease.toMillis()), ":now", n(now)))
                    .returnValues(ReturnValue.ALL_NEW).build()).attributes();
            return Optional.of(toState(distributionId, item));
        } catch (ConditionalCheckFailedException held) {
            return Optional.empty();
        }
    }

    @Override
    public void releaseLease(String distributionId, String owner, long backoffUntil, int attempts) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(stateKey(distributionId))
                    .updateExpression("REMOVE leaseOwner, leaseUntil SET backoffUntil = :b, attempts = :a")
                    .conditionExpression("leaseOwner = :me")
                    .expressionAttributeValues(Map.of(":me", s(owner), ":b", n(backoffUntil), ":a", n(attempts))).build());
        } catch (ConditionalCheckFailedException lost) {
            // the lease expired and someone else holds it now: nothing of ours to release
        }
    }

    // ------------------------------------------------------------------ pending

    @Override
    public List<PendingChange> pending(String distributionId) {
        List<PendingChange> result = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            for (Map<String, AttributeValue> item : query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .filterExpression("attribute_exists(#token)")
                    .projectionExpression("sk, #token, changedAt")
                    .expressionAttributeNames(Map.of("#token", "token"))
                    .expressionAttributeValues(Map.of(":pk", s(shardKey(distributionId, shard)))).build())) {
                String objectId = item.get("sk").s();
                int slash = objectId.indexOf('/');
                result.add(new PendingChange(objectId.substring(0, slash), objectId.substring(slash + 1),
                        item.get("token").s(), longOf(item, "changedAt")));
            }
        }
        return result;
    }

    @Override
    public int clearFlushed(String distributionId, Collection<PendingChange> flushed, String batchId, long now) {
        long expires = (now + dedupeWindow.toMillis()) / 1000;
        List<Boolean> cleared = parallel(flushed, change -> {
            try {
                dynamo.updateItem(UpdateItemRequest.builder().tableName(table)
                        .key(objectKey(distributionId, change.bucket(), change.key()))
                        .updateExpression("REMOVE #token SET expiresAt = :expires, lastBatch = :batch")
                        .conditionExpression("#token = :token")
                        .expressionAttributeNames(Map.of("#token", "token"))
                        .expressionAttributeValues(Map.of(":expires", n(expires), ":batch", s(batchId), ":token", s(change.token())))
                        .build());
                return true;
            } catch (ConditionalCheckFailedException changedDuringFlush) {
                return false;
            }
        });
        return (int) cleared.stream().filter(Boolean::booleanValue).count();
    }

    // ------------------------------------------------------------------ batches

    @Override
    public void openBatch(String distributionId, String owner, OpenBatch batch) {
        Map<String, AttributeValue> item = new HashMap<>(batchKey(distributionId, batch.batchId()));
        item.put("plannedAt", n(batch.plannedAt()));
        item.put("trigger", s(batch.trigger()));
        item.put("firstPendingAt", n(batch.firstPendingAt()));
        item.put("requests", AttributeValue.builder().b(SdkBytes.fromByteArray(gzip(Json.write(batch.requests())))).build());
        item.put("expiresAt", n((batch.plannedAt() + RECORD_RETENTION.toMillis()) / 1000));
        dynamo.putItem(b -> b.tableName(table).item(item));
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(stateKey(distributionId))
                .updateExpression("SET openBatch = :id")
                .conditionExpression("leaseOwner = :me AND attribute_not_exists(openBatch)")
                .expressionAttributeValues(Map.of(":id", s(batch.batchId()), ":me", s(owner))).build());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<OpenBatch> loadBatch(String distributionId, String batchId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(batchKey(distributionId, batchId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        List<List<String>> requests = new ArrayList<>();
        Object parsed;
        try {
            parsed = com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(gunzip(item.get("requests").b().asByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Object request : (List<Object>) parsed) {
            requests.add(((List<Object>) request).stream().map(String::valueOf).toList());
        }
        Set<Integer> submitted = new TreeSet<>();
        if (item.containsKey("submitted")) {
            item.get("submitted").ns().forEach(v -> submitted.add(Integer.parseInt(v)));
        }
        return Optional.of(new OpenBatch(batchId, longOf(item, "plannedAt"), item.get("trigger").s(), longOf(item, "firstPendingAt"),
                requests, submitted));
    }

    @Override
    public void requestAccepted(String distributionId, OpenBatch batch, int index, InFlight inFlight, InvalidationRecord record) {
        Map<String, AttributeValue> flight = new HashMap<>(Map.of(
                "pk", s("DIST#" + distributionId), "sk", s("FLIGHT#" + inFlight.invalidationId()),
                "invalidationId", s(inFlight.invalidationId()), "files", n(inFlight.files()), "wildcards", n(inFlight.wildcards()),
                "createdAt", n(inFlight.createdAt()), "expiresAt", n((inFlight.createdAt() + FLIGHT_RETENTION.toMillis()) / 1000)));
        dynamo.putItem(b -> b.tableName(table).item(flight));

        Map<String, AttributeValue> audit = new HashMap<>();
        audit.put("pk", s("DIST#" + distributionId));
        audit.put("sk", s(String.format("INV#%013d#%s", record.createdAt(), record.invalidationId())));
        audit.put("invalidationId", s(record.invalidationId()));
        audit.put("callerReference", s(record.callerReference()));
        audit.put("batchId", s(record.batchId()));
        audit.put("paths", n(record.paths()));
        audit.put("wildcards", n(record.wildcards()));
        audit.put("billablePaths", n(record.billablePaths()));
        audit.put("trigger", s(record.trigger()));
        audit.put("createdAt", n(record.createdAt()));
        audit.put("latencyMillis", n(record.latencyMillis()));
        audit.put("expiresAt", n((record.createdAt() + RECORD_RETENTION.toMillis()) / 1000));
        dynamo.putItem(b -> b.tableName(table).item(audit));

        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(batchKey(distributionId, batch.batchId()))
                .updateExpression("ADD submitted :index")
                .expressionAttributeValues(Map.of(":index", AttributeValue.builder().ns(Integer.toString(index)).build())).build());
    }

    @Override
    public void closeBatch(String distributionId, String owner, long generation, boolean leftPending, long stillPendingSince) {
        if (!leftPending) {
            try {
                dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(stateKey(distributionId))
                        .updateExpression("REMOVE openBatch, firstPendingAt SET pendingCount = :zero")
                        .conditionExpression("gen = :gen AND leaseOwner = :me")
                        .expressionAttributeValues(Map.of(":zero", n(0), ":gen", n(generation), ":me", s(owner))).build());
                return;
            } catch (ConditionalCheckFailedException ingestedMeanwhile) {
                // changes arrived during the flush: keep the distribution marked pending
            }
        }
        dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(stateKey(distributionId))
                .updateExpression("REMOVE openBatch SET firstPendingAt = :since")
                .expressionAttributeValues(Map.of(":since", n(stillPendingSince))).build());
    }

    @Override
    public void completeInFlight(String distributionId, Set<String> completedIds) {
        for (String id : completedIds) {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("DIST#" + distributionId), "sk", s("FLIGHT#" + id))));
        }
    }

    // ------------------------------------------------------------------ usage and records

    @Override
    public long addUsage(YearMonth month, long paths) {
        Map<String, AttributeValue> item = dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(usageKey(month))
                .updateExpression("ADD paths :n SET expiresAt = if_not_exists(expiresAt, :expires)")
                .expressionAttributeValues(Map.of(":n", n(paths),
                        ":expires", n(month.atDay(1).toEpochDay() * 86_400 + USAGE_RETENTION.toSeconds())))
                .returnValues(ReturnValue.UPDATED_NEW).build()).attributes();
        return longOf(item, "paths");
    }

    @Override
    public long usage(YearMonth month) {
        return longOf(dynamo.getItem(b -> b.tableName(table).key(usageKey(month)).consistentRead(true)).item(), "paths");
    }

    @Override
    public boolean claimUsageSignal(YearMonth month, String threshold) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(usageKey(month))
                    .updateExpression("ADD signals :t")
                    .conditionExpression("NOT contains(signals, :v)")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.builder().ss(threshold).build(), ":v", s(threshold))).build());
            return true;
        } catch (ConditionalCheckFailedException alreadySent) {
            return false;
        }
    }

    @Override
    public List<InvalidationRecord> invalidations(String distributionId, int limit) {
        List<InvalidationRecord> result = new ArrayList<>();
        QueryResponse response = dynamo.query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s("DIST#" + distributionId), ":prefix", s("INV#")))
                .scanIndexForward(false).limit(limit).build());
        for (Map<String, AttributeValue> item : response.items()) {
            result.add(new InvalidationRecord(distributionId, item.get("invalidationId").s(), item.get("callerReference").s(),
                    item.get("batchId").s(), (int) longOf(item, "paths"), (int) longOf(item, "wildcards"), longOf(item, "billablePaths"),
                    item.get("trigger").s(), longOf(item, "createdAt"), longOf(item, "latencyMillis")));
        }
        return result;
    }

    // ------------------------------------------------------------------ helpers

    int shardOf(String bucket, String key) {
        return Math.floorMod((bucket + "/" + key).hashCode(), shards);
    }

    private String shardKey(String distributionId, int shard) {
        return String.format("OBJ#%s#%02d", distributionId, shard);
    }

    private Map<String, AttributeValue> objectKey(String distributionId, String bucket, String key) {
        return Map.of("pk", s(shardKey(distributionId, shardOf(bucket, key))), "sk", s(bucket + "/" + key));
    }

    private static Map<String, AttributeValue> stateKey(String distributionId) {
        return Map.of("pk", s("DIST#" + distributionId), "sk", s("STATE"));
    }

    private static Map<String, AttributeValue> batchKey(String distributionId, String batchId) {
        return Map.of("pk", s("DIST#" + distributionId), "sk", s("BATCH#" + batchId));
    }

    private static Map<String, AttributeValue> usageKey(YearMonth month) {
        return Map.of("pk", s("USAGE"), "sk", s(month.toString()));
    }

    private List<Map<String, AttributeValue>> query(QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(request).items().forEach(items::add);
        return items;
    }

    /** Runs one call per element on virtual threads, at most {@link #PARALLEL_WRITES} at a time, in input order. */
    private static <T, R> List<R> parallel(Collection<T> inputs, Function<T, R> call) {
        if (inputs.size() <= 1) {
            return inputs.stream().map(call).toList();
        }
        Semaphore permits = new Semaphore(PARALLEL_WRITES);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> futures = new ArrayList<>();
            for (T input : inputs) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return call.apply(input);
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to DynamoDB", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static long longOf(Map<String, AttributeValue> item, String name) {
        Long value = optLong(item, name);
        return value == null ? 0 : value;
    }

    private static Long optLong(Map<String, AttributeValue> item, String name) {
        if (item == null || !item.containsKey(name) || item.get(name).n() == null) {
            return null;
        }
        return Long.parseLong(item.get(name).n());
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String gunzip(byte[] data) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
