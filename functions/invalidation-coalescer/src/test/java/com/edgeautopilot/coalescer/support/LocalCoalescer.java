package com.edgeautopilot.coalescer.support;

import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.handler.Coalescer;
import com.edgeautopilot.coalescer.handler.CoalescerWiring;
import com.edgeautopilot.coalescer.store.DynamoCoalescerStore;
import com.edgeautopilot.coalescer.usage.UsageSignals;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Settings;
import com.edgeautopilot.testbed.DynamoDbLocalExtension;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The coalescer wired as in production over the template's table in DynamoDB Local and a CloudFront double, for one
 * route (bucket to distribution, {@code index.html} as default root object and directory index); logs discarded,
 * metrics printed to {@code System.out} as in Lambda.
 */
public record LocalCoalescer(DynamoCoalescerStore store, Coalescer coalescer) {

    public static LocalCoalescer wire(DynamoDbLocalExtension db, String bucket, String distributionId, StrictCloudFront cloudFront,
                                      UsageSignals signals, Clock clock) {
        Map<String, String> env = new HashMap<>();
        env.put("COALESCER_TABLE", db.tableName("CoalescerTable"));
        env.put("DISTRIBUTION_IDS", distributionId);
        env.put("SITE_ROUTES", "[{\"bucket\":\"" + bucket + "\",\"distributionId\":\"" + distributionId
                + "\",\"defaultRootObject\":\"index.html\",\"directoryIndex\":\"index.html\"}]");
        CoalescerConfig config = CoalescerConfig.from(Settings.of(env));
        DynamoCoalescerStore store = new DynamoCoalescerStore(db.client(), config.tableName(), config.shards(), config.dedupeWindow());
        Coalescer coalescer = CoalescerWiring.wire(config, store, cloudFront, signals, clock, Log.to(new PrintStream(OutputStream.nullOutputStream())));
        return new LocalCoalescer(store, coalescer);
    }
}
