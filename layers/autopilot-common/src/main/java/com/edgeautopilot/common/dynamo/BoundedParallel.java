package com.edgeautopilot.common.dynamo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Runs one blocking call per input on virtual threads, at most {@code limit} at a time, and returns the results in input
 * order. For fan-outs of independent DynamoDB writes (one conditional write per changed object). The first failure is
 * rethrown after every call has finished, so no write is left running behind the caller's back.
 */
public final class BoundedParallel {

    private BoundedParallel() {
    }

    public static <T, R> List<R> map(Collection<T> inputs, int limit, Function<T, R> call) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (inputs.size() <= 1 || limit == 1) {
            return inputs.stream().map(call).toList();
        }
        Semaphore permits = new Semaphore(limit);
        List<Future<R>> futures = new ArrayList<>(inputs.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
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
        } // close() waits for every task
        List<R> results = new ArrayList<>(futures.size());
        RuntimeException first = null;
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for parallel calls", e);
            } catch (ExecutionException e) {
                RuntimeException failure = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
                results.add(null);
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }
}
