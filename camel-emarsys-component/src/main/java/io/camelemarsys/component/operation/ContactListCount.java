package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** contactlist/count: how many contacts a list holds ({@code GET /contactlist/<id>/count}). */
final class ContactListCount extends DataCall {

    ContactListCount(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) throws Exception {
        return new Request("GET", "/contactlist/" + context.listId(exchange) + "/count", null);
    }
}
