package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** segment/list: the account's segments ({@code GET /filter}). */
final class SegmentList extends DataCall {

    SegmentList(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        return new Request("GET", "/filter", null);
    }
}
