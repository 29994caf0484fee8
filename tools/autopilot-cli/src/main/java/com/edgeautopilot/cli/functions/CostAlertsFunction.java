package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.common.events.EventShape;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.costs.config.CostAlertsConfig;
import com.edgeautopilot.costs.costexplorer.CostExplorer;
import com.edgeautopilot.costs.event.CostSignalParser;
import com.edgeautopilot.costs.event.ParsedSignal;
import com.edgeautopilot.costs.handler.CostAlertsHandler;
import com.edgeautopilot.costs.handler.CostAlertsWiring;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The cost-alerts function ({@code CostAlertsFunction}), run through its real {@link CostAlertsHandler}: Budgets,
 * anomaly, billing-alarm and invalidation-usage signals (SNS or EventBridge), its three schedules and its operator
 * actions. SNS and EventBridge events are claimed only when they are cost signals, so an origin alarm still goes to the
 * function that handles those.
 */
public final class CostAlertsFunction implements LocalFunction {

    public static final String NAME = "cost-alerts";
    public static final String LOGICAL_ID = "CostAlertsFunction";
    static final List<String> TICKS = List.of("cost-digest", "price-class-report", "usage-reconcile");
    static final List<String> ACTIONS = List.of("digest", "price-class-report", "reconcile");

    /** Only to tell shapes apart: the production parser, with defaults. */
    private static final CostSignalParser SHAPES = new CostSignalParser(Map.of(), Double.MAX_VALUE);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> aliases() {
        return List.of(LOGICAL_ID, "costs");
    }

    @Override
    public Set<String> awsServices() {
        return Set.of("dynamodb", "sns", "cloudfront");
    }

    @Override
    public String recognise(Map<String, Object> event) {
        return switch (EventShapes.classify(event)) {
            case EventShape.SnsBatch sns -> costSignal(SHAPES.snsRecord(sns.records().get(0)), "via SNS");
            case EventShape.EventBridgeEvent eb -> costSignal(SHAPES.eventBridge(eb.event()), "via EventBridge");
            case EventShape.ScheduledTick tick -> TICKS.stream().filter(tick::isTick).findFirst().map(t -> "scheduled " + t).orElse(null);
            case EventShape.OperatorCommand command -> ACTIONS.contains(command.action()) ? command.action() + " request" : null;
            default -> null;
        };
    }

    private static String costSignal(ParsedSignal parsed, String how) {
        if (parsed instanceof ParsedSignal.Recognised recognised) {
            return switch (recognised.alert().source()) {
                case BUDGET -> "Budgets notification " + how;
                case ANOMALY -> "cost anomaly " + how;
                case BILLING_ALARM -> "billing alarm " + how;
                case INVALIDATION_USAGE -> "invalidation usage signal " + how;
                case UNRECOGNISED -> null;
            };
        }
        return null;
    }

    /**
     * The function's environment: template.yaml's, overridden as usual; on the embedded stand-ins the distributions the
     * advisor reads are played by distributions created in moto.
     */
    public static Map<String, String> environment(Setup setup) {
        Map<String, String> env = FunctionEnvironment.resolve(setup.template().environment(LOGICAL_ID), setup.processEnv(), setup.overrides(),
                setup.resources()::bind);
        if (setup.aws() != null && setup.aws().embedded()) {
            try (CloudFrontClient cloudFront = CloudFrontClients.of(setup.aws().clients())) {
                StandInDistributions.standIn(cloudFront, env).forEach((configured, standIn) -> setup.notes().accept(
                        "distribution " + configured + " is played by " + standIn + " (created in moto)"));
            }
        }
        return env;
    }

    public static CostAlertsConfig config(Map<String, String> env) {
        try {
            return CostAlertsConfig.from(Settings.of(env, false));
        } catch (ConfigException e) {
            throw CliException.failure(NAME + ": " + e.getMessage());
        }
    }

    /**
     * Production ports, with Cost Explorer noted: its adapter signs its own HTTP request (no SDK client, so the AWS-call
     * recorder does not see it), and every request is charged $0.01 in AWS.
     */
    public static CostAlertsWiring.Ports ports(CostAlertsConfig config, Setup setup) {
        CostAlertsWiring.Ports ports = CostAlertsWiring.ports(config, setup.aws().clients());
        return new CostAlertsWiring.Ports(ports.store(), ports.notifier(), noted(ports.costExplorer(), setup.notes()), ports.distributions(),
                ports.coalescerUsage());
    }

    static CostExplorer noted(CostExplorer costExplorer, Consumer<String> notes) {
        return (service, start, end) -> {
            CostExplorer.Result result = costExplorer.usageByType(service, start, end);
            notes.accept("ce GetCostAndUsage " + service + " " + start + ".." + end + " by USAGE_TYPE: " + result.usage().size()
                    + " usage types (one signed request; $0.01 in AWS)");
            return result;
        };
    }

    @Override
    public Prepared prepare(Setup setup) {
        Map<String, String> env = environment(setup);
        CostAlertsConfig config = config(env);
        CostAlertsHandler handler = new CostAlertsHandler(CostAlertsWiring.wire(config, ports(config, setup), setup.clock(), Log.to(setup.logs())));
        return StreamHandlerFunction.prepared(env, handler, setup.logs(), "edge-autopilot-" + LOGICAL_ID);
    }

    @Override
    public List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>(List.of(
                new Shape("Budgets notification", "via SNS: plain text with Budget Name:, Alert Type:, ... lines"),
                new Shape("cost anomaly", "via SNS (JSON) or EventBridge (source aws.ce, Anomaly Detected)"),
                new Shape("billing alarm", "an AWS/Billing EstimatedCharges alarm via SNS or EventBridge"),
                new Shape("invalidation usage signal", "the coalescer's usage signal via SNS"),
                new Shape("scheduled", "{\"tick\":\"" + String.join("|", TICKS) + "\"}")));
        ACTIONS.forEach(action -> shapes.add(new Shape(action + " request", "{\"action\":\"" + action + "\"}")));
        return shapes;
    }
}
