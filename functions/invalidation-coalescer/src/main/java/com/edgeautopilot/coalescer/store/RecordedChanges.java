package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.coalescer.event.S3Change;

import java.util.List;

/**
 * What recording a distribution's changes did.
 *
 * @param newlyPending objects that became pending and were not before
 * @param failed       changes that could not be written (each fails only the messages that carried it)
 */
public record RecordedChanges(int newlyPending, List<S3Change> failed) {
}
