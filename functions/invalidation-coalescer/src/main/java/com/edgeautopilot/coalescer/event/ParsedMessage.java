package com.edgeautopilot.coalescer.event;

import java.util.List;

/** What one incoming message (an SQS body, or a direct invocation) turned out to be. */
public sealed interface ParsedMessage {

    /** Object changes to coalesce (one EventBridge event carries one; an S3 notification may carry several). */
    record Changes(List<S3Change> changes) implements ParsedMessage {
    }

    /** A well-formed message that asks for nothing, such as S3's {@code s3:TestEvent}. */
    record Ignored(String reason) implements ParsedMessage {
    }

    /** A message that cannot be processed; it must go to the retry / dead-letter path, with this reason logged. */
    record Invalid(String reason) implements ParsedMessage {
    }
}
