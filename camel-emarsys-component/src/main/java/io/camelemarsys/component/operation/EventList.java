package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** event/list: the account's external events ({@code GET /event}). */
final class EventList extends DataCall {

    EventList(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        return new Request("GET", "/event", null);
    }
}
