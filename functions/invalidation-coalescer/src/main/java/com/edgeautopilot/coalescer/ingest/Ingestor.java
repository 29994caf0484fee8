package com.edgeautopilot.coalescer.ingest;

import com.edgeautopilot.coalescer.config.RouteTable;
import com.edgeautopilot.coalescer.event.ParsedMessage;
import com.edgeautopilot.coalescer.event.S3Change;
import com.edgeautopilot.coalescer.event.S3EventParser;
import com.edgeautopilot.coalescer.flush.FlushOutcome;
import com.edgeautopilot.coalescer.flush.Flusher;
import com.edgeautopilot.coalescer.plan.OriginRoute;
import com.edgeautopilot.coalescer.store.CoalescerStore;
import com.edgeautopilot.coalescer.store.DistributionState;
import com.edgeautopilot.coalescer.store.RecordedChanges;
import com.edgeautopilot.common.Log;
import com.edgeautopilot.common.Metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Ingests a batch of messages: parse each, drop duplicates in memory (the newest change per object wins), record the
 * rest per distribution in the store, then flush distributions that became due. A bad message fails alone, with its
 * reason logged; a store failure fails only the messages that contributed to that distribution.
 */
public final class Ingestor {

    private final S3EventParser parser;
    private final RouteTable routes;
    private final CoalescerStore store;
    private final Flusher flusher;
    private final Clock clock;
    private final Log log;
    private final Supplier<Metrics> metrics;

    public Ingestor(S3EventParser parser, RouteTable routes, CoalescerStore store, Flusher flusher, Clock clock, Log log,
                    Supplier<Metrics> metrics) {
        this.parser = parser;
        this.routes = routes;
        this.store = store;
        this.flusher = flusher;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    public IngestResult ingest(List<IncomingMessage> messages, String invocationId) {
        Log log = this.log.forRequest(invocationId);
        Map<String, String> failures = new LinkedHashMap<>();
        // distribution -> object (and event, for changes without sequencer) -> newest change; and which messages fed each distribution
        Map<String, Map<String, S3Change>> byDistribution = new TreeMap<>();
        Map<String, Map<String, Set<String>>> contributors = new LinkedHashMap<>(); // distribution -> object -> message ids
        int changes = 0;
        int ignored = 0;
        for (IncomingMessage message : messages) {
            ParsedMessage parsed = parser.parse(message.body());
            if (parsed instanceof ParsedMessage.Invalid invalid) {
                failures.put(message.id(), invalid.reason());
                continue;
            }
            if (parsed instanceof ParsedMessage.Ignored skip) {
                ignored++;
                log.debug("ignored message", "messageId", message.id(), "reason", skip.reason());
                continue;
            }
            List<S3Change> found = ((ParsedMessage.Changes) parsed).changes();
            String unrouted = found.stream().map(S3Change::bucket).filter(b -> routes.routesFor(b).isEmpty()).findFirst().orElse(null);
            if (unrouted != null) {
                failures.put(message.id(), "bucket '" + unrouted + "' has no route in SITE_ROUTES (configured buckets: " + routes.buckets() + ")");
                continue;
            }
            for (S3Change change : found) {
                changes++;
                for (OriginRoute route : routes.routesFor(change.bucket())) {
                    Map<String, S3Change> objects = byDistribution.computeIfAbsent(route.distributionId(), d -> new LinkedHashMap<>());
                    // one change per object and sequencer order; a change without sequencer is not ordered against
                    // any other, so it is kept apart (keeping one of two unordered changes could keep a late copy)
                    String slot = change.sequencer() != null ? change.objectId() : change.objectId() + '\n' + change.token();
                    objects.merge(slot, change, (old, neu) -> neu.isNewerThan(old) ? neu : old);
                    contributors.computeIfAbsent(route.distributionId(), d -> new LinkedHashMap<>())
                            .computeIfAbsent(change.objectId(), o -> new LinkedHashSet<>()).add(message.id());
                }
            }
        }
        failures.forEach((id, reason) -> log.warn("rejected message; it will be retried and then dead-lettered", "messageId", id, "reason", reason));

        long now = clock.millis();
        int unique = 0;
        int newlyPending = 0;
        List<DistributionState> recorded = new ArrayList<>(); // each as the recording left it: the flush check reads nothing
        for (Map.Entry<String, Map<String, S3Change>> entry : byDistribution.entrySet()) {
            String distributionId = entry.getKey();
            unique += entry.getValue().size();
            Map<String, Set<String>> messagesByObject = contributors.get(distributionId);
            try {
                RecordedChanges result = store.recordChanges(distributionId, entry.getValue().values(), now);
                newlyPending += result.newlyPending();
                for (S3Change failed : result.failed()) {
                    log.error("could not record a change; its messages will be retried", null, "distributionId", distributionId,
                            "bucket", failed.bucket(), "keyLength", failed.key().length());
                    for (String id : messagesByObject.get(failed.objectId())) {
                        failures.putIfAbsent(id, "recording " + failed.objectId() + " for " + distributionId + " failed");
                    }
                }
                recorded.add(result.state());
            } catch (RuntimeException e) {
                log.error("could not record changes; their messages will be retried", e, "distributionId", distributionId,
                        "changes", entry.getValue().size());
                messagesByObject.values().forEach(ids -> ids.forEach(id ->
                        failures.putIfAbsent(id, "recording changes for " + distributionId + " failed: " + e.getMessage())));
            }
        }

        List<FlushOutcome> flushes = new ArrayList<>();
        for (DistributionState state : recorded) {
            String distributionId = state.distributionId();
            try {
                FlushOutcome outcome = flusher.flush(state, invocationId, false);
                if (outcome.decision().flushes()) {
                    flushes.add(outcome);
                }
            } catch (RuntimeException e) {
                // the changes are recorded; the scheduled flush will pick them up
                log.error("flush after ingest failed; the scheduled flush will retry", e, "distributionId", distributionId);
            }
        }

        metrics.get()
                .put("MessagesReceived", messages.size(), Metrics.Unit.Count)
                .put("ChangesReceived", changes, Metrics.Unit.Count)
                .put("UniqueChanges", unique, Metrics.Unit.Count)
                .put("NewlyPending", newlyPending, Metrics.Unit.Count)
                .put("RejectedMessages", failures.size(), Metrics.Unit.Count)
                .flush();
        log.info("ingested batch", "messages", messages.size(), "changes", changes, "uniqueChanges", unique,
                "newlyPending", newlyPending, "ignored", ignored, "rejected", failures.size());
        return new IngestResult(List.copyOf(failures.keySet()), Map.copyOf(failures), messages.size(), changes, unique,
                newlyPending, ignored, flushes);
    }
}
