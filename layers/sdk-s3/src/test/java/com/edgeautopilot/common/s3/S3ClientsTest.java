package com.edgeautopilot.common.s3;

import com.edgeautopilot.common.AwsClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The S3 client the factory builds, seen on the request it would send (stopped before the network). */
class S3ClientsTest {

    private static final String OVERRIDE = "aws.endpointUrlS3";

    @Test
    void virtualHostedAddressingAgainstAws() {
        assumeTrue(System.getProperty(OVERRIDE) == null && System.getProperty("aws.endpointUrl") == null
                && System.getenv("AWS_ENDPOINT_URL_S3") == null && System.getenv("AWS_ENDPOINT_URL") == null, "no S3 endpoint override here");
        SdkHttpRequest request = listObjectsRequest();
        assertEquals("example-site-bucket.s3.eu-west-1.amazonaws.com", request.host());
        assertFalse(request.encodedPath().contains("example-site-bucket"), request.encodedPath());
    }

    @Test
    void pathStyleWhenAnOverridePointsS3AtAStandIn() {
        assumeTrue(System.getProperty(OVERRIDE) == null, "nothing of the JVM's to restore");
        System.setProperty(OVERRIDE, "http://127.0.0.1:1");
        try {
            SdkHttpRequest request = listObjectsRequest();
            assertEquals("127.0.0.1", request.host());
            assertTrue(request.encodedPath().startsWith("/example-site-bucket"), request.encodedPath());
        } finally {
            System.clearProperty(OVERRIDE);
        }
    }

    private static SdkHttpRequest listObjectsRequest() {
        AtomicReference<SdkHttpRequest> sent = new AtomicReference<>();
        AwsClients aws = AwsClients.of(Region.EU_WEST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .withOverrides(o -> o.addExecutionInterceptor(new Capture(sent)));
        try (S3Client s3 = S3Clients.of(aws)) {
            assertThrows(Stopped.class, () -> s3.listObjectsV2(b -> b.bucket("example-site-bucket").maxKeys(1000)));
        }
        return sent.get();
    }

    /** Keeps the signed request and stops the call there. */
    record Capture(AtomicReference<SdkHttpRequest> sent) implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            sent.set(context.httpRequest());
            throw new Stopped();
        }
    }

    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
