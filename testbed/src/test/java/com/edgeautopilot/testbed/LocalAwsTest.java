package com.edgeautopilot.testbed;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkClient;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients are production's, pointed at loopback stand-ins only through the SDK's standard settings. */
@ExtendWith({DynamoDbLocalExtension.class, MotoServerExtension.class})
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class LocalAwsTest {

    private static URI endpoint(SdkClient client) {
        return client.serviceClientConfiguration().endpointOverride().orElseThrow();
    }

    @Test
    void everyClientTargetsItsStandIn(DynamoDbLocal dynamo, MotoServer moto) {
        LocalAws aws = LocalAws.current();
        assertEquals(dynamo.endpoint(), endpoint(aws.dynamoDb()));
        assertEquals(moto.endpoint(), endpoint(aws.cloudFront()));
        assertEquals(moto.endpoint(), endpoint(aws.sns()));
        assertEquals(moto.endpoint(), endpoint(aws.sqs()));
        assertEquals("us-east-1", aws.clients().region().id());
        assertEquals(LocalAws.ACCESS_KEY_ID, aws.sqs().serviceClientConfiguration().credentialsProvider()
                .resolveIdentity().join().accessKeyId());
    }

    @Test
    void theProductionFactoryItselfFollowsTheSettings(DynamoDbLocal dynamo) {
        LocalAws.current();
        try (var client = com.edgeautopilot.common.AwsClients.fromEnvironment().dynamoDb()) {
            assertEquals(dynamo.endpoint(), endpoint(client));
            client.listTables(); // reaches DynamoDB Local with the fake credentials
        }
    }

    @Test
    void extraClientsAreConfiguredLikeTheFactorysClients() {
        LocalAws aws = LocalAws.current();
        var reference = aws.sns().serviceClientConfiguration().overrideConfiguration();
        var sqs = aws.sqs().serviceClientConfiguration().overrideConfiguration();
        assertEquals(reference.apiCallTimeout(), sqs.apiCallTimeout());
        assertEquals(reference.retryStrategy().map(s -> s.getClass()), sqs.retryStrategy().map(s -> s.getClass()));
        assertEquals(reference.retryStrategy().map(s -> s.maxAttempts()), sqs.retryStrategy().map(s -> s.maxAttempts()));
    }

    @Test
    void theLambdaEnvironmentPointsAtTheSameStandIns(DynamoDbLocal dynamo, MotoServer moto) {
        Map<String, String> env = LocalAws.current().lambdaEnvironment();
        assertEquals(dynamo.endpoint().toString(), env.get("AWS_ENDPOINT_URL_DYNAMODB"));
        assertEquals(moto.endpoint().toString(), env.get("AWS_ENDPOINT_URL"));
        assertEquals(moto.endpoint().toString(), env.get("AWS_ENDPOINT_URL_SNS"));
        assertEquals("us-east-1", env.get("AWS_REGION"));
        assertEquals(LocalAws.ACCESS_KEY_ID, env.get("AWS_ACCESS_KEY_ID"));
    }

    @Test
    void aNonLoopbackEndpointSettingIsRefused() {
        LocalAws.current();
        String property = "aws.endpointUrlSns";
        String previous = System.getProperty(property);
        System.setProperty(property, "https://sns.us-east-1.amazonaws.com");
        try {
            IllegalStateException error = assertThrows(IllegalStateException.class, LocalAws::assertLoopbackOnly);
            assertTrue(error.getMessage().contains("-Daws.endpointUrlSns=https://sns.us-east-1.amazonaws.com is not a loopback address"),
                    error.getMessage());
        } finally {
            System.setProperty(property, previous);
        }
        LocalAws.assertLoopbackOnly();
    }

    @Test
    void loopbackMeansLoopbackWithoutDns() {
        assertTrue(Loopback.isLoopback(URI.create("http://127.0.0.1:4566")));
        assertTrue(Loopback.isLoopback(URI.create("http://127.1.2.3:1")));
        assertTrue(Loopback.isLoopback(URI.create("http://localhost:8000")));
        assertTrue(Loopback.isLoopback(URI.create("http://[::1]:8000")));
        assertFalse(Loopback.isLoopback(URI.create("https://dynamodb.us-east-1.amazonaws.com")));
        assertFalse(Loopback.isLoopback(URI.create("http://10.0.0.1:8000")));
        assertFalse(Loopback.isLoopback(URI.create("http://127.0.0.1.nip.io:8000")));
        assertFalse(Loopback.isLoopback(URI.create("file:///tmp/x")));
    }
}
