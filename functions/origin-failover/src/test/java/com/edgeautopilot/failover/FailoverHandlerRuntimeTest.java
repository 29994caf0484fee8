package com.edgeautopilot.failover;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.common.Json;
import com.edgeautopilot.failover.cdn.ConfigEdit;
import com.edgeautopilot.failover.handler.FailoverHandler;
import com.edgeautopilot.failover.support.Fixtures;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import com.edgeautopilot.testbed.Invocation;
import com.edgeautopilot.testbed.LambdaRuntimeHarness;
import com.edgeautopilot.testbed.LocalAws;
import com.edgeautopilot.testbed.MotoServer;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployed handler run the way Lambda runs it (runtime interface client in a child JVM, SnapStart hooks on,
 * production wiring from the environment template.yaml gives it) on samples from {@code events/}, against DynamoDB
 * Local and moto. The distribution has no standby alarm here, so no CloudWatch call is made (moto cannot answer it).
 */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class FailoverHandlerRuntimeTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("FailoverTable");

    private static final String HANDLER = FailoverHandler.class.getName() + "::handleRequest";

    @Test
    void anSnsAlarmFromTheEventsFolderFailsOverAndAMalformedOneFailsWithoutAChange() {
        LocalAws aws = LocalAws.configure(DB.server(), MotoServer.shared());
        String distributionId = aws.cloudFront().createDistribution(b -> b.distributionConfig(Fixtures.simpleConfig("runtime-" + System.nanoTime())))
                .distribution().id();
        String topic = aws.sns().createTopic(b -> b.name("failover-runtime")).topicArn();
        Map<String, String> env = new LinkedHashMap<>(aws.lambdaEnvironment());
        env.put("PROTECTED_DISTRIBUTIONS", Fixtures.settingFor(distributionId, 300, false));
        env.put("DISTRIBUTION_ARNS", "arn:aws:cloudfront::123456789012:distribution/" + distributionId);
        env.put("ALARM_ARNS", Fixtures.PRIMARY_ALARM);
        env.put("FAILOVER_TABLE", DB.tableName("FailoverTable"));
        env.put("NOTIFICATION_TOPIC_ARN", topic);
        env.put("FUNCTION_TIMEOUT_SECONDS", "120");
        env.put("LEASE_SECONDS", "180");
        LambdaRuntimeHarness harness = LambdaRuntimeHarness.create().snapStart(true);

        Invocation malformed = harness.invoke(HANDLER, "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Message\":\"{\\\"AlarmName\\\":\\\"x\\\"}\"}}]}", env);
        assertFalse(malformed.succeeded());
        assertTrue(malformed.toString().contains("malformed alarm message"), malformed.toString());

        Invocation alarm = harness.invoke(HANDLER, RepoPaths.event("cloudwatch-alarm/sns-alarm.json"), env);
        alarm.assertSucceeded();
        assertTrue(alarm.logs().contains("primed before the snapshot"), "the priming hook ran before the invocation: " + alarm.logs());
        Map<String, Object> response = alarm.responseObject();
        assertEquals("alarm", response.get("handled"), alarm.response());
        assertEquals("FAIL_OVER", ((Map<?, ?>) Json.list(response, "outcomes").get(0)).get("decision"), alarm.response());
        assertEquals(List.of("default=standby", "/api/*=standby", "/static/*=assets", "/checkout/*=standby"),
                ConfigEdit.targets(aws.cloudFront().getDistributionConfig(b -> b.id(distributionId)).distributionConfig()));
        assertTrue(alarm.logs().contains("\"Function\":\"origin-failover\""), "EMF metrics with the Function dimension: " + alarm.logs());

        Invocation status = harness.invoke(HANDLER, "{\"action\":\"status\"}", env);
        status.assertSucceeded();
        assertEquals("STANDBY", status.responseObject().get("position"), status.response());
    }
}
