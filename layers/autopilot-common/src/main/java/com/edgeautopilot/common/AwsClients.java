package com.edgeautopilot.common;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The one place that builds AWS SDK clients, for production and for tests alike.
 *
 * <p>Clients use the light url-connection HTTP client (no Apache, no Netty), an explicit region from
 * {@code AWS_REGION} / {@code aws.region}, and an explicit credentials chain without profile files:
 * system properties, environment variables, then the container endpoint that Lambda SnapStart uses.
 * Endpoints are the SDK's normal AWS endpoints unless the SDK's standard settings
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_DYNAMODB}, {@code aws.endpointUrlDynamoDb}, ...) say
 * otherwise, which is how tests and local runs point them at loopback stand-ins without code changes.
 */
public final class AwsClients {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final ClientOverrideConfiguration overrides;

    private AwsClients(Region region, AwsCredentialsProvider credentials) {
        this(region, credentials,
                UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(20))
                        .build(),
                ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(30))
                        .build());
    }

    private AwsClients(Region region, AwsCredentialsProvider credentials, SdkHttpClient http, ClientOverrideConfiguration overrides) {
        this.region = region;
        this.credentials = credentials;
        this.http = http;
        this.overrides = overrides;
    }

    /**
     * The same factory with something added to the override configuration of every client it builds (same region,
     * credentials, HTTP client, retries and timeouts). Tests install the test bed's fault injection this way.
     */
    public AwsClients withOverrides(Consumer<ClientOverrideConfiguration.Builder> change) {
        return new AwsClients(region, credentials, http, overrides.toBuilder().applyMutation(change).build());
    }

    /** Region from the environment ({@code AWS_REGION}, set by Lambda) or {@code aws.region}; fails clearly when absent. */
    public static AwsClients fromEnvironment() {
        Region region;
        try {
            region = new SystemSettingsRegionProvider().getRegion();
        } catch (RuntimeException e) {
            throw new ConfigException("AWS_REGION", "is not set (Lambda sets it; locally export AWS_REGION=us-east-1)");
        }
        return new AwsClients(region, defaultCredentials());
    }

    public static AwsClients of(Region region, AwsCredentialsProvider credentials) {
        return new AwsClients(region, credentials);
    }

    static AwsCredentialsProvider defaultCredentials() {
        return AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(true)
                .credentialsProviders(
                        SystemPropertyCredentialsProvider.create(),
                        EnvironmentVariableCredentialsProvider.create(),
                        ContainerCredentialsProvider.create())
                .build();
    }

    public Region region() {
        return region;
    }

    /** The credentials every client here signs with (for the few calls made without an SDK client, e.g. Cost Explorer). */
    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    /** The shared url-connection HTTP client (for the few calls made without an SDK client). */
    public SdkHttpClient httpClient() {
        return http;
    }

    /**
     * Configures any SDK client builder the production way (region, credentials, HTTP client, retries and timeouts),
     * for the clients below and for the few others tests need.
     */
    public <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configured(B builder) {
        return builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides);
    }

    public DynamoDbClient dynamoDb() {
        return configured(DynamoDbClient.builder()).build();
    }

    public SnsClient sns() {
        return configured(SnsClient.builder()).build();
    }
}
