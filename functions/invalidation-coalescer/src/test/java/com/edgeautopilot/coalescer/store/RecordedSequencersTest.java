package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.coalescer.event.S3Change;
import com.edgeautopilot.coalescer.event.Sequencers;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a change is known to be recorded already, so its conditional write (certain to be rejected) is not sent. */
class RecordedSequencersTest {

    private static final Duration WINDOW = Duration.ofHours(24);
    private final RecordedSequencers recorded = new RecordedSequencers(WINDOW);

    private static S3Change change(String key, String sequencer) {
        String normalized = Sequencers.normalize(sequencer);
        return new S3Change("bucket", key, normalized, normalized != null ? normalized : "event:" + key, false);
    }

    @Test
    void aRedeliveryOrAnOlderSequencerIsKnownAndANewerOneIsNot() {
        recorded.remember("D1", 8, change("a.html", "0A"), 0);
        assertTrue(recorded.isRecorded("D1", 8, change("a.html", "0A"), 1), "the same event again");
        assertTrue(recorded.isRecorded("D1", 8, change("a.html", "09"), 1), "an older event arriving late");
        assertFalse(recorded.isRecorded("D1", 8, change("a.html", "0B"), 1), "a newer upload is written");
        assertFalse(recorded.isRecorded("D1", 8, change("b.html", "0A"), 1), "another object");
        assertFalse(recorded.isRecorded("D2", 8, change("a.html", "0A"), 1), "another distribution");
    }

    @Test
    void theNewestSequencerWinsWhateverOrderTheyWereRemembered() {
        recorded.remember("D1", 8, change("a.html", "0B"), 0);
        recorded.remember("D1", 8, change("a.html", "0A"), 0); // a rejected older write does not lower what is known
        assertTrue(recorded.isRecorded("D1", 8, change("a.html", "0B"), 1));
    }

    @Test
    void changesWithoutASequencerAreAlwaysWritten() {
        S3Change unordered = new S3Change("bucket", "a.html", null, "event:1", false);
        recorded.remember("D1", 8, unordered, 0);
        assertFalse(recorded.isRecorded("D1", 8, unordered, 1), "an event id does not order changes (A, B, A)");
    }

    @Test
    void nothingIsKnownUnderAnotherShardCountOrAfterTheDedupeWindow() {
        recorded.remember("D1", 8, change("a.html", "0A"), 0);
        assertFalse(recorded.isRecorded("D1", 16, change("a.html", "0A"), 1), "items under another shard count are other items");
        assertFalse(recorded.isRecorded("D1", 8, change("a.html", "0A"), WINDOW.toMillis()), "the table forgets cleared items then too");
    }

    @Test
    void theOldestObjectsArePushedOutBeyondCapacity() {
        for (int i = 0; i <= RecordedSequencers.CAPACITY; i++) {
            recorded.remember("D1", 8, change("k" + i, "0A"), 0);
        }
        assertFalse(recorded.isRecorded("D1", 8, change("k0", "0A"), 1));
        assertTrue(recorded.isRecorded("D1", 8, change("k" + RecordedSequencers.CAPACITY, "0A"), 1));
    }
}
