package com.edgeautopilot.failover.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.events.EventShape;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.failover.control.Failover;
import com.edgeautopilot.failover.control.Outcome;
import com.edgeautopilot.failover.event.ParsedAlarm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda entry point: alarm state changes (SNS, EventBridge, direct alarm action), the follow-up tick (rule
 * {@code <stack>-failover-follow-up}) and operator payloads, told apart by the layer's {@link EventShapes}. A malformed
 * alarm message fails the invocation after its valid neighbours were handled.
 */
public final class FailoverHandler implements RequestStreamHandler {

    public static final String FOLLOW_UP_TICK = "failover-follow-up";

    /** Answer to alarm messages and ticks. */
    public record Response(String handled, List<Outcome> outcomes, List<String> ignored) {
    }

    private final Failover failover;
    private final Log log;

    public FailoverHandler() {
        this(FailoverWiring.production(), Log.stdout());
    }

    public FailoverHandler(Failover failover, Log log) {
        this.failover = failover;
        this.log = log;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String id = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : "local-" + System.nanoTime();
        Object response = handle(EventShapes.classify(Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8))), id);
        output.write(Json.write(Responses.toJson(response)).getBytes(StandardCharsets.UTF_8));
    }

    public Object handle(EventShape shape, String invocationId) {
        Log requestLog = log.forRequest(invocationId);
        return switch (shape) {
            case EventShape.SnsBatch sns -> alarms(failover.parser().fromSnsRecords(sns.records()), invocationId, requestLog);
            case EventShape.EventBridgeEvent event -> alarms(List.of(failover.parser().fromEventBridge(event.event())), invocationId, requestLog);
            case EventShape.AlarmAction action -> alarms(List.of(failover.parser().fromAlarmAction(action.event())), invocationId, requestLog);
            case EventShape.ScheduledTick tick when tick.isTick(FOLLOW_UP_TICK) ->
                    new Response("tick", failover.controller().onTick(invocationId, requestLog), List.of());
            case EventShape.OperatorCommand command -> failover.console().run(command.action(), command.payload(), invocationId, requestLog);
            default -> throw new IllegalArgumentException("unsupported event for origin failover: " + describe(shape));
        };
    }

    /**
     * Every well-formed message is acted on; each malformed one is logged with its reason, and the invocation then fails
     * naming them all (Lambda's retry, then the dead-letter queue), so a malformed neighbour never keeps a valid alarm
     * from being handled. The retry re-delivers the valid ones, which are then recorded duplicates.
     */
    private Response alarms(List<ParsedAlarm> alarms, String invocationId, Log requestLog) {
        List<Outcome> outcomes = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        for (ParsedAlarm alarm : alarms) {
            if (alarm instanceof ParsedAlarm.Transition t) {
                outcomes.addAll(failover.controller().onTransition(t.transition(), invocationId, requestLog));
            } else if (alarm instanceof ParsedAlarm.Ignored i) {
                requestLog.info("alarm ignored", "reason", i.reason());
                ignored.add(i.reason());
            } else if (alarm instanceof ParsedAlarm.Malformed m) {
                requestLog.warn("malformed alarm message", "reason", m.reason());
                malformed.add(m.reason());
            }
        }
        if (!malformed.isEmpty()) {
            throw new IllegalArgumentException("malformed alarm message" + (malformed.size() > 1 ? "s" : "") + ": " + String.join("; ", malformed)
                    + (outcomes.isEmpty() ? "; nothing changed" : "; the valid ones were handled: " + outcomes));
        }
        return new Response("alarm", outcomes, ignored);
    }

    private static String describe(EventShape shape) {
        return shape instanceof EventShape.Unrecognized u ? u.reason() : shape.toString();
    }
}
