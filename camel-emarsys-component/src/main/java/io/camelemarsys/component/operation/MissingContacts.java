package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.internal.Envelope;

/**
 * ensureContact: creates the contacts a trigger found missing (Emarsys replyCode 2008), each holding only its key
 * value, with the upsert contact/upsert sends ({@code create_if_not_exists=1}), so that a contact created meanwhile
 * is left as it is.
 */
final class MissingContacts {

    /** Emarsys' replyCode for "no contact found with this key value". */
    static final int NOT_FOUND = 2008;

    private final OperationContext context;

    MissingContacts(OperationContext context) {
        this.context = context;
    }

    /**
     * Creates the contacts of these key values; returns the key values Emarsys refused to create, each with why.
     * A whole request Emarsys refuses as bad (HTTP 4xx other than 401, 403, 429) refuses its keys; any other failure
     * is thrown, as Emarsys' fault that a later try may not meet.
     */
    Map<String, ItemErrorParser.ItemError> create(List<String> keys, String keyId) throws EmarsysApiException {
        List<Batches.Prepared> contacts = new ArrayList<>();
        for (String key : new LinkedHashSet<>(keys)) {
            contacts.add(new Batches.Prepared(key, Map.of(keyId, key), key));
        }
        Map<String, ItemErrorParser.ItemError> refused = new LinkedHashMap<>();
        int maxCount = Math.max(1, Math.min(ContactWrite.MAX_CONTACTS, context.config().getBatchSize()));
        for (List<Batches.Prepared> chunk : Batches.split(contacts, maxCount, ContactWrite.MAX_BYTES)) {
            List<Object> records = chunk.stream().map(Batches.Prepared::payload).toList();
            try {
                Envelope reply = context.client().call("PUT", "/contact?create_if_not_exists=1",
                        Map.of("key_id", keyId, "contacts", records));
                Map<String, ItemErrorParser.ItemError> errors = ItemErrorParser.parse(reply.data().get("errors"));
                for (Batches.Prepared contact : chunk) {
                    ItemErrorParser.ItemError error = BatchOutcome.errorOf(errors, contact.key());
                    if (error != null) {
                        refused.put(contact.key(), error);
                    }
                }
            } catch (EmarsysApiException e) {
                int status = e.getHttpResponseCode();
                if (status < 400 || status >= 500 || status == 401 || status == 403 || status == 429) {
                    throw e;
                }
                chunk.forEach(c -> refused.put(c.key(), new ItemErrorParser.ItemError(e.getReplyCode(),
                        e.getReplyText())));
            }
        }
        return refused;
    }
}
