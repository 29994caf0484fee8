package com.edgeautopilot.coalescer.ingest;

import com.edgeautopilot.coalescer.flush.FlushOutcome;

import java.util.List;
import java.util.Map;

/**
 * @param failedMessageIds messages to report as failed (they are retried, then land in the dead-letter queue)
 * @param failureReasons   why, per failed message id
 * @param received         messages received
 * @param changes          object changes parsed from them
 * @param uniqueChanges    distinct (distribution, object) changes after in-memory dedupe
 * @param newlyPending     objects that became pending in DynamoDB
 * @param ignored          well-formed messages that asked for nothing (s3:TestEvent...)
 * @param flushes          flushes run right away because a distribution became due (size, max delay)
 */
public record IngestResult(List<String> failedMessageIds, Map<String, String> failureReasons, int received, int changes,
                           int uniqueChanges, int newlyPending, int ignored, List<FlushOutcome> flushes) {
}
