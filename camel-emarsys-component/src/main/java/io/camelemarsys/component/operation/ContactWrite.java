package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.EmarsysLimits;
import io.camelemarsys.component.internal.Envelope;

/**
 * contact/upsert, contact/update and contact/create: a Map (one contact) or a Collection of Maps, split into
 * requests of at most batchSize contacts and 8 MB. Items with a bad value, no key value, or a key value that occurs
 * twice in the body are refused before sending; the others are sent, and Emarsys' per-item errors are read back.
 */
public final class ContactWrite implements Operation {

    public static final int MAX_CONTACTS = EmarsysLimits.CONTACTS_PER_REQUEST;
    public static final long MAX_BYTES = 8L * 1024 * 1024 - 64 * 1024; // room for the envelope around the contacts

    public enum Mode { UPSERT, UPDATE, CREATE }

    private final OperationContext context;
    private final Mode mode;

    public ContactWrite(OperationContext context, Mode mode) {
        this.context = context;
        this.mode = mode;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        String operation = "contact/" + mode.name().toLowerCase(Locale.ROOT);
        List<Map<String, Object>> contacts = BodyItems.maps(exchange, operation,
                "a Map of field name or id to value, or a Collection of such Maps");
        String keyId = context.keyId(exchange);
        ContactValues values = new ContactValues(context.fields(), context.config().isWriteNulls());
        BatchOutcome outcome = new BatchOutcome();
        List<Batches.Prepared> prepared = prepare(contacts, keyId, values, outcome,
                context.config().isFailOnPartialErrors());

        int maxCount = Math.max(1, Math.min(MAX_CONTACTS, context.config().getBatchSize()));
        for (List<Batches.Prepared> chunk : Batches.split(prepared, maxCount, MAX_BYTES)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("key_id", keyId);
            List<Object> records = new ArrayList<>(chunk.size());
            chunk.forEach(item -> records.add(item.payload()));
            body.put("contacts", records);
            if (context.config().getContactListId() != null) {
                body.put("contact_list_id", context.config().getContactListId());
            }
            Envelope reply = send(body);
            OperationContext.replyHeaders(exchange, reply);
            List<String> ids = new ArrayList<>();
            reply.data().path("ids").forEach(id -> ids.add(id.asText()));
            outcome.book(chunk, ItemErrorParser.parse(reply.data().get("errors")), ids);
        }
        outcome.finish(exchange, operation, context.config().isFailOnPartialErrors());
    }

    private Envelope send(Map<String, Object> body) throws Exception {
        switch (mode) {
            case UPSERT:
                return context.client().call("PUT", "/contact?create_if_not_exists=1", body);
            case UPDATE:
                return context.client().call("PUT", "/contact", body);
            default:
                return context.client().call("POST", "/contact", body);
        }
    }

    private static List<Batches.Prepared> prepare(List<Map<String, Object>> contacts, String keyId,
                                                  ContactValues values, BatchOutcome outcome,
                                                  boolean failOnPartialErrors) throws Exception {
        List<Batches.Prepared> prepared = new ArrayList<>();
        Map<String, Integer> keyCounts = new HashMap<>();
        List<String> keys = new ArrayList<>();
        List<Map<String, Object>> records = new ArrayList<>();
        for (int position = 0; position < contacts.size(); position++) {
            Map<String, Object> contact = contacts.get(position);
            Map<String, Object> record;
            try {
                record = values.record(contact);
            } catch (EmarsysInputException e) {
                if (failOnPartialErrors && e.getMessage().startsWith("Unknown Emarsys field")) {
                    throw e; // a mapping mistake: fail fast; with failOnPartialErrors=false it is the item's reason
                }
                record = null;
                outcome.refuse("#" + position, e.getMessage(), contact);
            }
            String key = record == null ? null : keyOf(record, keyId);
            if (record != null && (key == null || key.isBlank())) {
                outcome.refuse("#" + position, "The contact has no value for the key field " + keyId
                        + "; every contact needs its key (set keyField to the field that identifies contacts)", contact);
                record = null;
            }
            keys.add(key);
            records.add(record);
            if (record != null) {
                keyCounts.merge(normalize(key), 1, Integer::sum);
            }
        }
        for (int i = 0; i < contacts.size(); i++) {
            Map<String, Object> record = records.get(i);
            if (record == null) {
                continue;
            }
            String key = keys.get(i);
            int count = keyCounts.get(normalize(key));
            if (count > 1) {
                outcome.refuse(key, "The key value occurs " + count + " times in this batch; send one item per "
                        + "contact (merge them first), Emarsys would apply them in no defined order", contacts.get(i));
            } else {
                prepared.add(new Batches.Prepared(key, record, contacts.get(i)));
            }
        }
        return prepared;
    }

    /** The key value of a converted record; refused items without one are named by their position, "#3". */
    private static String keyOf(Map<String, Object> record, String keyId) {
        Object value = record.get(keyId);
        return value == null ? null : value.toString();
    }

    private static String normalize(String key) {
        return key.trim().toLowerCase(Locale.ROOT);
    }
}
