package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** contactlist/list: the account's contact lists ({@code GET /contactlist}). */
final class ContactListList extends DataCall {

    ContactListList(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        return new Request("GET", "/contactlist", null);
    }
}
