package com.edgeautopilot.costs.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.events.EventShape;
import com.edgeautopilot.common.events.EventShapes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Lambda entry point; routes on {@link EventShapes#classify}:
 * <ul>
 *   <li>SNS records (Budgets text, anomaly JSON, billing alarm JSON, the coalescer's usage signal, anything else as an
 *       unrecognised signal) and EventBridge {@code aws.ce Anomaly Detected} / billing {@code CloudWatch Alarm State Change}
 *       → intake; when a record could not be stored the invocation fails after the others were taken, so Lambda's async
 *       retries and then the on-failure destination keep it;</li>
 *   <li>schedules {@code <stack>-cost-digest}, {@code <stack>-price-class-report}, {@code <stack>-usage-reconcile}, and
 *       operator commands {@code {"action":"digest"|"price-class-report"|"reconcile"}}.</li>
 * </ul>
 */
public final class CostAlertsHandler implements RequestStreamHandler {

    private final CostAlerts costAlerts;

    /** Production: wired once per runtime at init (before the SnapStart snapshot; nothing unique captured). */
    public CostAlertsHandler() {
        this(CostAlertsWiring.production());
    }

    public CostAlertsHandler(CostAlerts costAlerts) {
        this.costAlerts = costAlerts;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = Json.parseObject(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        String invocationId = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : "local-" + System.nanoTime();
        output.write(Json.write(handle(event, invocationId)).getBytes(StandardCharsets.UTF_8));
    }

    public Object handle(Map<String, Object> event, String invocationId) {
        return switch (EventShapes.classify(event)) {
            case EventShape.SnsBatch sns -> failIfAnyFailed(costAlerts.snsBatch(sns.records(), invocationId));
            case EventShape.EventBridgeEvent eb -> failIfAnyFailed(costAlerts.eventBridge(eb.event(), invocationId));
            case EventShape.ScheduledTick tick when tick.isTick("cost-digest") -> costAlerts.digest(invocationId);
            case EventShape.ScheduledTick tick when tick.isTick("price-class-report") -> costAlerts.priceClassReport(invocationId);
            case EventShape.ScheduledTick tick when tick.isTick("usage-reconcile") -> costAlerts.reconcile(invocationId);
            case EventShape.OperatorCommand command -> switch (command.action()) {
                case "digest" -> costAlerts.digest(invocationId);
                case "price-class-report" -> costAlerts.priceClassReport(invocationId);
                case "reconcile" -> costAlerts.reconcile(invocationId);
                default -> throw new IllegalArgumentException("unknown action '" + command.action() + "': expected digest, price-class-report or reconcile");
            };
            case EventShape.ScheduledTick tick -> throw new IllegalArgumentException("schedule rule '" + tick.ruleName()
                    + "' is none of cost-digest, price-class-report, usage-reconcile");
            case EventShape.Unrecognized unknown -> throw new IllegalArgumentException("unsupported event: " + unknown.reason());
            default -> throw new IllegalArgumentException("unsupported event shape for cost alerts: " + event.keySet());
        };
    }

    private static CostAlerts.IntakeResponse failIfAnyFailed(CostAlerts.IntakeResponse response) {
        if (response.failed() > 0) {
            throw new IllegalStateException(response.failed() + " of " + response.received() + " cost signals could not be stored: "
                    + response.signals().stream().filter(s -> s.result().equals("failed")).map(s -> s.id() + " (" + s.detail() + ")").toList());
        }
        return response;
    }
}
