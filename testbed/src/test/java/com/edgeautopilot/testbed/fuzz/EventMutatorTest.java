package com.edgeautopilot.testbed.fuzz;

import com.edgeautopilot.common.Json;
import com.edgeautopilot.testbed.RepoPaths;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mutator is reproducible (a failure is replayed from its seed) and each kind does what its name says. */
class EventMutatorTest {

    private static final String SAMPLE = Json.write(Json.parseObject(RepoPaths.event("eventbridge/object-created-put.json")));

    @Test
    void aMutationIsReplayedFromItsKindAndSeed() {
        EventMutator.Mutation first = new EventMutator(7).next(SAMPLE);
        assertEquals(first, EventMutator.replay(first.kind(), first.seed(), SAMPLE));
        assertEquals(first, new EventMutator(7).next(SAMPLE), "the same run seed gives the same mutations");
    }

    @Test
    void eachKindChangesTheEventTheWayItsNameSays() {
        for (EventMutator.Kind kind : EventMutator.Kind.values()) {
            assertNotEquals(SAMPLE, new EventMutator(7).next(kind, SAMPLE).text(), kind + " changes the event");
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject(EventMutator.replay(EventMutator.Kind.TRUNCATED, 3, SAMPLE).text()));
        String padded = EventMutator.replay(EventMutator.Kind.OVERSIZED_256KB, 1, SAMPLE).text();
        assertTrue(padded.length() >= EventMutator.MAX_MESSAGE_BYTES - 64 && padded.length() <= EventMutator.MAX_MESSAGE_BYTES, "256 KB");
        Map<String, Object> wrapped = Json.parseObject(EventMutator.replay(EventMutator.Kind.SNS_IN_SNS, 5, SAMPLE).text());
        assertEquals("Notification", wrapped.get("Type"));
        assertTrue(String.valueOf(wrapped.get("Message")).contains("Object Created"), "the event is inside");
        String fewer = EventMutator.replay(EventMutator.Kind.MISSING_FIELD, 11, SAMPLE).text();
        assertTrue(fewer.length() < SAMPLE.length(), "a field is gone");
    }
}
