package com.edgeautopilot.coalescer.handler;

import com.edgeautopilot.coalescer.flush.FlushOutcome;
import com.edgeautopilot.coalescer.ingest.IngestResult;

import java.util.List;

/** What the handler answers, as records written by the layer's JSON writer (jackson-jr; null fields are left out). */
public final class Responses {

    private Responses() {
    }

    /** SQS partial batch response (ReportBatchItemFailures): the messages to retry. */
    public record BatchItemFailures(List<ItemFailure> batchItemFailures) {
        static BatchItemFailures of(IngestResult result) {
            return new BatchItemFailures(result.failedMessageIds().stream().map(ItemFailure::new).toList());
        }
    }

    public record ItemFailure(String itemIdentifier) {
    }

    /** A direct S3 event, ingested. */
    public record Ingested(int received, int changes, int uniqueChanges, int newlyPending, int ignored, List<Flush> flushes) {
        static Ingested of(IngestResult result) {
            return new Ingested(result.received(), result.changes(), result.uniqueChanges(), result.newlyPending(), result.ignored(),
                    result.flushes().stream().map(Flush::of).toList());
        }
    }

    /** A flush tick: what happened per distribution. */
    public record Flushes(List<Flush> flushes) {
    }

    /** One distribution's flush; the batch fields are null (left out) when nothing was planned. */
    public record Flush(String distributionId, String decision, String batchId, Integer pendingKeys, Integer paths,
                        List<String> invalidationIds, Integer cleared, Integer leftPending, Long billablePaths, String refusal) {
        static Flush of(FlushOutcome outcome) {
            boolean planned = outcome.batchId() != null;
            return new Flush(outcome.distributionId(), outcome.decision().name(), outcome.batchId(),
                    planned ? outcome.pendingKeys() : null, planned ? outcome.paths().size() : null,
                    planned ? outcome.invalidationIds() : null, planned ? outcome.cleared() : null,
                    planned ? outcome.leftPending() : null, planned ? outcome.billablePaths() : null, outcome.refusal());
        }
    }
}
