package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.common.dynamo.BoundedParallel;
import com.edgeautopilot.common.dynamo.DynamoItems;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.edgeautopilot.common.dynamo.DynamoItems.n;
import static com.edgeautopilot.common.dynamo.DynamoItems.s;

/**
 * What flushes cleared within the dedupe window, so a late copy of a change that was already invalidated (S3's
 * at-least-once delivery, an SQS redelivery, an older sequencer arriving after a newer one) is dropped instead of paid
 * again. Kept apart from the object items, which a flush deletes: the pending read then reads only what is pending,
 * where it used to read (and pay for) every object flushed within the window.
 * <pre>
 * pk       SEEN#{distributionId}
 * sk       {clearedAt, 13 digits}#{batchId}#{chunk:04}#{hash of its lines}
 *          time first: a flush reads only the window, whatever TTL has not deleted yet
 * objects  gzip'd lines "{object item sort key} {token}"  (a sequencer's right-padding zeros left out)
 * expiresAt  TTL: clearedAt + the dedupe window
 * </pre>
 * Written before the flushed items are deleted (a flush stopped in between clears them again when resumed, and writes
 * the same chunks again). About 40 bytes an object after compression (the hashed sort keys do not compress): a day of
 * 3,500 flushed objects in 288 batches is ~160 KB, read by each flush for ~20 read units; bench/COALESCER.md measures
 * the flush's reads. The read is bounded ({@link #READ_BUDGET_BYTES}, newest first) and eventually consistent (the
 * previous flush wrote minutes earlier): what it misses (older than the budget or the window, or not yet replicated)
 * is a late copy invalidated again, one path each, never a change lost. So a DLQ redrive of messages older than the
 * window (1 day; the queue keeps them 4 days, the DLQ 14) pays each redriven change once more: its paths at $0.005
 * each beyond the month's free 1,000, while the objects are invalidated correctly.
 */
final class FlushedObjects {

    private static final String SEQUENCER_PADDING = "0";

    /**
     * How much of the memory (compressed bytes, newest first) one flush reads at most: about 25,000 flushed objects at
     * ~40 bytes each, at most ~2 MB read with the page that crosses it (~256 read units eventually consistent). A day of
     * 3,500 objects (~160 KB) is read whole; at 1M objects a day, about the last 36 minutes of flushes.
     */
    static final long READ_BUDGET_BYTES = 1_000_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration dedupeWindow;

    FlushedObjects(DynamoDbClient dynamo, String table, Duration dedupeWindow) {
        this.dynamo = dynamo;
        this.table = table;
        this.dedupeWindow = dedupeWindow;
    }

    private static String partition(String distributionId) {
        return "SEEN#" + distributionId;
    }

    /** Remembers the changes a batch invalidated, for the dedupe window. */
    void remember(String distributionId, String batchId, Collection<PendingChange> cleared, long now) {
        if (cleared.isEmpty() || dedupeWindow.isZero()) {
            return;
        }
        // a sort key written before keys were hashed is "{bucket}/{key}" and may hold a line break: not remembered (a late
        // copy of it is invalidated again, as without this memory)
        List<String> lines = cleared.stream().filter(c -> c.sortKey().indexOf('\n') < 0)
                .map(c -> c.sortKey() + ' ' + shortToken(c.token())).toList();
        if (lines.isEmpty()) {
            return;
        }
        List<List<String>> chunks = BatchItems.runs(lines, String::length, 1);
        long expires = (now + dedupeWindow.toMillis()) / 1000;
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int chunk = 0; chunk < chunks.size(); chunk++) {
            String text = String.join("\n", chunks.get(chunk));
            // the content's hash in the key: a resumed flush clearing the rest of its batch in the same millisecond adds
            // an item instead of replacing the first attempt's; a retried write of the same content is the same item
            Map<String, AttributeValue> item = new HashMap<>(DynamoItems.key(partition(distributionId),
                    String.format("%013d#%s#%04d#%s", now, batchId, chunk, DynamoItems.sha256(text).substring(0, 12))));
            item.put("objects", AttributeValue.fromB(SdkBytes.fromByteArray(GzipText.gzip(text))));
            item.put(DynamoItems.TTL_ATTRIBUTE, n(expires));
            items.add(item);
        }
        BoundedParallel.map(items, DynamoCoalescerStore.PARALLEL_WRITES, item -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    /**
     * The pending changes that are late copies of a change flushed within the window (see {@link #isLateCopy}).
     */
    List<PendingChange> lateCopies(String distributionId, Collection<PendingChange> pending, long now) {
        if (pending.isEmpty() || dedupeWindow.isZero()) {
            return List.of();
        }
        Map<String, String> flushed = new HashMap<>();
        long read = 0;
        // newest first, and no further than READ_BUDGET_BYTES: the read's cost is bounded whatever a day's volume is
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND sk >= :since")
                .scanIndexForward(false)
                .expressionAttributeValues(Map.of(":pk", s(partition(distributionId)),
                        ":since", s(String.format("%013d", Math.max(0, now - dedupeWindow.toMillis()))))).build()).items()) {
            byte[] compressed = item.get("objects").b().asByteArray();
            for (String line : GzipText.gunzip(compressed).split("\n")) {
                int space = line.lastIndexOf(' '); // tokens have no spaces; sort keys of items written before keys were hashed may
                // read newest first: the newest sequencer, or the last change flushed when they have none
                flushed.merge(line.substring(0, space), fullToken(line.substring(space + 1)),
                        (newer, older) -> isSequencer(newer) && isSequencer(older) && older.compareTo(newer) > 0 ? older : newer);
            }
            read += compressed.length;
            if (read >= READ_BUDGET_BYTES) {
                break; // older flushes are not consulted: a late copy of one of them is invalidated again (never lost)
            }
        }
        List<PendingChange> copies = new ArrayList<>();
        for (PendingChange change : pending) {
            String invalidated = flushed.get(change.sortKey());
            if (invalidated != null && isLateCopy(change, invalidated)) {
                copies.add(change);
            }
        }
        return copies;
    }

    /**
     * Whether a pending change only repeats what was invalidated: with sequencers on both, a sequencer not after the one
     * invalidated (sequencers order one object's changes, and an item keeps the newest it was given); without, the same
     * event, and nothing else recorded for the object since the flush deleted its item (version 1: the copy created
     * it). Event ids do not order changes, so a copy that follows another upload is invalidated again rather than
     * risk dropping that upload.
     */
    static boolean isLateCopy(PendingChange change, String invalidated) {
        if (isSequencer(change.token()) && isSequencer(invalidated)) {
            return change.token().compareTo(invalidated) <= 0;
        }
        return change.token().equals(invalidated) && change.version() == 1;
    }

    private static boolean isSequencer(String token) {
        return !token.startsWith("event:");
    }

    /** A normalised sequencer without its right-padding zeros (restored by {@link #fullToken}); other tokens as they are. */
    static String shortToken(String token) {
        if (!isSequencer(token) || token.length() != 32) {
            return token;
        }
        int end = token.length();
        while (end > 1 && token.startsWith(SEQUENCER_PADDING, end - 1)) {
            end--;
        }
        return token.substring(0, end);
    }

    static String fullToken(String stored) {
        return isSequencer(stored) && stored.length() < 32 ? stored + SEQUENCER_PADDING.repeat(32 - stored.length()) : stored;
    }
}
