package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** field/list: the account's fields, named in the message's language ({@code GET /field[/translate/<lang>]}). */
final class FieldList extends DataCall {

    FieldList(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        String language = context.language(exchange);
        return new Request("GET", "en".equals(language) ? "/field" : "/field/translate/" + language, null);
    }
}
