package com.edgeautopilot.common.s3;

import com.edgeautopilot.common.AwsClients;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the S3 client the production way ({@link AwsClients#configured}). It lives in the S3 layer, beside the SDK
 * module, so the common layer does not carry S3 for functions that never call it.
 */
public final class S3Clients {

    private S3Clients() {
    }

    /**
     * S3 with virtual-hosted addressing, as AWS recommends; path-style only when an endpoint override points S3 at a
     * stand-in (bucket subdomains of 127.0.0.1 do not resolve).
     */
    public static S3Client of(AwsClients aws) {
        return aws.configured(S3Client.builder()).forcePathStyle(endpointOverridden("S3", "aws.endpointUrlS3")).build();
    }

    static boolean endpointOverridden(String service, String property) {
        return notBlank(System.getProperty(property)) || notBlank(System.getenv("AWS_ENDPOINT_URL_" + service))
                || notBlank(System.getProperty("aws.endpointUrl")) || notBlank(System.getenv("AWS_ENDPOINT_URL"));
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
