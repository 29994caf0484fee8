package com.edgeautopilot.common.cloudfront;

import com.edgeautopilot.common.AwsClients;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CloudFront client the factory builds, seen on the request it would send (stopped before the network). */
class CloudFrontClientsTest {

    @Test
    void signsForUsEast1AtTheGlobalEndpointWhateverTheFunctionsRegion() {
        AtomicReference<SdkHttpRequest> sent = new AtomicReference<>();
        AwsClients aws = AwsClients.of(Region.EU_WEST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .withOverrides(o -> o.addExecutionInterceptor(new Capture(sent)));
        try (CloudFrontClient cloudFront = CloudFrontClients.of(aws)) {
            assertThrows(Stopped.class, () -> cloudFront.getDistributionConfig(b -> b.id("E2QWRUHAPOMQZL")));
        }
        SdkHttpRequest request = sent.get();
        assertEquals("cloudfront.amazonaws.com", request.host());
        String authorization = request.firstMatchingHeader("Authorization").orElseThrow();
        assertTrue(authorization.contains("/us-east-1/cloudfront/aws4_request"), authorization);
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
