package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.component.EmarsysPartialFailureException;
import io.camelemarsys.component.internal.Envelope;

/**
 * contactlist/create: the reply's data ({@code {"id": 123, "errors": ...}}) as the body and the new list's id in
 * CamelEmarsysContactListId. Contacts given in {@code external_ids} that Emarsys could not add are failed items, as in
 * every batch call: in CamelEmarsysFailedItems, or an EmarsysPartialFailureException with failOnPartialErrors (the
 * list exists all the same, and its id is in the header).
 */
final class ContactListCreate extends DataCall {

    ContactListCreate(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) throws Exception {
        Map<String, Object> body = NamedBody.of(exchange, "contactlist/create",
                "{\"name\": \"VIP\", \"external_ids\": [..]?} or the name as text");
        if (body.containsKey("external_ids")) {
            body.putIfAbsent("key_id", context.keyId(exchange));
        }
        return new Request("POST", "/contactlist", body);
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        Object given = exchange.getMessage().getBody() instanceof Map<?, ?> map ? map.get("external_ids") : null;
        super.execute(exchange);
        Map<?, ?> data = exchange.getMessage().getBody(Map.class);
        if (data == null) {
            return;
        }
        exchange.getMessage().setHeader(EmarsysConstants.CONTACT_LIST_ID, String.valueOf(data.get("id")));
        List<EmarsysFailedItem> failed = new ArrayList<>();
        ItemErrorParser.parse(Envelope.JSON.valueToTree(data.get("errors")))
                .forEach((key, error) -> failed.add(new EmarsysFailedItem(key, error.code(), error.text(), key)));
        int count = given instanceof Collection<?> ids ? ids.size() : 0;
        exchange.getMessage().setHeader(EmarsysConstants.SUCCEEDED_COUNT, Math.max(0, count - failed.size()));
        if (failed.isEmpty()) {
            exchange.getMessage().removeHeader(EmarsysConstants.FAILED_ITEMS);
            return;
        }
        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, List.copyOf(failed));
        if (context.config().isFailOnPartialErrors()) {
            throw new EmarsysPartialFailureException("contactlist/create", failed, count - failed.size());
        }
    }
}
