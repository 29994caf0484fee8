package com.edgeautopilot.testbed;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.common.cloudwatch.CloudWatchClients;
import com.edgeautopilot.common.s3.S3Clients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The clients the service layers' factories ({@link CloudFrontClients}, {@link CloudWatchClients}, {@link S3Clients}) build for a function in
 * eu-west-1, seen on the signed request they would send (stopped there, before the network).
 */
class ClientFactoriesTest {

    private static final String S3_OVERRIDE = "aws.endpointUrlS3";

    /** Endpoint overrides other tests in this JVM left behind ({@link LocalAws} sets them JVM-wide), put back after. */
    private final Map<String, String> leftBehind = new HashMap<>();

    @BeforeEach
    void withoutEndpointOverrideProperties() {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("aws.endpointUrl")) {
                leftBehind.put(name, System.clearProperty(name));
            }
        }
    }

    @AfterEach
    void restoreEndpointOverrideProperties() {
        System.clearProperty(S3_OVERRIDE);
        leftBehind.forEach(System::setProperty);
    }

    @Test
    void cloudFrontIsSignedForUsEast1AtTheGlobalEndpointWhateverTheFunctionsRegion() {
        assumeTrue(noEnvironmentOverride("CLOUDFRONT"), "no CloudFront endpoint override in the environment");
        SdkHttpRequest request = sent(CloudFrontClients::of, (CloudFrontClient cloudFront) -> cloudFront.getDistributionConfig(b -> b.id("E2QWRUHAPOMQZL")));
        assertEquals("cloudfront.amazonaws.com", request.host());
        String authorization = request.firstMatchingHeader("Authorization").orElseThrow();
        assertTrue(authorization.contains("/us-east-1/cloudfront/aws4_request"), authorization);
    }

    @Test
    void cloudWatchIsSignedForTheRegionItIsAskedFor() {
        assumeTrue(noEnvironmentOverride("CLOUDWATCH"), "no CloudWatch endpoint override in the environment");
        SdkHttpRequest request = sent(aws -> CloudWatchClients.in(aws, "us-west-2"),
                (CloudWatchClient cloudWatch) -> cloudWatch.describeAlarms(b -> b.alarmNames("edge-autopilot-standby-origin-unhealthy")));
        assertEquals("monitoring.us-west-2.amazonaws.com", request.host());
        String authorization = request.firstMatchingHeader("Authorization").orElseThrow();
        assertTrue(authorization.contains("/us-west-2/monitoring/aws4_request"), authorization);
    }

    @Test
    void s3UsesVirtualHostedAddressingAgainstAws() {
        assumeTrue(noEnvironmentOverride("S3"), "no S3 endpoint override in the environment");
        SdkHttpRequest request = sent(S3Clients::of, (S3Client s3) -> s3.listObjectsV2(b -> b.bucket("example-site-bucket")));
        assertEquals("example-site-bucket.s3.eu-west-1.amazonaws.com", request.host());
        assertFalse(request.encodedPath().contains("example-site-bucket"), request.encodedPath());
    }

    @Test
    void s3UsesPathStyleWhenAnOverridePointsItAtAStandIn() {
        System.setProperty(S3_OVERRIDE, "http://127.0.0.1:1");
        SdkHttpRequest request = sent(S3Clients::of, (S3Client s3) -> s3.listObjectsV2(b -> b.bucket("example-site-bucket")));
        assertEquals("127.0.0.1", request.host());
        assertTrue(request.encodedPath().startsWith("/example-site-bucket"), request.encodedPath());
    }

    private static boolean noEnvironmentOverride(String service) {
        return System.getenv("AWS_ENDPOINT_URL_" + service) == null && System.getenv("AWS_ENDPOINT_URL") == null;
    }

    /** Builds a client with the factory for a function in eu-west-1, makes the call, returns the request it signed. */
    private static <C extends AutoCloseable> SdkHttpRequest sent(Function<AwsClients, C> factory, Consumer<C> call) {
        AtomicReference<SdkHttpRequest> sent = new AtomicReference<>();
        AwsClients aws = AwsClients.of(Region.EU_WEST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .withOverrides(o -> o.addExecutionInterceptor(new Capture(sent)));
        C client = factory.apply(aws);
        try (client) {
            assertThrows(Stopped.class, () -> call.accept(client));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return sent.get();
    }

    /** Keeps the signed request and stops the call there. */
    private record Capture(AtomicReference<SdkHttpRequest> sent) implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            sent.set(context.httpRequest());
            throw new Stopped();
        }
    }

    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
