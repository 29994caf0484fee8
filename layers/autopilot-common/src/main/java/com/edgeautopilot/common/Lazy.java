package com.edgeautopilot.common;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value built on first use, once, thread-safely. Functions wire their SDK clients through it so an invocation
 * builds (and loads the classes of) only the clients its path calls: an S3-change ingest needs DynamoDB alone, not the
 * CloudFront, SNS and S3 clients a flush uses.
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<? extends T> factory;
    private volatile T value;

    private Lazy(Supplier<? extends T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public static <T> Lazy<T> of(Supplier<? extends T> factory) {
        return new Lazy<>(factory);
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = Objects.requireNonNull(factory.get(), "lazy factory returned null");
                    value = current;
                }
            }
        }
        return current;
    }

    /** Whether {@link #get()} has built the value (for tests and priming decisions). */
    public boolean isBuilt() {
        return value != null;
    }
}
