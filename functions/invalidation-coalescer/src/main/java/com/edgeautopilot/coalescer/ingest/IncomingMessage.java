package com.edgeautopilot.coalescer.ingest;

/** One message to ingest: an SQS record (id = messageId), or a direct invocation (id chosen by the caller). */
public record IncomingMessage(String id, String body) {
}
