package com.edgeautopilot.coalescer.handler;

import org.junit.jupiter.api.Tag;
import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.support.CoalescerRig;
import com.edgeautopilot.coalescer.support.S3Events;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production ports: an ingest builds only the DynamoDB client; priming builds every client and writes nothing. */
@Tag("slow") // on the stand-ins or end to end: left out of the fast loop (mvn test -DexcludedGroups=slow)
class ProductionPortsTest {

    @RegisterExtension
    static final DynamoDbLocalExtension DB = DynamoDbLocalExtension.withTemplateTables("CoalescerTable").freshTablesForEachTest();

    private CoalescerConfig config() {
        Map<String, String> env = new HashMap<>();
        env.put("COALESCER_TABLE", DB.tableName("CoalescerTable"));
        env.put("DISTRIBUTION_IDS", CoalescerRig.DIST);
        env.put("SITE_ROUTES", "[{\"bucket\":\"" + CoalescerRig.BUCKET + "\",\"distributionId\":\"" + CoalescerRig.DIST + "\"}]");
        env.put("USAGE_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:usage");
        return CoalescerConfig.from(Settings.of(env));
    }

    @Test
    void anIngestBuildsNeitherCloudFrontNorSnsNorS3() {
        CoalescerConfig config = config();
        CoalescerWiring.Ports ports = CoalescerWiring.Ports.of(config, DB.aws().clients());
        Coalescer coalescer = CoalescerWiring.wire(config, ports.store(), ports.gateway(), ports.signals(), ports.listing(),
                Clock.systemUTC(), Log.to(new PrintStream(OutputStream.nullOutputStream())), () -> new PrintStream(OutputStream.nullOutputStream()));
        String batch = S3Events.sqsBatch(List.of(S3Events.eventBridge(CoalescerRig.BUCKET, "a.html", "0A", false)), 0);
        Map<String, Object> response = CoalescerRig.invoke(new CoalescerHandler(coalescer), batch);
        assertEquals(List.of(), response.get("batchItemFailures"));
        assertEquals(1, ports.store().pending(CoalescerRig.DIST).size(), "the change was recorded");
        assertFalse(ports.cloudFront().isBuilt(), "CloudFront client not built on the ingest path");
        assertFalse(ports.sns().isBuilt(), "SNS client not built on the ingest path");
        assertFalse(ports.s3().isBuilt(), "S3 client not built on the ingest path");
    }

    @Test
    void primingBuildsEveryClientAndWritesNothing() {
        CoalescerConfig config = config();
        CoalescerWiring.Ports ports = CoalescerWiring.Ports.of(config, DB.aws().clients());
        ports.prime(config);
        assertTrue(ports.cloudFront().isBuilt() && ports.sns().isBuilt() && ports.s3().isBuilt());
        assertEquals(0, DB.client().scan(b -> b.tableName(DB.tableName("CoalescerTable"))).count(), "priming only reads");
    }
}
