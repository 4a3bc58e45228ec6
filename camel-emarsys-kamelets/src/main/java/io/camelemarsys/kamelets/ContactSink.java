package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.component.EmarsysLimits;

/**
 * The emarsys-contact-sink and emarsys-optin-sink Kamelets' work: contacts (a Map or a List of Maps keyed by Emarsys
 * field names or ids) upserted or updated. Contacts Emarsys refuses, one by one or in a call refused as a whole for
 * its content, come back in CamelEmarsysFailedItems; a fault of Emarsys or the connection fails the exchange.
 */
public final class ContactSink {

    private ProducerTemplate template;

    public void write(Exchange exchange, String mode, String keyField, int batchSize) {
        List<Map<String, Object>> contacts = SinkCalls.records(exchange);
        List<EmarsysFailedItem> failed = write(exchange, contacts, mode, keyField, batchSize);
        SinkCalls.answer(exchange, contacts.size() - failed.size(), failed);
    }

    /**
     * The emarsys-optin-sink Kamelet's work: each opt-in record becomes its consent update ({@link OptIns}); a record
     * that is not an opt-in is refused alone (replyCode -1, with why), the others are merged per contact in order and
     * written like contacts.
     */
    @SuppressWarnings("unchecked")
    public void writeOptIns(Exchange exchange, String channels, String keyField, String mode) {
        OptIns optIns = new OptIns(channels, keyField);
        Object body = exchange.getMessage().getBody();
        List<Object> records = body instanceof List<?> list ? (List<Object>) list : List.of(body);
        List<EmarsysFailedItem> failed = new ArrayList<>();
        Map<Object, Map<String, Object>> byContact = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            Object record = records.get(i);
            try {
                if (!(record instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException("An opt-in is a JSON object {key, channel, granted}, not "
                            + (record == null ? "null" : record.getClass().getSimpleName()));
                }
                Map<String, Object> contact = optIns.toContact((Map<String, Object>) map);
                byContact.computeIfAbsent(contact.get(keyField), k -> new LinkedHashMap<>()).putAll(contact);
            } catch (IllegalArgumentException e) {
                failed.add(new EmarsysFailedItem("#" + i, -1, e.getMessage(), record));
            }
        }
        List<Map<String, Object>> contacts = new ArrayList<>(byContact.values());
        List<EmarsysFailedItem> refused = contacts.isEmpty() ? List.of()
                : write(exchange, contacts, mode, keyField, EmarsysLimits.CONTACTS_PER_REQUEST);
        failed.addAll(refused);
        SinkCalls.answer(exchange, contacts.size() - refused.size(), failed);
    }

    /** Writes the contacts; returns the refused ones, each carrying the contact Map it came from. */
    List<EmarsysFailedItem> write(Exchange exchange, List<Map<String, Object>> contacts, String mode, String keyField,
                                  int batchSize) {
        return write(exchange, contacts, mode, keyField, batchSize, false);
    }

    /** As above; with writeNulls a null value clears the field (the component's writeNulls option). */
    List<EmarsysFailedItem> write(Exchange exchange, List<Map<String, Object>> contacts, String mode, String keyField,
                                  int batchSize, boolean writeNulls) {
        String uri = "emarsys:contact/" + mode + "?failOnPartialErrors=false&batchSize=" + batchSize
                + "&keyField=RAW(" + keyField + ")" + (writeNulls ? "&writeNulls=true" : "");
        return PoisonIsolation.send(contacts,
                group -> SinkCalls.call(template(exchange), uri, e -> e.getMessage().setBody(new ArrayList<>(group))),
                contact -> String.valueOf(contact.get(keyField)), "Writing contacts");
    }

    private ProducerTemplate template(Exchange exchange) {
        if (template == null) {
            template = exchange.getContext().createProducerTemplate();
        }
        return template;
    }
}
