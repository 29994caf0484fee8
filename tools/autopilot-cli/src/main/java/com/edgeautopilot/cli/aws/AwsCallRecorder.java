package com.edgeautopilot.cli.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sees every AWS SDK call in this JVM and hands it to the active {@link AwsCalls.Recording}, if any.
 *
 * <p>Installed without touching any client: the SDK loads the interceptors named in the classpath resource
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} (this module has one) into every client it
 * builds, so the functions' own production wiring ({@code AwsClients}) is observed as it is. When no recording is
 * active it does nothing.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("edgeautopilot.cli.started");
    private static final ExecutionAttribute<AtomicInteger> ATTEMPTS = new ExecutionAttribute<>("edgeautopilot.cli.attempts");
    private static final ExecutionAttribute<String> ENDPOINT = new ExecutionAttribute<>("edgeautopilot.cli.endpoint");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (AwsCalls.active() != null) {
            attributes.putAttribute(STARTED, System.nanoTime());
            attributes.putAttribute(ATTEMPTS, new AtomicInteger());
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        if (attempts != null) {
            attempts.incrementAndGet();
            SdkHttpRequest http = context.httpRequest();
            attributes.putAttribute(ENDPOINT, http.protocol() + "://" + http.host() + (http.port() > 0 ? ":" + http.port() : ""));
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        AwsCalls.Recording recording = AwsCalls.active();
        Long started = attributes.getAttribute(STARTED);
        if (recording == null || started == null) {
            return;
        }
        recording.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                context.httpResponse().statusCode(), System.nanoTime() - started, attempts(attributes),
                attributes.getAttribute(ENDPOINT), context.request(), null, null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        AwsCalls.Recording recording = AwsCalls.active();
        Long started = attributes.getAttribute(STARTED);
        if (recording == null || started == null) {
            return;
        }
        Throwable error = context.exception();
        int status = context.httpResponse().map(r -> r.statusCode()).orElse(0);
        String code = error.getClass().getSimpleName();
        String message = error.getMessage();
        if (error instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            code = aws.awsErrorDetails().errorCode();
            message = aws.awsErrorDetails().errorMessage();
            status = aws.statusCode();
        } else if (error instanceof SdkServiceException service) {
            status = service.statusCode();
        }
        recording.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                status, System.nanoTime() - started, attempts(attributes), attributes.getAttribute(ENDPOINT),
                context.request(), code == null ? "error" : code, message);
    }

    private static int attempts(ExecutionAttributes attributes) {
        AtomicInteger attempts = attributes.getAttribute(ATTEMPTS);
        return attempts == null ? 0 : attempts.get();
    }
}
