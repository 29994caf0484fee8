package com.edgeautopilot.testbed.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Test handler: reports every record of the batch as failed, by message ID. Its output is derived entirely from
 * what the runtime deserialized, so an SQSEvent the runtime cannot read (no records) gives an empty answer.
 */
public class SqsBatchFailuresHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
            context.getLogger().log("record " + message.getMessageId() + " from " + message.getEventSourceArn()
                    + " body length " + (message.getBody() == null ? -1 : message.getBody().length()));
        }
        System.out.println("handled " + records.size() + " records in " + context.getAwsRequestId());
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
