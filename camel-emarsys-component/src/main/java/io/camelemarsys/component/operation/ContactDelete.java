package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.internal.Envelope;

/** contact/delete: a key value or a Collection of them, at most batchSize (1000) per request. */
public final class ContactDelete implements Operation {

    private final OperationContext context;

    public ContactDelete(OperationContext context) {
        this.context = context;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        List<String> keys = BodyItems.texts(exchange, "contact/delete", "a key value or a Collection of key values");
        String keyId = context.keyId(exchange);
        List<Batches.Prepared> items = new ArrayList<>();
        keys.forEach(key -> items.add(new Batches.Prepared(key, key, key)));
        int maxCount = Math.max(1, Math.min(ContactWrite.MAX_CONTACTS, context.config().getBatchSize()));
        BatchOutcome outcome = new BatchOutcome();
        for (List<Batches.Prepared> chunk : Batches.split(items, maxCount, Long.MAX_VALUE)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("key_id", keyId);
            body.put(keyId, chunk.stream().map(Batches.Prepared::key).toList());
            Envelope reply = context.client().call("POST", "/contact/delete", body);
            OperationContext.replyHeaders(exchange, reply);
            outcome.book(chunk, ItemErrorParser.parse(reply.data().get("errors")), List.of());
        }
        outcome.finish(exchange, "contact/delete", context.config().isFailOnPartialErrors());
    }
}
