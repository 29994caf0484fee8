package com.edgeautopilot.testbed;

import com.edgeautopilot.common.AwsClients;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * AWS SDK clients for tests, built exactly like production ({@link AwsClients#fromEnvironment()}: url-connection,
 * region and credentials from the standard settings) with only three differences, all made through the SDK's
 * standard system properties: endpoints point at the local stand-ins, credentials are fake, the region is fixed.
 *
 * <p>DynamoDB goes to {@link DynamoDbLocal}; CloudFront, SNS, SQS (and any other service, via
 * {@code aws.endpointUrl}) go to {@link MotoServer}. There is no CloudWatch client here: SDK 2.42's CloudWatch
 * client speaks the Smithy RPCv2 CBOR protocol, which moto 5.2 does not serve (HTTP 404); use a fake behind the
 * port for alarm reads. A stand-in that is not running is replaced by
 * {@link #NOWHERE} (a closed loopback port), so a test that forgot to start one fails with "connection refused"
 * instead of reaching AWS. Every endpoint the JVM is configured with (system properties and environment) is
 * checked to be a loopback address before any client is handed out.
 */
public final class LocalAws {

    public static final String REGION = "us-east-1";
    /** Fake credentials; letters and digits only, which DynamoDB Local 2.x requires of access key IDs. */
    public static final String ACCESS_KEY_ID = "testbedAccessKey";
    public static final String SECRET_ACCESS_KEY = "testbedSecretKey";
    public static final String SESSION_TOKEN = "testbedSessionToken";
    /** Where a service goes when its stand-in is not running: nothing listens on port 1. */
    public static final URI NOWHERE = URI.create("http://127.0.0.1:1");

    /** Service-specific endpoint settings of the SDK (2.42.x names), by environment variable. */
    private static final Map<String, String> SERVICE_SETTINGS = Map.of(
            "AWS_ENDPOINT_URL_DYNAMODB", "aws.endpointUrlDynamoDb",
            "AWS_ENDPOINT_URL_CLOUDFRONT", "aws.endpointUrlCloudFront",
            "AWS_ENDPOINT_URL_SNS", "aws.endpointUrlSns",
            "AWS_ENDPOINT_URL_SQS", "aws.endpointUrlSqs",
            "AWS_ENDPOINT_URL_CLOUDWATCH", "aws.endpointUrlCloudWatch");

    private static LocalAws current;

    private final URI dynamoDbEndpoint;
    private final URI motoEndpoint;
    private final AwsClients clients;
    private final DynamoDbClient dynamoDb;
    private final CloudFrontClient cloudFront;
    private final SnsClient sns;
    private final SqsClient sqs;

    private LocalAws(URI dynamoDbEndpoint, URI motoEndpoint) {
        this.dynamoDbEndpoint = dynamoDbEndpoint;
        this.motoEndpoint = motoEndpoint;
        this.clients = AwsClients.fromEnvironment();
        this.dynamoDb = checked(clients.dynamoDb());
        this.cloudFront = checked(CloudFrontClients.of(clients));
        this.sns = checked(clients.sns());
        this.sqs = checked(clients.configured(SqsClient.builder()).build());
    }

    /**
     * Points the JVM's SDK settings at the given stand-ins (either may be null: its services go {@link #NOWHERE})
     * and returns clients for them. System properties are JVM-wide: the last configuration wins.
     */
    public static synchronized LocalAws configure(DynamoDbLocal dynamoDb, MotoServer moto) {
        URI dynamo = dynamoDb == null ? NOWHERE : dynamoDb.endpoint();
        URI other = moto == null ? NOWHERE : moto.endpoint();
        setProperties(dynamo, other); // every time: a test may have changed them since
        if (current == null || !current.dynamoDbEndpoint.equals(dynamo) || !current.motoEndpoint.equals(other)) {
            current = new LocalAws(dynamo, other);
        }
        return current;
    }

    private static void setProperties(URI dynamo, URI other) {
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
        System.setProperty("aws.sessionToken", SESSION_TOKEN);
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.ignoreConfiguredEndpointUrls", "false");
        System.setProperty("aws.endpointUrl", other.toString());
        for (Map.Entry<String, String> setting : SERVICE_SETTINGS.entrySet()) {
            boolean isDynamo = setting.getKey().equals("AWS_ENDPOINT_URL_DYNAMODB");
            System.setProperty(setting.getValue(), (isDynamo ? dynamo : other).toString());
        }
        assertLoopbackOnly();
    }

    /** Configured for whichever shared stand-ins ({@link DynamoDbLocal#shared()}, {@link MotoServer#shared()}) are running now. */
    public static LocalAws current() {
        return configure(DynamoDbLocal.running().orElse(null), MotoServer.running().orElse(null));
    }

    /**
     * Fails when any endpoint setting in this JVM's system properties or environment ({@code aws.endpointUrl*},
     * {@code AWS_ENDPOINT_URL*}) is not a loopback URL, or when configured endpoints are switched off.
     */
    public static void assertLoopbackOnly() {
        Map<String, String> settings = new TreeMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key.toString().startsWith("aws.endpointUrl")) {
                settings.put("-D" + key, value.toString());
            }
        });
        System.getenv().forEach((key, value) -> {
            if (key.toUpperCase(Locale.ROOT).startsWith("AWS_ENDPOINT_URL")) {
                settings.put(key, value);
            }
        });
        settings.forEach(Loopback::requireLoopback);
        String ignore = System.getProperty("aws.ignoreConfiguredEndpointUrls", System.getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
        if (ignore != null && ignore.trim().equalsIgnoreCase("true")) {
            throw new IllegalStateException("aws.ignoreConfiguredEndpointUrls / AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true: "
                    + "clients would ignore the loopback endpoints and reach AWS. Unset it for the tests.");
        }
    }

    /**
     * The environment a function under test needs to reach the same stand-ins from a child process (for
     * {@link LambdaRuntimeHarness}): region, fake credentials, and the endpoint variables.
     */
    public Map<String, String> lambdaEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        env.put("AWS_SESSION_TOKEN", SESSION_TOKEN);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_ENDPOINT_URL", motoEndpoint.toString());
        for (String variable : SERVICE_SETTINGS.keySet()) {
            env.put(variable, (variable.equals("AWS_ENDPOINT_URL_DYNAMODB") ? dynamoDbEndpoint : motoEndpoint).toString());
        }
        return env;
    }

    /** The production factory as configured here (for wiring a function's own collaborators in a test). */
    public AwsClients clients() {
        return clients;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public CloudFrontClient cloudFront() {
        return cloudFront;
    }

    public SnsClient sns() {
        return sns;
    }

    /** SQS, built like {@link AwsClients} builds its clients (the common module has no SQS client). */
    public SqsClient sqs() {
        return sqs;
    }

    /** DynamoDB Local's endpoint, or {@link #NOWHERE}. */
    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /** moto's endpoint, or {@link #NOWHERE}. */
    public URI motoEndpoint() {
        return motoEndpoint;
    }

    /** Refuses a client whose resolved endpoint override is not loopback (belt and braces on top of the settings check). */
    private static <T extends SdkClient> T checked(T client) {
        URI endpoint = client.serviceClientConfiguration().endpointOverride().orElse(null);
        if (endpoint == null || !Loopback.isLoopback(endpoint)) {
            client.close();
            throw new IllegalStateException(client.serviceName() + " client would target " + (endpoint == null ? "AWS" : endpoint)
                    + " instead of a loopback stand-in; check the aws.endpointUrl* settings");
        }
        return client;
    }
}
