package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.handler.Coalescer;
import com.edgeautopilot.coalescer.handler.CoalescerHandler;
import com.edgeautopilot.coalescer.handler.CoalescerWiring;
import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.common.events.EventShape;
import com.edgeautopilot.common.events.EventShapes;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The invalidation coalescer ({@code InvalidationCoalescerFunction}), run through its real {@link CoalescerHandler}. */
public final class CoalescerFunction implements LocalFunction {

    public static final String NAME = "invalidation-coalescer";
    public static final String LOGICAL_ID = "InvalidationCoalescerFunction";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> aliases() {
        return List.of(LOGICAL_ID, "coalescer");
    }

    @Override
    public Set<String> awsServices() {
        return Set.of("dynamodb", "cloudfront", "sns");
    }

    @Override
    public String recognise(Map<String, Object> event) {
        // the shapes CoalescerHandler takes, told apart by the same classifier and the handler's own flush-tick rule
        return switch (EventShapes.classify(event)) {
            case EventShape.SqsBatch batch -> "SQS batch of " + batch.records().size() + (batch.records().size() == 1 ? " message" : " messages");
            case EventShape.S3Notification notification ->
                    "s3:TestEvent".equals(notification.event().get("Event")) ? "S3 test event" : "S3 event notification";
            case EventShape.EventBridgeEvent bridge when "aws.s3".equals(bridge.source()) -> "EventBridge S3 event (" + bridge.detailType() + ")";
            case EventShape.ScheduledTick tick when CoalescerHandler.isFlushTick(tick) -> "EventBridge scheduled event";
            case EventShape.OperatorCommand command when "flush".equals(command.action()) -> "flush request";
            default -> null;
        };
    }

    @Override
    public List<Shape> shapes() {
        return List.of(
                new Shape("SQS batch", "Records[].eventSource aws:sqs, bodies EventBridge S3 events or S3 notifications"),
                new Shape("S3 event notification", "Records[].eventSource aws:s3 (a bucket notifying the function itself)"),
                new Shape("S3 test event", "{\"Event\":\"s3:TestEvent\"} (ignored)"),
                new Shape("EventBridge S3 event", "source aws.s3, detail-type Object Created or Object Deleted"),
                new Shape("EventBridge scheduled event", "the flush schedule: {\"tick\":\"" + CoalescerHandler.FLUSH_TICK
                        + "\"}, or a scheduled event without a rule"),
                new Shape("flush request", "{\"action\":\"flush\"}; \"force\":true flushes what is pending now"));
    }

    /**
     * The coalescer's environment: template.yaml's, overridden as usual; on the embedded stand-ins the configured
     * distributions are played by distributions created in moto (their ids replace the configured ones).
     */
    public static Map<String, String> environment(Setup setup) {
        Map<String, String> env = FunctionEnvironment.resolve(setup.template().environment(LOGICAL_ID), setup.processEnv(),
                setup.overrides(), setup.resources()::bind);
        if (setup.aws() != null && setup.aws().embedded()) {
            try (CloudFrontClient cloudFront = CloudFrontClients.of(setup.aws().clients())) {
                Map<String, String> mapping = StandInDistributions.standIn(cloudFront, env);
                mapping.forEach((configured, standIn) -> setup.notes().accept(
                        "distribution " + configured + " is played by " + standIn + " (created in moto)"));
            }
        }
        return env;
    }

    public static CoalescerConfig config(Map<String, String> env) {
        try {
            return CoalescerConfig.from(Settings.of(env, false));
        } catch (ConfigException e) {
            throw CliException.failure(NAME + ": " + e.getMessage());
        }
    }

    @Override
    public Prepared prepare(Setup setup) {
        Map<String, String> env = environment(setup);
        CoalescerConfig config = config(env);
        Coalescer coalescer = CoalescerWiring.wire(config, setup.aws().clients(), setup.clock(), Log.to(setup.logs()));
        CoalescerHandler handler = new CoalescerHandler(coalescer);
        return new StreamHandlerFunction(env, handler, setup.logs(), "edge-autopilot-" + LOGICAL_ID);
    }
}
