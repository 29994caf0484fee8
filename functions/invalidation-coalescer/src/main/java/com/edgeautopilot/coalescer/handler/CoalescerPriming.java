package com.edgeautopilot.coalescer.handler;

import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.event.S3EventParser;
import com.edgeautopilot.coalescer.plan.Capacity;
import com.edgeautopilot.coalescer.plan.InvalidationPlanner;
import com.edgeautopilot.common.Json;

import java.util.Set;

/**
 * The pure paths a SnapStart snapshot should carry warm: both S3 event shapes parsed, a small plan made, a response
 * written. Built-in samples only: no ids, times or randomness of this environment are kept.
 */
final class CoalescerPriming {

    /** A distribution id that cannot exist (CloudFront ids are upper-case letters and digits): its state is never written. */
    static final String NEVER_A_DISTRIBUTION = "priming-never-a-distribution";

    private static final String EVENTBRIDGE = """
            {"version":"0","id":"00000000-0000-0000-0000-000000000000","detail-type":"Object Created","source":"aws.s3",
             "account":"000000000000","time":"2000-01-01T00:00:00Z","region":"us-east-1","resources":["arn:aws:s3:::priming"],
             "detail":{"version":"0","bucket":{"name":"priming"},"object":{"key":"docs/index.html","size":1,"sequencer":"00"},
             "reason":"PutObject"}}""";
    private static final String NOTIFICATION = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2000-01-01T00:00:00.000Z",
             "eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"priming"},"object":{"key":"a+b.html","sequencer":"00"}}}]}""";

    private CoalescerPriming() {
    }

    static void runPurePaths(CoalescerConfig config) {
        S3EventParser parser = new S3EventParser(config.eventBridgeKeys());
        parser.parse(EVENTBRIDGE);
        parser.parse(NOTIFICATION);
        new InvalidationPlanner(config.costModel()).plan(Set.of("/docs/", "/docs", "/docs/index.html", "/a b.html"), Capacity.idle(1000), null);
        Json.write(Json.parseObject(EVENTBRIDGE));
    }
}
