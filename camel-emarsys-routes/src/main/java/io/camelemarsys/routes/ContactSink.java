package io.camelemarsys.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;

/**
 * The emarsys-contact-sink and emarsys-optin-sink Kamelets' write: contacts (a Map or a List of Maps keyed by Emarsys
 * field names or ids) upserted or updated. Contacts Emarsys refuses, one by one or in a call refused as a whole for
 * its content, come back in CamelEmarsysFailedItems; a fault of Emarsys or the connection fails the exchange.
 */
public final class ContactSink {

    private ProducerTemplate template;

    @SuppressWarnings("unchecked")
    public void write(Exchange exchange, String mode, String keyField, int batchSize) {
        Object body = exchange.getMessage().getBody();
        List<Map<String, Object>> contacts = body instanceof List<?> list ? (List<Map<String, Object>>) list
                : List.of((Map<String, Object>) body);
        List<EmarsysFailedItem> failed = write(exchange, contacts, mode, keyField, batchSize);
        exchange.getMessage().setHeader(EmarsysConstants.SUCCEEDED_COUNT, contacts.size() - failed.size());
        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, failed);
        exchange.getMessage().setBody(null);
    }

    /** Writes the contacts; returns the refused ones, each carrying the contact Map it came from. */
    List<EmarsysFailedItem> write(Exchange exchange, List<Map<String, Object>> contacts, String mode, String keyField,
                                  int batchSize) {
        String uri = "emarsys:contact/" + mode + "?failOnPartialErrors=false&batchSize=" + batchSize
                + "&keyField=RAW(" + keyField + ")";
        return PoisonIsolation.send(contacts, group -> send(exchange, uri, group),
                contact -> String.valueOf(contact.get(keyField)), "Writing contacts");
    }

    @SuppressWarnings("unchecked")
    private List<EmarsysFailedItem> send(Exchange exchange, String uri, List<Map<String, Object>> contacts)
            throws Exception {
        Exchange result = template(exchange).send(uri, e -> e.getMessage().setBody(new ArrayList<>(contacts)));
        if (result.getException() != null) {
            throw result.getException();
        }
        List<EmarsysFailedItem> failed = result.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        return failed == null ? List.of() : failed;
    }

    private ProducerTemplate template(Exchange exchange) {
        if (template == null) {
            template = exchange.getContext().createProducerTemplate();
        }
        return template;
    }
}
