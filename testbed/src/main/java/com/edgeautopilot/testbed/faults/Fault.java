package com.edgeautopilot.testbed.faults;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudfront.model.CloudFrontException;
import software.amazon.awssdk.services.cloudfront.model.PreconditionFailedException;
import software.amazon.awssdk.services.cloudfront.model.TooManyInvalidationsInProgressException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.sns.model.ThrottledException;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One failure an AWS call can meet, as the SDK would surface it (the modelled exception type, HTTP status and error
 * code of the real service, so the SDK's retry strategy and the code under test react as in production), and when it
 * strikes:
 * <ul>
 *   <li>{@link When#INSTEAD_OF_SENDING}: the service never sees the request (throttling, 503, connect timeout...);</li>
 *   <li>{@link When#AFTER_THE_SERVICE_ANSWERED}: the request is carried out, then the answer is lost (a read timeout
 *   after the write succeeded) — the SDK retries, so the service sees it twice;</li>
 *   <li>{@link When#AFTER_A_RACING_TWIN}: the same signed request is sent once more just before it (another
 *   invocation did the same write a moment earlier), so a conditional write meets the state the twin left.</li>
 * </ul>
 *
 * @param service  the SDK's service name ({@code CloudFront}, {@code DynamoDb}, {@code Sns}), or {@code *}
 * @param operations operation names it applies to (empty: every operation of the service)
 * @param applies  which requests it applies to beyond the operation (e.g. only conditional writes)
 */
public record Fault(String name, String service, Set<String> operations, When when, Predicate<SdkRequest> applies,
                    Supplier<RuntimeException> error) {

    public enum When { INSTEAD_OF_SENDING, AFTER_THE_SERVICE_ANSWERED, AFTER_A_RACING_TWIN }

    public static final String ANY_SERVICE = "*";

    public boolean appliesTo(String serviceName, String operation, SdkRequest request) {
        return (service.equals(ANY_SERVICE) || service.equals(serviceName))
                && (operations.isEmpty() || operations.contains(operation))
                && applies.test(request);
    }

    @Override
    public String toString() {
        return name;
    }

    // CloudFront (API reference: CreateInvalidation, UpdateDistribution errors; throttling "Rate exceeded")

    public static Fault tooManyInvalidationsInProgress() {
        return new Fault("CloudFront TooManyInvalidationsInProgress", "CloudFront", Set.of("CreateInvalidation"), When.INSTEAD_OF_SENDING, any(),
                () -> TooManyInvalidationsInProgressException.builder().message("Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.")
                        .statusCode(400).awsErrorDetails(details("TooManyInvalidationsInProgress", "CloudFront", 400)).build());
    }

    public static Fault cloudFrontThrottling() {
        return new Fault("CloudFront Throttling", "CloudFront", Set.of(), When.INSTEAD_OF_SENDING, any(),
                () -> CloudFrontException.builder().message("Rate exceeded").statusCode(400)
                        .awsErrorDetails(details("Throttling", "CloudFront", 400)).build());
    }

    public static Fault cloudFrontUnavailable() {
        return new Fault("CloudFront 503", "CloudFront", Set.of(), When.INSTEAD_OF_SENDING, any(),
                () -> CloudFrontException.builder().message("Service Unavailable").statusCode(503)
                        .awsErrorDetails(details("ServiceUnavailable", "CloudFront", 503)).build());
    }

    /** Someone changed the distribution between our GetDistributionConfig and UpdateDistribution. */
    public static Fault preconditionFailed() {
        return new Fault("CloudFront 412 PreconditionFailed", "CloudFront", Set.of("UpdateDistribution"), When.INSTEAD_OF_SENDING, any(),
                () -> PreconditionFailedException.builder().message("The If-Match version is missing or not valid for the resource.").statusCode(412)
                        .awsErrorDetails(details("PreconditionFailed", "CloudFront", 412)).build());
    }

    // DynamoDB

    public static Fault provisionedThroughputExceeded() {
        return new Fault("DynamoDB ProvisionedThroughputExceeded", "DynamoDb", Set.of(), When.INSTEAD_OF_SENDING, any(),
                () -> ProvisionedThroughputExceededException.builder().message("The level of configured provisioned throughput for the table was exceeded.")
                        .statusCode(400).awsErrorDetails(details("ProvisionedThroughputExceededException", "DynamoDb", 400)).build());
    }

    /** A conditional write another writer made identically a moment earlier (the write meets the state the twin left). */
    public static Fault conditionalCheckRace() {
        return new Fault("DynamoDB conditional-check race", "DynamoDb", Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems"),
                When.AFTER_A_RACING_TWIN, Fault::isConditional, () -> null);
    }

    /** The write succeeded; its answer was lost to a read timeout (the SDK retries it). */
    public static Fault dynamoTimeoutAfterTheWrite() {
        return new Fault("DynamoDB timeout after the write succeeded", "DynamoDb", Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"),
                When.AFTER_THE_SERVICE_ANSWERED, any(), Fault::readTimeout);
    }

    // SNS

    public static Fault snsThrottling() {
        return new Fault("SNS Throttling", "Sns", Set.of(), When.INSTEAD_OF_SENDING, any(),
                () -> ThrottledException.builder().message("Rate exceeded").statusCode(400)
                        .awsErrorDetails(details("Throttling", "Sns", 400)).build());
    }

    // Any service: the network

    /** The connection could not be made in time (the request never reached the service). */
    public static Fault connectTimeout(String service) {
        return new Fault(service + " connect timeout", service, Set.of(), When.INSTEAD_OF_SENDING, any(),
                () -> SdkClientException.builder().message("Unable to execute HTTP request: connect timed out")
                        .cause(new SocketTimeoutException("connect timed out")).build());
    }

    /** The connection was reset before the request was read. */
    public static Fault droppedConnection(String service) {
        return new Fault(service + " dropped connection", service, Set.of(), When.INSTEAD_OF_SENDING, any(),
                () -> SdkClientException.builder().message("Unable to execute HTTP request: Connection reset")
                        .cause(new SocketException("Connection reset")).build());
    }

    /** The call was carried out; its answer never arrived (read timeout). */
    public static Fault timeoutAfterTheCall(String service, String... operations) {
        return new Fault(service + " timeout after the call succeeded", service, Set.of(operations), When.AFTER_THE_SERVICE_ANSWERED, any(),
                Fault::readTimeout);
    }

    private static RuntimeException readTimeout() {
        return SdkClientException.builder().message("Unable to execute HTTP request: Read timed out")
                .cause(new SocketTimeoutException("Read timed out")).build();
    }

    private static AwsErrorDetails details(String code, String service, int status) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(code).serviceName(service)
                .sdkHttpResponse(software.amazon.awssdk.http.SdkHttpResponse.builder().statusCode(status).build()).build();
    }

    private static Predicate<SdkRequest> any() {
        return request -> true;
    }

    /** Whether a DynamoDB write carries a condition (one of a transaction's items, or the request itself). */
    static boolean isConditional(SdkRequest request) {
        if (request.getValueForField("ConditionExpression", String.class).isPresent()) {
            return true;
        }
        return request.getValueForField("TransactItems", java.util.List.class).map(Object::toString)
                .filter(items -> items.contains("ConditionExpression=")).isPresent();
    }
}
