package com.edgeautopilot.coalescer.handler;

import com.edgeautopilot.coalescer.config.CoalescerConfig;
import com.edgeautopilot.coalescer.flush.Flusher;
import com.edgeautopilot.coalescer.ingest.Ingestor;

/** The coalescer's collaborators, wired once per runtime (production: {@link CoalescerWiring}; tests: their own). */
public record Coalescer(CoalescerConfig config, Ingestor ingestor, Flusher flusher) {
}
