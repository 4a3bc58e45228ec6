package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysLimits;
import io.camelemarsys.component.internal.Envelope;

/**
 * contactlist/add and contactlist/remove: a key value or a Collection of them, at most 10,000 per request. The
 * result counts the contacts added (or removed); keys Emarsys could not resolve are failed items. The list is given
 * by id or name; with createMissingList a name no list has is created (for a remove too, which then removes none).
 */
public final class ContactListChange implements Operation {

    public static final int MAX_IDS = EmarsysLimits.LIST_IDS_PER_REQUEST;

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
        String listId = listId(exchange);
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

    /** The list's id; with createMissingList, a name no list has is created first. */
    private String listId(Exchange exchange) throws Exception {
        OperationContext.ContactListRef list = context.list(exchange);
        if (list.id() != null) {
            return list.id();
        }
        if (!context.config().isCreateMissingList()) {
            throw context.unknownList(list);
        }
        try {
            Envelope created = context.client().call("POST", "/contactlist", Map.of("name", list.name()));
            String id = created.data().path("id").asText();
            context.lists().created(list.name(), id);
            return id;
        } catch (EmarsysApiException e) {
            // another endpoint or application created it since the list was read (Emarsys: the name exists)
            String id = context.lists().id(list.name());
            if (id == null) {
                throw e;
            }
            return id;
        }
    }
}
