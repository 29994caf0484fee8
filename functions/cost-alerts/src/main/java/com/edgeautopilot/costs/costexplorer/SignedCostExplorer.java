package com.edgeautopilot.costs.costexplorer;

import com.edgeautopilot.common.Json;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cost Explorer over its wire protocol, because the SDK's {@code costexplorer} module is not available to this build:
 * AWS JSON 1.1 ({@code POST /}, {@code X-Amz-Target: AWSInsightsIndexService.GetCostAndUsage},
 * {@code Content-Type: application/x-amz-json-1.1}) to {@code https://ce.us-east-1.amazonaws.com}, signed with the SDK's
 * SigV4 signer (service {@code ce}, region {@code us-east-1}) over the SDK's HTTP client and credentials. The endpoint
 * honours the SDK's standard overrides: {@code aws.endpointUrlCostExplorer} / {@code AWS_ENDPOINT_URL_COST_EXPLORER}, then
 * {@code aws.endpointUrl} / {@code AWS_ENDPOINT_URL}. Throttling ({@code LimitExceededException}, {@code ThrottlingException},
 * HTTP 429) and server errors are retried by the SDK's standard retry strategy (3 attempts, exponential backoff with
 * jitter, its retry quota); any other error fails at once.
 */
public final class SignedCostExplorer implements CostExplorer {

    public static final String TARGET = "AWSInsightsIndexService.GetCostAndUsage";
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final URI DEFAULT_ENDPOINT = URI.create("https://ce.us-east-1.amazonaws.com");

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final software.amazon.awssdk.retries.api.RetryStrategy retries;

    public SignedCostExplorer(SdkHttpClient http, AwsCredentialsProvider credentials, URI endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.retries = software.amazon.awssdk.retries.DefaultRetryStrategy.standardStrategyBuilder()
                .retryOnException(e -> e instanceof CostExplorerException c && c.retryable())
                .build();
    }

    /** The endpoint from the SDK's standard settings, else Cost Explorer's (us-east-1). */
    public static URI configuredEndpoint() {
        for (String value : new String[]{System.getProperty("aws.endpointUrlCostExplorer"), System.getenv("AWS_ENDPOINT_URL_COST_EXPLORER"),
                System.getProperty("aws.endpointUrl"), System.getenv("AWS_ENDPOINT_URL")}) {
            if (value != null && !value.isBlank()) {
                return URI.create(value.trim());
            }
        }
        return DEFAULT_ENDPOINT;
    }

    /** The request body of {@link #usageByType} (AWS JSON 1.1, shapes of the GetCostAndUsage API reference). */
    static String requestBody(String service, LocalDate start, LocalDate end) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("TimePeriod", Map.of("Start", start.toString(), "End", end.toString()));
        body.put("Granularity", "MONTHLY");
        body.put("Metrics", List.of("UsageQuantity", "UnblendedCost"));
        body.put("Filter", Map.of("Dimensions", Map.of("Key", "SERVICE", "Values", List.of(service))));
        body.put("GroupBy", List.of(Map.of("Type", "DIMENSION", "Key", "USAGE_TYPE")));
        return Json.write(body);
    }

    @Override
    public Result usageByType(String service, LocalDate start, LocalDate end) {
        var first = retries.acquireInitialToken(software.amazon.awssdk.retries.api.AcquireInitialTokenRequest.create("ce"));
        var token = first.token();
        pause(first.delay());
        while (true) {
            try {
                Result result = callOnce(service, start, end);
                retries.recordSuccess(software.amazon.awssdk.retries.api.RecordSuccessRequest.create(token));
                return result;
            } catch (RuntimeException failed) {
                software.amazon.awssdk.retries.api.RefreshRetryTokenResponse next;
                try {
                    next = retries.refreshRetryToken(software.amazon.awssdk.retries.api.RefreshRetryTokenRequest.builder()
                            .token(token).failure(failed).build());
                } catch (software.amazon.awssdk.retries.api.TokenAcquisitionFailedException noMoreAttempts) {
                    throw failed;
                }
                token = next.token();
                pause(next.delay());
            }
        }
    }

    private static void pause(java.time.Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off from Cost Explorer", interrupted);
        }
    }

    private Result callOnce(String service, LocalDate start, LocalDate end) {
        String body = requestBody(service, start, end);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve("/"))
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET)
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ce")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(ContentStreamProvider.fromByteArray(bytes)))
                    .build()).call();
            String text;
            InputStream responseBody = response.responseBody().map(InputStream.class::cast).orElse(InputStream.nullInputStream());
            try (InputStream in = responseBody) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = response.httpResponse().statusCode();
            if (status / 100 != 2) {
                throw new CostExplorerException(status, text);
            }
            return parse(Json.parseObject(text));
        } catch (IOException e) {
            throw new UncheckedIOException("Cost Explorer GetCostAndUsage failed: " + e.getMessage(), e);
        }
    }

    /** Sums each usage type over every time period of a GetCostAndUsage response. */
    static Result parse(Map<String, Object> response) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        List<Object> periods = Json.list(response, "ResultsByTime");
        for (Object period : periods == null ? List.of() : periods) {
            @SuppressWarnings("unchecked")
            List<Object> groups = period instanceof Map<?, ?> p ? Json.list((Map<String, Object>) p, "Groups") : null;
            for (Object g : groups == null ? List.of() : groups) {
                @SuppressWarnings("unchecked")
                Map<String, Object> group = (Map<String, Object>) g;
                List<Object> keys = Json.list(group, "Keys");
                if (keys == null || keys.isEmpty()) {
                    continue;
                }
                String type = String.valueOf(keys.get(0));
                double[] sum = sums.computeIfAbsent(type, k -> new double[2]);
                sum[0] += amount(Json.string(group, "Metrics", "UsageQuantity", "Amount"));
                sum[1] += amount(Json.string(group, "Metrics", "UnblendedCost", "Amount"));
                String unit = Json.string(group, "Metrics", "UsageQuantity", "Unit");
                if (unit != null) {
                    units.put(type, unit);
                }
            }
        }
        List<UsageByType> usage = new ArrayList<>();
        sums.forEach((type, sum) -> usage.add(new UsageByType(type, sum[0], units.getOrDefault(type, ""), sum[1])));
        Object token = response.get("NextPageToken");
        return new Result(usage, token != null && !token.toString().isEmpty());
    }

    private static double amount(String text) {
        try {
            return text == null ? 0 : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Cost Explorer answered with an error ({@code __type} and message in the body). */
    public static final class CostExplorerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int status;
        private final String errorType;

        public CostExplorerException(int status, String body) {
            super("Cost Explorer GetCostAndUsage answered HTTP " + status + ": " + (body.length() > 500 ? body.substring(0, 500) : body));
            this.status = status;
            String type = "";
            try {
                Object raw = Json.parseObject(body).get("__type");
                type = raw == null ? "" : String.valueOf(raw);
            } catch (RuntimeException notJson) {
                type = "";
            }
            this.errorType = type.substring(type.lastIndexOf('#') + 1);
        }

        /** Throttling and server errors: worth another attempt. */
        public boolean retryable() {
            return status == 429 || status >= 500 || errorType.equals("LimitExceededException") || errorType.equals("ThrottlingException")
                    || errorType.equals("RequestLimitExceeded");
        }
    }
}
