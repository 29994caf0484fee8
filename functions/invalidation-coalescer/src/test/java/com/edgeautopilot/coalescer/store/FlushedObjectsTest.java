package com.edgeautopilot.coalescer.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which pending change is a late copy of one already invalidated, and the compact form the memory stores tokens in. */
class FlushedObjectsTest {

    private static final String SEQ_0A = "0A" + "0".repeat(30);
    private static final String SEQ_0B = "0B" + "0".repeat(30);
    private static final String SEQ_0A5 = "0A5" + "0".repeat(29);

    private static PendingChange pending(String token, long version) {
        return new PendingChange("site", "a.html", token, 0, version, "OBJ#E1#00", "O#hash");
    }

    @Test
    void aSequencedChangeIsALateCopyWhenNotNewerThanTheOneInvalidated() {
        assertTrue(FlushedObjects.isLateCopy(pending(SEQ_0A, 1), SEQ_0A), "the same change delivered again");
        assertTrue(FlushedObjects.isLateCopy(pending(SEQ_0A, 1), SEQ_0B), "an older change arriving after the newer one was invalidated");
        assertTrue(FlushedObjects.isLateCopy(pending(SEQ_0A, 2), SEQ_0B), "two older ones: the item keeps the newest, still older");
        assertFalse(FlushedObjects.isLateCopy(pending(SEQ_0B, 1), SEQ_0A), "a newer change is invalidated again");
        assertFalse(FlushedObjects.isLateCopy(pending(SEQ_0A5, 1), SEQ_0A), "0A5 is after 0A once right-padded");
    }

    @Test
    void withoutSequencersOnlyTheSameEventAloneSinceTheFlushIsACopy() {
        assertTrue(FlushedObjects.isLateCopy(pending("event:1", 1), "event:1"));
        assertFalse(FlushedObjects.isLateCopy(pending("event:1", 3), "event:1"),
                "another upload was recorded before the copy: event ids do not say which is newer");
        assertFalse(FlushedObjects.isLateCopy(pending("event:1", 1), "event:2"));
        assertFalse(FlushedObjects.isLateCopy(pending("event:1", 1), SEQ_0A));
        assertFalse(FlushedObjects.isLateCopy(pending(SEQ_0A, 1), "event:1"));
        assertFalse(FlushedObjects.isLateCopy(pending("event:1", 0), "event:1"), "an item written before versions existed");
    }

    @Test
    void sequencersAreStoredWithoutTheirPaddingAndRestoredExactly() {
        assertEquals("0A", FlushedObjects.shortToken(SEQ_0A));
        assertEquals(SEQ_0A, FlushedObjects.fullToken("0A"));
        assertEquals("0A5", FlushedObjects.shortToken(SEQ_0A5));
        assertEquals("0", FlushedObjects.shortToken("0".repeat(32)));
        assertEquals("0".repeat(32), FlushedObjects.fullToken("0"));
        String sequencer = "0055AED6DCD90281E5";
        String normalized = sequencer + "0".repeat(32 - sequencer.length());
        assertEquals(normalized, FlushedObjects.fullToken(FlushedObjects.shortToken(normalized)));
        assertEquals("event:2026-11-21T10:00:00Z:ObjectCreated:Put:ABC", FlushedObjects.shortToken("event:2026-11-21T10:00:00Z:ObjectCreated:Put:ABC"));
        assertEquals("event:x", FlushedObjects.fullToken("event:x"));
    }
}
