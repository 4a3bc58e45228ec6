package io.camelemarsys.component.operation;

import java.util.Map;

import org.apache.camel.Exchange;

/** contact/checkids: the internal ids of key values ({@code POST /contact/checkids}); a key value or a Collection. */
final class ContactCheckIds extends DataCall {

    ContactCheckIds(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) throws Exception {
        return new Request("POST", "/contact/checkids", Map.of("key_id", context.keyId(exchange), "external_ids",
                BodyItems.texts(exchange, "contact/checkids", "a key value or a Collection of them")));
    }
}
