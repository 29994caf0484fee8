package com.edgeautopilot.coalescer.handler;

import com.edgeautopilot.testbed.RepoPaths;
import com.edgeautopilot.testbed.SamConfig;
import com.edgeautopilot.testbed.TemplateModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The change queue admits S3's own notifications only when the stack is deployed for them
 * ({@code ChangeDelivery=S3Notifications}), and then only from the configured buckets of this account.
 */
class ChangeDeliveryContractTest {

    private static List<?> statements(String delivery, String buckets) {
        SamConfig.Environment environment = new SamConfig.Environment("test", "us-east-1", "edge-autopilot",
                Map.of("ChangeDelivery", delivery, "SourceBucketNames", buckets));
        TemplateModel template = TemplateModel.load(RepoPaths.template()).forEnvironment(environment);
        assertEquals(List.of(), template.problems());
        Object document = template.evaluate(template.resourceProperty("ChangeQueuePolicy", "PolicyDocument"), "ChangeQueuePolicy");
        return (List<?>) ((Map<?, ?>) document).get("Statement");
    }

    private static Map<?, ?> fromS3(List<?> statements) {
        return statements.stream().map(s -> (Map<?, ?>) s)
                .filter(s -> ((Map<?, ?>) s.get("Principal")).get("Service").equals("s3.amazonaws.com")).findFirst().orElse(null);
    }

    @Test
    void eventBridgeDeliveryAdmitsOnlyTheStacksRule() {
        List<?> statements = statements("EventBridge", "site-a");
        assertEquals(1, statements.size());
        assertEquals(null, fromS3(statements));
    }

    @Test
    void s3NotificationDeliveryAdmitsTheConfiguredBucketsOfThisAccountOnly() {
        Map<?, ?> s3 = fromS3(statements("S3Notifications", "site-a,site-b"));
        assertTrue(s3 != null, "a statement for s3.amazonaws.com");
        assertEquals("sqs:SendMessage", s3.get("Action"));
        Map<?, ?> condition = (Map<?, ?>) s3.get("Condition");
        assertEquals(Map.of("aws:SourceAccount", TemplateModel.PSEUDO.get("AWS::AccountId")), condition.get("StringEquals"));
        List<?> arns = (List<?>) ((Map<?, ?>) condition.get("ArnEquals")).get("aws:SourceArn");
        assertEquals(List.of("arn:aws:s3:::site-a", "arn:aws:s3:::site-b"), arns.stream().distinct().toList());
    }
}
