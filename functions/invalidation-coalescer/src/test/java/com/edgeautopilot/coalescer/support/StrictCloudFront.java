package com.edgeautopilot.coalescer.support;

import com.edgeautopilot.coalescer.cdn.CallerReferenceConflict;
import com.edgeautopilot.coalescer.cdn.InvalidationGateway;
import com.edgeautopilot.coalescer.cdn.InvalidationRefused;
import com.edgeautopilot.coalescer.plan.Capacity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A CloudFront double stricter than moto, built from CloudFront's documented behaviour:
 * CallerReference idempotency (same reference + same paths → the existing invalidation, not charged again; same
 * reference + other paths → InvalidationBatchAlreadyExists, as the gateway reports it: {@link CallerReferenceConflict}), path rules (leading {@code /}, {@code *} only last,
 * at most 4,000 characters, only valid percent-escapes, no raw unsafe or non-ASCII characters), the in-progress limits
 * (3,000 files and 15 wildcards per distribution), throttling on demand, and charging per path.
 */
public final class StrictCloudFront implements InvalidationGateway {

    public record Invalidation(String distributionId, String id, String callerReference, List<String> paths, long createdAt) {
        public int wildcards() {
            return (int) paths.stream().filter(p -> p.endsWith("*")).count();
        }
    }

    /** CloudFront answered with an error a retry will not fix. */
    public static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected(String code, String message) {
            super(code + ": " + message);
        }
    }

    private final Map<String, Invalidation> byReference = new HashMap<>();
    private final Map<String, Invalidation> inProgress = new LinkedHashMap<>();
    private final List<Invalidation> created = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private int throttleNext;
    private int crashAfterAcceptingNext;
    private long chargedPaths;
    private int idempotentReplays;
    private Consumer<Invalidation> onAccept = i -> { };
    private LongSupplier clock = System::currentTimeMillis;

    @Override
    public synchronized Accepted submit(String distributionId, String callerReference, List<String> paths) {
        if (throttleNext > 0) {
            throttleNext--;
            throw new InvalidationRefused(InvalidationRefused.Reason.THROTTLED, "Throttling: Rate exceeded", null);
        }
        if (paths.isEmpty() || paths.size() > 3000) {
            throw new Rejected("InvalidArgument", "an invalidation batch holds 1 to 3,000 paths, got " + paths.size());
        }
        for (String path : paths) {
            checkPath(path);
        }
        Invalidation existing = byReference.get(callerReference);
        if (existing != null) {
            if (!new TreeSet<>(existing.paths()).equals(new TreeSet<>(paths)) || !existing.distributionId().equals(distributionId)) {
                throw new CallerReferenceConflict("InvalidationBatchAlreadyExists: caller reference " + callerReference
                        + " was used for another batch", null);
            }
            idempotentReplays++;
            return new Accepted(existing.id(), inProgress.containsKey(existing.id()) ? "InProgress" : "Completed", existing.createdAt());
        }
        int files = 0;
        int wildcards = 0;
        for (Invalidation flight : inProgress.values()) {
            if (flight.distributionId().equals(distributionId)) {
                files += flight.paths().size() - flight.wildcards();
                wildcards += flight.wildcards();
            }
        }
        int newWildcards = (int) paths.stream().filter(p -> p.endsWith("*")).count();
        if (files + paths.size() - newWildcards > Capacity.MAX_FILES_IN_PROGRESS || wildcards + newWildcards > Capacity.MAX_WILDCARDS_IN_PROGRESS) {
            throw new InvalidationRefused(InvalidationRefused.Reason.TOO_MANY_IN_PROGRESS,
                    "TooManyInvalidationsInProgress: " + files + " files and " + wildcards + " wildcards in progress", null);
        }
        Invalidation invalidation = new Invalidation(distributionId, "I" + String.format("%012d", ids.incrementAndGet()), callerReference,
                List.copyOf(paths), clock.getAsLong());
        byReference.put(callerReference, invalidation);
        inProgress.put(invalidation.id(), invalidation);
        created.add(invalidation);
        chargedPaths += paths.size();
        onAccept.accept(invalidation);
        if (crashAfterAcceptingNext > 0) {
            crashAfterAcceptingNext--;
            throw new SimulatedCrash("the function died after CloudFront accepted " + invalidation.id());
        }
        return new Accepted(invalidation.id(), "InProgress", invalidation.createdAt());
    }

    /** Every invalidation in progress on the distribution, whoever created it (as ListInvalidations + GetInvalidation tell). */
    @Override
    public synchronized List<InProgress> inProgress(String distributionId) {
        return inProgress.values().stream().filter(i -> i.distributionId().equals(distributionId))
                .map(i -> new InProgress(i.id(), i.paths().size() - i.wildcards(), i.wildcards())).toList();
    }

    /** CloudFront's clock, which stamps CreateTime (the tests' controllable clock). */
    public synchronized void clock(LongSupplier millis) {
        clock = millis;
    }

    static void checkPath(String path) {
        if (!path.startsWith("/")) {
            throw new Rejected("InvalidArgument", "path must start with '/': " + path);
        }
        if (path.length() > 4000) {
            throw new Rejected("InvalidArgument", "path longer than 4,000 characters");
        }
        int star = path.indexOf('*');
        if (star >= 0 && star != path.length() - 1) {
            throw new Rejected("InvalidArgument", "'*' only as the last character: " + path);
        }
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x80 || b <= 0x20 || b == 0x7f || "\"<>#{}|\\^~[]`?".indexOf(b) >= 0) {
                throw new Rejected("InvalidArgument", "unencoded character 0x" + Integer.toHexString(b) + " in " + path);
            }
            if (b == '%' && (i + 2 >= bytes.length || !isHex(bytes[i + 1]) || !isHex(bytes[i + 2]))) {
                throw new Rejected("InvalidArgument", "'%' not followed by two hex digits in " + path);
            }
        }
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f');
    }

    /** Everything in progress completes (CloudFront takes 10-15 minutes; tests take none). */
    public synchronized void completeAll() {
        inProgress.clear();
    }

    public synchronized void throttleNext(int calls) {
        throttleNext = calls;
    }

    public synchronized void crashAfterAcceptingNext(int calls) {
        crashAfterAcceptingNext = calls;
    }

    public synchronized void onAccept(Consumer<Invalidation> hook) {
        onAccept = hook;
    }

    public synchronized List<Invalidation> created() {
        return Collections.unmodifiableList(new ArrayList<>(created));
    }

    public synchronized long chargedPaths() {
        return chargedPaths;
    }

    public synchronized int idempotentReplays() {
        return idempotentReplays;
    }

    /** Whether an encoded path (as a viewer's cached object) is evicted by any invalidation created so far. */
    public synchronized boolean evicted(String distributionId, String encodedPath) {
        for (Invalidation invalidation : created) {
            if (!invalidation.distributionId().equals(distributionId)) {
                continue;
            }
            for (String path : invalidation.paths()) {
                if (path.endsWith("*") ? encodedPath.startsWith(path.substring(0, path.length() - 1)) : encodedPath.equals(path)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Thrown after an accepted invalidation, as if the function died before recording it. */
    public static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }
}
