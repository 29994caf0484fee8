package com.edgeautopilot.coalescer.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/** Attribute access, paginated queries and bounded parallel calls shared by the coalescer's item classes. */
final class Items {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String TTL = "expiresAt";
    private static final int PARALLEL_CALLS = 32;

    private Items() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static String string(Map<String, AttributeValue> item, String name) {
        return item == null || !item.containsKey(name) ? null : item.get(name).s();
    }

    static long longOf(Map<String, AttributeValue> item, String name) {
        Long value = optLong(item, name);
        return value == null ? 0 : value;
    }

    static Long optLong(Map<String, AttributeValue> item, String name) {
        if (item == null || !item.containsKey(name) || item.get(name).n() == null) {
            return null;
        }
        return Long.parseLong(item.get(name).n());
    }

    /** Every item of a query, following pagination. */
    static List<Map<String, AttributeValue>> query(DynamoDbClient dynamo, QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(request).items().forEach(items::add);
        return items;
    }

    /** Runs one call per input on virtual threads, at most {@value #PARALLEL_CALLS} at a time; results in input order. */
    static <T, R> List<R> parallel(Collection<T> inputs, Function<T, R> call) {
        if (inputs.size() <= 1) {
            return inputs.stream().map(call).toList();
        }
        Semaphore permits = new Semaphore(PARALLEL_CALLS);
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
            throw new IllegalStateException("interrupted while calling DynamoDB", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
