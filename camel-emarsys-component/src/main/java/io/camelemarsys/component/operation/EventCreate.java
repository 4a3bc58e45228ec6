package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** event/create: a new external event from its name or a Map ({@code POST /event}). */
final class EventCreate extends DataCall {

    EventCreate(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        return new Request("POST", "/event", NamedBody.of(exchange, "event/create",
                "{\"name\": \"order_shipped\"} or the name as text"));
    }
}
