package com.edgeautopilot.coalescer.store;

import com.edgeautopilot.coalescer.event.S3Change;

import java.util.List;

/**
 * What recording a distribution's changes did.
 *
 * @param newlyPending objects that became pending and were not before
 * @param failed       changes that could not be written (each fails only the messages that carried it)
 * @param state        the distribution's state after recording: as the pending-marker write returned it, or as read
 *                     before when nothing was written; the flush check after the ingest decides on it without a read
 */
public record RecordedChanges(int newlyPending, List<S3Change> failed, DistributionState state) {
}
