package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.handler.Coalescer;
import com.edgeautopilot.coalescer.handler.CoalescerHandler;
import com.edgeautopilot.coalescer.handler.CoalescerWiring;
import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
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
        List<Object> records = Json.list(event, "Records");
        if (records != null && !records.isEmpty() && records.get(0) instanceof Map<?, ?> first) {
            Object source = first.get("eventSource");
            if ("aws:sqs".equals(source)) {
                return "SQS batch of " + records.size() + (records.size() == 1 ? " message" : " messages");
            }
            if ("aws:s3".equals(source)) {
                return "S3 event notification";
            }
        }
        if ("aws.s3".equals(event.get("source"))) {
            return "EventBridge S3 event (" + event.get("detail-type") + ")";
        }
        if ("s3:TestEvent".equals(event.get("Event"))) {
            return "S3 test event";
        }
        if ("Scheduled Event".equals(event.get("detail-type")) && !FailoverFunction.isFollowUpTick(event) && !CostAlertsFunction.ownsSchedule(event)) {
            return "EventBridge scheduled event";
        }
        if ("flush".equals(event.get("action"))) {
            return "flush request";
        }
        return null;
    }

    /**
     * The coalescer's environment: template.yaml's, overridden as usual; on the embedded stand-ins the configured
     * distributions are played by distributions created in moto (their ids replace the configured ones).
     */
    public static Map<String, String> environment(Setup setup) {
        Map<String, String> env = FunctionEnvironment.resolve(setup.template().environment(LOGICAL_ID), setup.processEnv(),
                setup.overrides(), setup.resources()::bind);
        if (setup.aws() != null && setup.aws().embedded()) {
            try (CloudFrontClient cloudFront = setup.aws().clients().cloudFront()) {
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
