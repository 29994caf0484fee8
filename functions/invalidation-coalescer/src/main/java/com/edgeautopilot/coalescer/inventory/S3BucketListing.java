package com.edgeautopilot.coalescer.inventory;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link BucketListing} with ListObjectsV2 (1,000 keys a page; needs s3:ListBucket on the bucket). */
public final class S3BucketListing implements BucketListing {

    private final S3Client s3;

    public S3BucketListing(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Optional<List<String>> keys(String bucket, String prefix, int maxObjects) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).maxKeys(1000);
            if (!prefix.isEmpty()) {
                request.prefix(prefix);
            }
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = s3.listObjectsV2(request.build());
            for (S3Object object : page.contents()) {
                keys.add(object.key());
            }
            if (keys.size() > maxObjects) {
                return Optional.empty();
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return Optional.of(keys);
    }
}
