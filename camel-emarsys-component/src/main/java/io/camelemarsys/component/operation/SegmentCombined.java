package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** segment/combined: the account's combined segments ({@code GET /combinedsegments}). */
final class SegmentCombined extends DataCall {

    SegmentCombined(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        return new Request("GET", "/combinedsegments", null);
    }
}
