package com.edgeautopilot.cli.functions;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.common.ConfigException;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.common.cloudfront.CloudFrontClients;
import com.edgeautopilot.common.events.EventShape;
import com.edgeautopilot.common.events.EventShapes;
import com.edgeautopilot.failover.config.FailoverConfig;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.handler.FailoverWiring;
import com.edgeautopilot.failover.policy.AlarmHealth;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Origin failover ({@code OriginFailoverFunction}) through its real {@link FailoverHandler}: CloudFront, SNS and
 * DynamoDB on the stand-ins. The standby's CloudWatch alarm cannot be read locally (moto 5.2 does not serve SDK 2.42's
 * CloudWatch protocol): {@code --env LOCAL_STANDBY_STATE=OK|ALARM|UNKNOWN} says what it is (default OK).
 */
public final class FailoverFunction implements LocalFunction {

    public static final String NAME = "origin-failover";
    public static final String LOGICAL_ID = "OriginFailoverFunction";
    public static final String STANDBY_STATE = "LOCAL_STANDBY_STATE";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> aliases() {
        return List.of(LOGICAL_ID, "failover");
    }

    @Override
    public Set<String> awsServices() {
        return Set.of("dynamodb", "cloudfront", "sns");
    }

    private static final CostAlertsFunction COST_ALERTS = new CostAlertsFunction();
    private static final List<String> OPERATOR_ACTIONS = List.of("status", "failover", "failback", "hold", "release");

    @Override
    public String recognise(Map<String, Object> event) {
        if (COST_ALERTS.recognise(event) != null) {
            return null; // a billing alarm is a cost signal (its alarm notifies the cost signals topic), not a health check
        }
        return switch (EventShapes.classify(event)) {
            case EventShape.SnsBatch sns when String.valueOf(Json.string(sns.records().get(0), "Sns", "Message")).contains("\"AlarmArn\"") ->
                    "CloudWatch alarm via SNS";
            case EventShape.EventBridgeEvent e when "CloudWatch Alarm State Change".equals(e.detailType()) -> "EventBridge alarm state change";
            case EventShape.AlarmAction a -> "alarm action (" + (Json.object(a.event(), "alarmData", "configuration") != null
                    && Json.string(a.event(), "alarmData", "configuration", "alarmRule") != null ? "composite" : "metric") + " alarm)";
            case EventShape.ScheduledTick t when t.isTick(FailoverHandler.FOLLOW_UP_TICK) -> "failover follow-up tick";
            case EventShape.OperatorCommand c when OPERATOR_ACTIONS.contains(c.action()) ->
                    "operator " + c.action();
            default -> null;
        };
    }

    @Override
    public List<Shape> shapes() {
        return List.of(
                new Shape("CloudWatch alarm via SNS", "Records[].Sns.Message is an alarm notification (AlarmArn); not a billing alarm"),
                new Shape("EventBridge alarm state change", "detail-type CloudWatch Alarm State Change"),
                new Shape("alarm action", "the alarm invoking the function itself (alarmData; metric or composite alarm)"),
                new Shape("failover follow-up tick", "{\"tick\":\"" + FailoverHandler.FOLLOW_UP_TICK + "\"}"),
                new Shape("operator", "{\"action\":\"" + String.join("|", OPERATOR_ACTIONS) + "\", \"distributionId\":\"E...\"}"));
    }

    /** Template environment, the sample configuration when nothing is protected, stand-in distributions in moto. */
    public static Map<String, String> environment(Setup setup) {
        Map<String, String> env = FunctionEnvironment.resolve(setup.template().environment(LOGICAL_ID), setup.processEnv(),
                setup.overrides(), setup.resources()::bind);
        if ("[]".equals(env.get("PROTECTED_DISTRIBUTIONS").trim())) {
            env.put("PROTECTED_DISTRIBUTIONS", FailoverStandIns.SAMPLE);
            setup.notes().accept("ProtectedDistributions is [] in config/default.yaml: using the sample configuration (E2QWRUHAPOMQZL, "
                    + "origins origin-primary/origin-standby, all behaviours, automatic failback after 300 s); --env PROTECTED_DISTRIBUTIONS=... to change");
        }
        if (!setup.overrides().containsKey("ALARM_ARNS")) {
            env.remove("ALARM_ARNS"); // the template's placeholder; the configuration names the alarms
        }
        if (setup.aws() != null && setup.aws().embedded()) {
            try (CloudFrontClient cloudFront = CloudFrontClients.of(setup.aws().clients())) {
                FailoverStandIns.standIn(cloudFront, env).forEach((configured, standIn) -> setup.notes().accept(
                        "distribution " + configured + " is played by " + standIn + " (created in moto with its primary and standby origins)"));
            }
        }
        return env;
    }

    @Override
    public Prepared prepare(Setup setup) {
        Map<String, String> env = environment(setup);
        FailoverConfig config;
        try {
            config = FailoverConfig.from(Settings.of(env, false));
        } catch (ConfigException e) {
            throw CliException.failure(NAME + ": " + e.getMessage());
        }
        String state = setup.overrides().getOrDefault(STANDBY_STATE, "OK");
        AlarmHealth health = switch (state) {
            case "ALARM" -> AlarmHealth.unhealthy("standby alarm in ALARM (" + STANDBY_STATE + "=ALARM)");
            case "UNKNOWN" -> AlarmHealth.unknown("standby alarm unreadable (" + STANDBY_STATE + "=UNKNOWN)");
            default -> AlarmHealth.healthy("alarms OK (" + STANDBY_STATE + "=OK; CloudWatch is not available locally)");
        };
        setup.notes().accept("the standby's alarm state is " + state + " (CloudWatch cannot run locally; --env " + STANDBY_STATE + "=ALARM|UNKNOWN)");
        FailoverHandler handler = new FailoverHandler(FailoverWiring.wire(config, setup.aws().clients(), alarms -> health, setup.clock()),
                Log.to(setup.logs()));
        return new StreamHandlerFunction(env, handler, setup.logs(), "edge-autopilot-" + LOGICAL_ID);
    }
}
