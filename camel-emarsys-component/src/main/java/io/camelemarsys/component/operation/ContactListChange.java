package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.internal.Envelope;

/**
 * contactlist/add and contactlist/remove: a key value or a Collection of them, at most 10,000 per request. The
 * result counts the contacts added (or removed); keys Emarsys could not resolve are failed items.
 */
public final class ContactListChange implements Operation {

    public static final int MAX_IDS = 10_000;

    private final OperationContext context;
    private final boolean add;

    public ContactListChange(OperationContext context, boolean add) {
        this.context = context;
        this.add = add;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        String operation = add ? "contactlist/add" : "contactlist/remove";
        List<String> keys = BodyItems.texts(exchange, operation, "a key value or a Collection of key values");
        String listId = context.listId(exchange);
        String keyId = context.keyId(exchange);
        List<Batches.Prepared> items = new ArrayList<>();
        keys.forEach(key -> items.add(new Batches.Prepared(key, key, key)));
        BatchOutcome outcome = new BatchOutcome();
        for (List<Batches.Prepared> chunk : Batches.split(items, MAX_IDS, Long.MAX_VALUE)) {
            List<String> ids = chunk.stream().map(Batches.Prepared::key).toList();
            Envelope reply = context.client().call("POST", "/contactlist/" + listId + (add ? "/add" : "/delete"),
                    Map.of("key_id", keyId, "external_ids", ids));
            OperationContext.replyHeaders(exchange, reply);
            outcome.book(chunk, ItemErrorParser.parse(reply.data().get("errors")), List.of());
        }
        outcome.finish(exchange, operation, context.config().isFailOnPartialErrors());
    }
}
