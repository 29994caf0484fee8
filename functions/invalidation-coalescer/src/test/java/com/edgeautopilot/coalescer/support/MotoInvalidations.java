package com.edgeautopilot.coalescer.support;

import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;
import software.amazon.awssdk.services.cloudfront.model.InvalidationSummary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What CloudFront (moto) holds for one distribution, read through a client without faults, and what CloudFront would
 * charge for it. moto creates a new invalidation for a caller reference it has seen; CloudFront returns the existing
 * one and charges nothing (same reference, same paths), so charges are counted once per caller reference.
 */
public final class MotoInvalidations {

    /** One created invalidation, in creation order ({@code index}). */
    public record Created(int index, String callerReference, List<String> paths) {
    }

    /** What CloudFront would bill: batches (distinct caller references) and paths, and what was paid twice. */
    public record Charges(int batches, long paths, int batchesPaidTwice, int exactPathsPaidTwice, int conflictingReferences, List<String> paidTwice) {
    }

    private final CloudFrontClient cloudFront;
    private final String distributionId;

    private MotoInvalidations(CloudFrontClient cloudFront, String distributionId) {
        this.cloudFront = cloudFront;
        this.distributionId = distributionId;
    }

    public static MotoInvalidations withNewDistribution(CloudFrontClient cloudFront) {
        String id = cloudFront.createDistribution(b -> b.distributionConfig(DistributionConfig.builder()
                .callerReference("faults-" + System.nanoTime()).comment("edge autopilot fault test").enabled(true)
                .origins(o -> o.quantity(1).items(origin -> origin.id("site").domainName(CoalescerRig.BUCKET + ".s3.amazonaws.com")
                        .s3OriginConfig(s3 -> s3.originAccessIdentity(""))))
                .defaultCacheBehavior(c -> c.targetOriginId("site").viewerProtocolPolicy("redirect-to-https")
                        .cachePolicyId("658327ea-f89d-4fab-a63d-7e88639e58f6"))
                .build())).distribution().id();
        return new MotoInvalidations(cloudFront, id);
    }

    public String distributionId() {
        return distributionId;
    }

    /** How many invalidations exist (a mark: those created later have an index at least this). */
    public int count() {
        return summaries().size();
    }

    private List<InvalidationSummary> summaries() {
        List<InvalidationSummary> all = new ArrayList<>();
        String marker = null;
        while (true) {
            String from = marker;
            var list = cloudFront.listInvalidations(b -> b.distributionId(distributionId).marker(from)).invalidationList();
            all.addAll(list.items());
            if (!Boolean.TRUE.equals(list.isTruncated())) {
                return all; // moto lists everything in one page
            }
            marker = list.nextMarker();
        }
    }

    /** Every invalidation, in creation order (moto lists them so). */
    public List<Created> created() {
        List<Created> created = new ArrayList<>();
        for (InvalidationSummary summary : summaries()) {
            Invalidation i = cloudFront.getInvalidation(b -> b.distributionId(distributionId).id(summary.id())).invalidation();
            created.add(new Created(created.size(), i.invalidationBatch().callerReference(), i.invalidationBatch().paths().items()));
        }
        return created;
    }

    /** Whether an encoded path is evicted by an invalidation created at or after {@code mark}. */
    public static boolean evictedFrom(List<Created> created, String encodedPath, int mark) {
        for (Created c : created) {
            if (c.index() < mark) {
                continue;
            }
            for (String path : c.paths()) {
                if (path.endsWith("*") ? encodedPath.startsWith(path.substring(0, path.length() - 1)) : encodedPath.equals(path)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Charges as CloudFront bills them: once per caller reference. A batch is paid twice when the same path set comes
     * under two references (unless every path of it belongs to an object that changed twice); an exact (non-wildcard)
     * path when two references carry it, unless its object changed twice.
     */
    public static Charges charges(List<Created> created) {
        return charges(created, Set.of());
    }

    /** As {@link #charges(List)}; {@code changedTwice} are exact paths of objects that really changed twice (paid twice rightly). */
    public static Charges charges(List<Created> created, Set<String> changedTwice) {
        Map<String, Set<String>> byReference = new HashMap<>();
        int conflicts = 0;
        for (Created c : created) {
            Set<String> earlier = byReference.putIfAbsent(c.callerReference(), new TreeSet<>(c.paths()));
            if (earlier != null && !earlier.equals(new TreeSet<>(c.paths()))) {
                conflicts++; // CloudFront would have refused it (InvalidationBatchAlreadyExists)
            }
        }
        Set<Set<String>> batches = new HashSet<>();
        Set<String> exact = new HashSet<>();
        int batchesTwice = 0;
        int exactTwice = 0;
        List<String> paidTwice = new ArrayList<>();
        long paths = 0;
        for (Set<String> batch : byReference.values()) {
            paths += batch.size();
            if (!batches.add(batch) && !changedTwice.containsAll(batch)) {
                batchesTwice++; // a repeated batch of paths whose objects all changed twice is paid twice rightly
            }
            for (String path : batch) {
                if (!path.endsWith("*") && !exact.add(path) && !changedTwice.contains(path)) {
                    exactTwice++;
                    paidTwice.add(path + " in " + byReference.entrySet().stream().filter(e -> e.getValue().contains(path)).map(Map.Entry::getKey).toList());
                }
            }
        }
        return new Charges(byReference.size(), paths, batchesTwice, exactTwice, conflicts, paidTwice);
    }
}
