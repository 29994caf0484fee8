package com.edgeautopilot.testbed.faults;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection for AWS SDK clients: an {@link ExecutionInterceptor} that, on each HTTP attempt (so the SDK's own
 * retries meet faults too), draws from a seeded random whether to fail it ({@code rate}) and with which of the
 * {@link Fault faults} that apply to the call. Install it through a client's override configuration
 * ({@link #install}; for a function's production wiring {@code AwsClients.withOverrides(injector::install)}, or
 * {@link #installWithoutRetryDelays}).
 *
 * <p>It counts what it did and every attempt by operation and by second of a given clock (the test's simulated clock),
 * so a test can show that nothing was retried in a tight loop without timing anything.
 */
public final class FaultInjector implements ExecutionInterceptor {

    private static final ExecutionAttribute<Fault> STRUCK = new ExecutionAttribute<>("edge-autopilot.fault");

    private final Random random;
    private final double rate;
    private final List<Fault> faults;
    private final Clock clock;
    private final SdkHttpClient twinSender = UrlConnectionHttpClient.create();
    private volatile boolean enabled = true;
    private int budget = Integer.MAX_VALUE;
    private final Map<String, Integer> injected = new TreeMap<>();
    private final Map<String, Integer> attempts = new TreeMap<>();
    private final Map<String, Map<Long, Integer>> attemptsPerSecond = new ConcurrentHashMap<>();

    private FaultInjector(long seed, double rate, List<Fault> faults, Clock clock) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within 0..1, got " + rate);
        }
        this.random = new Random(seed);
        this.rate = rate;
        this.faults = List.copyOf(faults);
        this.clock = clock;
    }

    /** @param clock the clock attempts are counted by (the test's simulated clock) */
    public static FaultInjector of(long seed, double rate, Clock clock, List<Fault> faults) {
        return new FaultInjector(seed, rate, faults, clock);
    }

    /** Injects at most {@code faults} faults in all (then lets every call through): one lost answer, one throttled call. */
    public synchronized FaultInjector atMost(int faults) {
        budget = faults;
        return this;
    }

    /** Adds this injector to a client's override configuration. */
    public void install(ClientOverrideConfiguration.Builder overrides) {
        overrides.addExecutionInterceptor(this);
    }

    /**
     * Installs this injector and keeps the production retry strategy (standard: same attempts, retry conditions and
     * retry quota) without its real-time sleeps between attempts, so thousands of faults run in seconds. Nothing is
     * timed here: attempts are counted per second of the test's clock, which the SDK's sleeps would not move anyway.
     */
    public void installWithoutRetryDelays(ClientOverrideConfiguration.Builder overrides) {
        overrides.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .backoffStrategy(BackoffStrategy.retryImmediately())
                .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                .build());
        install(overrides);
    }

    /** Stops injecting (a test reading back what happened); attempts are still counted. */
    public void pause() {
        enabled = false;
    }

    public void resume() {
        enabled = true;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        attributes.putAttribute(STRUCK, null);
        Fault fault = draw(service, operation, context.request());
        if (fault == null) {
            return;
        }
        switch (fault.when()) {
            case INSTEAD_OF_SENDING -> throw fault.error().get();
            case AFTER_THE_SERVICE_ANSWERED -> attributes.putAttribute(STRUCK, fault);
            case AFTER_A_RACING_TWIN -> sendTwin(context);
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Fault fault = attributes.getAttribute(STRUCK);
        if (fault != null) {
            attributes.putAttribute(STRUCK, null);
            throw fault.error().get();
        }
    }

    private synchronized Fault draw(String service, String operation, SdkRequest request) {
        String key = service + "." + operation;
        attempts.merge(key, 1, Integer::sum);
        attemptsPerSecond.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).merge(clock.millis() / 1000, 1, Integer::sum);
        List<Fault> candidates = new ArrayList<>();
        for (Fault fault : faults) {
            if (fault.appliesTo(service, operation, request)) {
                candidates.add(fault);
            }
        }
        double roll = random.nextDouble();
        int pick = random.nextInt(Math.max(1, candidates.size()));
        if (!enabled || candidates.isEmpty() || roll >= rate || budget <= 0) {
            return null;
        }
        budget--;
        Fault fault = candidates.get(pick);
        injected.merge(fault.name(), 1, Integer::sum);
        return fault;
    }

    /** Sends the signed request once, as if another writer had done the same a moment earlier; its answer is dropped. */
    private void sendTwin(Context.BeforeTransmission context) {
        HttpExecuteRequest.Builder twin = HttpExecuteRequest.builder().request(context.httpRequest());
        context.requestBody().ifPresent(body -> twin.contentStreamProvider(body.contentStreamProvider()));
        ExecutableHttpRequest call = twinSender.prepareRequest(twin.build());
        try {
            HttpExecuteResponse response = call.call();
            if (response.responseBody().isPresent()) {
                try (InputStream in = response.responseBody().get()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the racing twin of a request could not be sent", e);
        }
    }

    /** Faults injected so far, by name. */
    public synchronized Map<String, Integer> injected() {
        return new TreeMap<>(injected);
    }

    public synchronized int injectedTotal() {
        return injected.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** HTTP attempts so far (SDK retries included), by {@code Service.Operation}. */
    public synchronized Map<String, Integer> attempts() {
        return new TreeMap<>(attempts);
    }

    /** The most attempts of one operation ({@code Service.Operation}) within one second of the clock. */
    public int maxAttemptsInOneSecond(String serviceOperation) {
        Map<Long, Integer> perSecond = attemptsPerSecond.getOrDefault(serviceOperation, Map.of());
        return perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The most attempts of any operation within one second of the clock, by operation. */
    public Map<String, Integer> maxAttemptsInOneSecond() {
        Map<String, Integer> max = new TreeMap<>();
        attemptsPerSecond.keySet().forEach(op -> max.put(op, maxAttemptsInOneSecond(op)));
        return max;
    }

    /** One line for a test's output and RELIABILITY.md: rate, seed-independent totals, faults by name. */
    public String summary() {
        return "rate " + rate + ", attempts " + attempts() + ", faults injected " + injectedTotal() + " " + injected();
    }
}
