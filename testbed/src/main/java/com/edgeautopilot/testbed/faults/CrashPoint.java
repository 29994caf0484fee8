package com.edgeautopilot.testbed.faults;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.ArrayList;
import java.util.List;

/**
 * Stops a flow at one of its steps, as a process that dies there: the {@code n}-th AWS call of the invocation is
 * either never sent ({@link Moment#BEFORE_THE_CALL}) or carried out and its answer never seen
 * ({@link Moment#AFTER_THE_CALL}); from then on every call fails without reaching AWS (a dead process cleans nothing
 * up, gives no lease or claim back). {@link #disarm} lets the next invocation run normally. Install it like
 * {@link FaultInjector}: {@code AwsClients.withOverrides(crash::install)}.
 */
public final class CrashPoint implements ExecutionInterceptor {

    public enum Moment { BEFORE_THE_CALL, AFTER_THE_CALL }

    /** What the dead process throws; an {@link Error}, so no {@code catch (RuntimeException)} cleans up after it. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String message) {
            super(message);
        }
    }

    private static final ExecutionAttribute<Integer> CALL = new ExecutionAttribute<>("edge-autopilot.crash-point.call");

    private int crashAt;
    private Moment moment;
    private int calls;
    private boolean dead;
    private final List<String> steps = new ArrayList<>();

    private CrashPoint(int crashAt, Moment moment) {
        this.crashAt = crashAt;
        this.moment = moment;
    }

    /** Crashes at the {@code call}-th call (1-based). */
    public static CrashPoint at(int call, Moment moment) {
        return new CrashPoint(call, moment);
    }

    /** Never crashes; counts the calls (to learn a flow's steps). */
    public static CrashPoint never() {
        return new CrashPoint(0, Moment.BEFORE_THE_CALL);
    }

    public void install(ClientOverrideConfiguration.Builder overrides) {
        overrides.addExecutionInterceptor(this);
    }

    /** The process is replaced by a healthy one: calls go through from now on. */
    public synchronized void disarm() {
        crashAt = 0;
        dead = false;
    }

    /** The calls seen so far ({@code Service.Operation}), in order: a flow's steps. */
    public synchronized List<String> steps() {
        return List.copyOf(steps);
    }

    public synchronized boolean crashed() {
        return crashAt != 0 && dead;
    }

    @Override
    public synchronized void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String step = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (dead) {
            throw new SimulatedCrash("the process died earlier; " + step + " never happens");
        }
        calls++;
        steps.add(step);
        attributes.putAttribute(CALL, calls);
        if (calls == crashAt && moment == Moment.BEFORE_THE_CALL) {
            dead = true;
            throw new SimulatedCrash("died before call " + calls + " (" + step + ")");
        }
    }

    @Override
    public synchronized void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        Integer call = attributes.getAttribute(CALL);
        if (!dead && call != null && call == crashAt && moment == Moment.AFTER_THE_CALL) {
            dead = true;
            throw new SimulatedCrash("died after call " + call + " was carried out (" + steps.get(call - 1) + ")");
        }
    }
}
