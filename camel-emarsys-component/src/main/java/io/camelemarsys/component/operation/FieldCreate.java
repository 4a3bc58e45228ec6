package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** field/create: a new field from a Map ({@code POST /field}). */
final class FieldCreate extends DataCall {

    FieldCreate(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        return new Request("POST", "/field", NamedBody.of(exchange, "field/create",
                "{\"name\": \"Favourite colour\", \"application_type\": \"shorttext\"}"));
    }
}
