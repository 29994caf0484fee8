package com.edgeautopilot.coalescer.bench;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Benchmark-only: counts the DynamoDB requests the coalescer's client sends and the capacity units DynamoDB says they
 * consumed. It asks for them on every call ({@code ReturnConsumedCapacity=TOTAL}; DynamoDB Local computes them as
 * DynamoDB does: a read by the size of every item it reads, before a FilterExpression, per 4 KB; a write by the
 * larger of the item's size before and after, per 1 KB). A conditional write whose condition fails answers with an
 * exception that carries no ConsumedCapacity: it is counted as the 1 WCU DynamoDB documents for an item ≤ 1 KB (a
 * cancelled transaction as 2 per item). Each request is put in one {@link Use} by the coalescer's key layout, and its
 * units are also summed by the partition key it names (tests check what one kind of item costs: {@link #readUnits},
 * {@link #writeUnits}).
 */
public final class DynamoMeter implements ExecutionInterceptor {

    /** What a request is for, as the bill scales it. */
    public enum Use {
        /** An object item ({@code OBJ#...}) written: recorded pending or cleared by a flush. */
        OBJECT_ITEM,
        /** The distribution's state item marked pending by an ingest ({@code ADD gen}). */
        PENDING_MARKER,
        /** The write that opens a flush's batch (one per flush). */
        OPEN_BATCH,
        /** Any other write: lease, batch items, acceptance transactions, close, release. */
        OTHER_WRITE,
        /** Any read (told apart by when it happens: an ingest's state read, a tick's, a flush's). */
        READ;

        boolean isWrite() {
            return this != READ;
        }
    }

    /** Requests and units by use since the meter started; {@link #minus} gives a phase's. */
    record Tally(Map<Use, Long> requests, Map<Use, Double> units, long rejectedWrites) {

        static final Tally NONE = new Tally(Map.of(), Map.of(), 0);

        /** The sum of {@code tallies}. */
        static Tally sum(List<Tally> tallies) {
            return tallies.stream().reduce(NONE, (a, b) -> a.combine(b, 1));
        }

        Tally minus(Tally before) {
            return combine(before, -1);
        }

        private Tally combine(Tally other, int sign) {
            Map<Use, Long> requestCounts = new EnumMap<>(Use.class);
            Map<Use, Double> unitSums = new EnumMap<>(Use.class);
            for (Use use : Use.values()) {
                requestCounts.put(use, requests(use) + sign * other.requests(use));
                unitSums.put(use, units(use) + sign * other.units(use));
            }
            return new Tally(requestCounts, unitSums, rejectedWrites + sign * other.rejectedWrites);
        }

        long requests(Use use) {
            return requests.getOrDefault(use, 0L);
        }

        double units(Use use) {
            return units.getOrDefault(use, 0.0);
        }

        long writeRequests() {
            return requests.entrySet().stream().filter(e -> e.getKey().isWrite()).mapToLong(Map.Entry::getValue).sum();
        }

        double writeUnits() {
            return units.entrySet().stream().filter(e -> e.getKey().isWrite()).mapToDouble(Map.Entry::getValue).sum();
        }

        long readRequests() {
            return requests(Use.READ);
        }

        /** Write units of a flush besides the object items it clears. */
        double flushWriteUnits() {
            return units(Use.OPEN_BATCH) + units(Use.OTHER_WRITE);
        }
    }

    private final Map<Use, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<Use, DoubleAdder> units = new ConcurrentHashMap<>();
    private final AtomicLong rejectedWrites = new AtomicLong();
    private final AtomicLong unmeasured = new AtomicLong();
    private final Map<String, AtomicLong> rejectedBy = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> writesByOperation = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> readsByOperation = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> writesByPartition = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> readUnitsByPartition = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> writeUnitsByPartition = new ConcurrentHashMap<>();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> context.request();
        };
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        Use use = useOf(request);
        requests.computeIfAbsent(use, u -> new AtomicLong()).incrementAndGet();
        String operation = request.getClass().getSimpleName().replace("Request", "");
        (use.isWrite() ? writesByOperation : readsByOperation).computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        for (String partition : partitionsWritten(request)) {
            writesByPartition.computeIfAbsent(partition, p -> new AtomicLong()).incrementAndGet();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        List<ConsumedCapacity> consumed = switch (context.response()) {
            case GetItemResponse r -> listOf(r.consumedCapacity());
            case QueryResponse r -> listOf(r.consumedCapacity());
            case ScanResponse r -> listOf(r.consumedCapacity());
            case BatchGetItemResponse r -> r.consumedCapacity();
            case PutItemResponse r -> listOf(r.consumedCapacity());
            case UpdateItemResponse r -> listOf(r.consumedCapacity());
            case DeleteItemResponse r -> listOf(r.consumedCapacity());
            case TransactWriteItemsResponse r -> r.consumedCapacity();
            case BatchWriteItemResponse r -> r.consumedCapacity();
            default -> List.of();
        };
        if (consumed.isEmpty()) {
            unmeasured.incrementAndGet();
            return;
        }
        add(context.request(), consumed.stream().mapToDouble(c -> c.capacityUnits() == null ? 0 : c.capacityUnits()).sum());
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        if (failure instanceof ConditionalCheckFailedException) {
            rejectedWrites.incrementAndGet();
            rejectedBy.computeIfAbsent(describe(context.request()), w -> new AtomicLong()).incrementAndGet();
            add(context.request(), 1);
        } else if (failure instanceof software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException
                && context.request() instanceof TransactWriteItemsRequest t) {
            rejectedWrites.incrementAndGet();
            add(t, 2.0 * t.transactItems().size());
        }
    }

    /**
     * Read units consumed since the meter was installed by reads of partition keys starting with {@code prefix}
     * (a Query by its {@code :pk}, a GetItem by its key).
     */
    public double readUnits(String prefix) {
        return sum(readUnitsByPartition, prefix);
    }

    /**
     * Write units consumed since the meter was installed by single-item writes to partition keys starting with
     * {@code prefix}, a rejected conditional write included; transactions and batch writes count under their
     * operation's name ({@code TransactWriteItems}, {@code BatchWriteItem}).
     */
    public double writeUnits(String prefix) {
        return sum(writeUnitsByPartition, prefix);
    }

    private static double sum(Map<String, DoubleAdder> units, String prefix) {
        return units.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(e -> e.getValue().sum()).sum();
    }

    Tally tally() {
        Map<Use, Long> requestCounts = new EnumMap<>(Use.class);
        Map<Use, Double> unitSums = new EnumMap<>(Use.class);
        requests.forEach((use, count) -> requestCounts.put(use, count.get()));
        units.forEach((use, sum) -> unitSums.put(use, sum.sum()));
        return new Tally(requestCounts, unitSums, rejectedWrites.get());
    }

    /** Successful requests DynamoDB answered without ConsumedCapacity: their units are missing from the tally. */
    long unmeasured() {
        return unmeasured.get();
    }

    /** Rejected conditional writes by what they tried ({@code UpdateItem pk-prefix: update expression}). */
    Map<String, Long> rejectedBy() {
        return snapshot(rejectedBy);
    }

    Map<String, Long> writesByOperation() {
        return snapshot(writesByOperation);
    }

    Map<String, Long> readsByOperation() {
        return snapshot(readsByOperation);
    }

    /** The partition key written most often, with its count. */
    Map.Entry<String, Long> busiestPartition() {
        return snapshot(writesByPartition).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    }

    private void add(SdkRequest request, double capacityUnits) {
        Use use = useOf(request);
        units.computeIfAbsent(use, u -> new DoubleAdder()).add(capacityUnits);
        (use.isWrite() ? writeUnitsByPartition : readUnitsByPartition).computeIfAbsent(partitionOf(request), p -> new DoubleAdder()).add(capacityUnits);
    }

    /** The partition key a single-item request names (a Query's {@code :pk}); the operation's name for the others. */
    private static String partitionOf(SdkRequest request) {
        return switch (request) {
            case GetItemRequest g -> g.key().get("pk").s();
            case QueryRequest q when q.expressionAttributeValues().containsKey(":pk") -> q.expressionAttributeValues().get(":pk").s();
            case UpdateItemRequest u -> u.key().get("pk").s();
            case PutItemRequest p -> p.item().get("pk").s();
            case DeleteItemRequest d -> d.key().get("pk").s();
            default -> request.getClass().getSimpleName().replace("Request", "");
        };
    }

    private static Use useOf(SdkRequest request) {
        return switch (request) {
            case UpdateItemRequest u -> writeUse(u.key(), String.valueOf(u.updateExpression()));
            case PutItemRequest p -> writeUse(p.item(), "");
            case DeleteItemRequest d -> writeUse(d.key(), "");
            case TransactWriteItemsRequest t -> Use.OTHER_WRITE;
            case BatchWriteItemRequest b -> Use.OTHER_WRITE;
            default -> Use.READ;
        };
    }

    private static Use writeUse(Map<String, AttributeValue> key, String update) {
        String partition = key.get("pk").s();
        if (partition.startsWith("OBJ#")) {
            return Use.OBJECT_ITEM;
        }
        if (partition.startsWith("DIST#") && update.contains("ADD gen")) {
            return Use.PENDING_MARKER;
        }
        return update.startsWith("SET openBatch") ? Use.OPEN_BATCH : Use.OTHER_WRITE;
    }

    private static String describe(SdkRequest request) {
        String operation = request.getClass().getSimpleName().replace("Request", "");
        List<String> partitions = partitionsWritten(request);
        String partition = partitions.isEmpty() ? "" : partitions.get(0);
        String kind = partition.isEmpty() ? "" : " " + (partition.contains("#") ? partition.substring(0, partition.indexOf('#') + 1) : partition);
        return operation + kind + (request instanceof UpdateItemRequest u ? " " + u.updateExpression() : "");
    }

    /** Each item a request writes counts against its own partition. */
    private static List<String> partitionsWritten(SdkRequest request) {
        return switch (request) {
            case UpdateItemRequest u -> List.of(u.key().get("pk").s());
            case PutItemRequest p -> List.of(p.item().get("pk").s());
            case DeleteItemRequest d -> List.of(d.key().get("pk").s());
            case TransactWriteItemsRequest t -> t.transactItems().stream()
                    .map(item -> (item.put() != null ? item.put().item() : item.update() != null ? item.update().key()
                            : item.delete() != null ? item.delete().key() : item.conditionCheck().key()).get("pk").s()).toList();
            default -> List.of();
        };
    }

    private static List<ConsumedCapacity> listOf(ConsumedCapacity capacity) {
        return capacity == null ? List.of() : List.of(capacity);
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }
}
