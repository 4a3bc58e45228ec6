package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;

/**
 * The emarsys-event-sink Kamelet's work: events {@code {eventId or eventName, key, data?, eventTime?, triggerId?}}
 * grouped per event and triggered in batches; with ensureContact, a trigger refused with 2008 (no such contact)
 * upserts a minimal contact and is triggered again. What is still refused comes back in CamelEmarsysFailedItems.
 */
public final class EventSink {

    private ProducerTemplate template;

    public void trigger(Exchange exchange, String keyField, String defaultEvent, boolean ensureContact) {
        List<Map<String, Object>> events = SinkCalls.records(exchange);
        List<EmarsysFailedItem> failed = triggerAll(exchange, events, keyField, defaultEvent, ensureContact);
        SinkCalls.answer(exchange, events.size() - failed.size(), failed);
    }

    /** Triggers events grouped per event; returns the refused ones, each carrying the event Map it came from. */
    List<EmarsysFailedItem> triggerAll(Exchange exchange, List<Map<String, Object>> events, String keyField,
                                       String defaultEvent, boolean ensureContact) {
        Map<String, List<Map<String, Object>>> byEvent = new LinkedHashMap<>();
        List<EmarsysFailedItem> failed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> event = events.get(i);
            Object eventId = event.get("eventId") != null ? event.get("eventId") : event.get("eventName");
            if (eventId == null) {
                eventId = defaultEvent;
            }
            if (eventId == null || String.valueOf(eventId).isBlank()) {
                failed.add(new EmarsysFailedItem("#" + i, -1, "The event names no eventId or eventName and the sink "
                        + "has no default eventId", event));
                continue;
            }
            byEvent.computeIfAbsent(String.valueOf(eventId), k -> new ArrayList<>()).add(event);
        }
        for (Map.Entry<String, List<Map<String, Object>>> group : byEvent.entrySet()) {
            List<EmarsysFailedItem> refused = send(exchange, group.getKey(), group.getValue(), keyField);
            if (ensureContact) {
                refused = retryWithContacts(exchange, group.getKey(), refused, keyField);
            }
            failed.addAll(refused);
        }
        return failed;
    }

    /** Upserts a contact holding only its key for every trigger refused with 2008, then triggers those again. */
    private List<EmarsysFailedItem> retryWithContacts(Exchange exchange, String eventId, List<EmarsysFailedItem> refused,
                                                      String keyField) {
        List<Map<String, Object>> again = new ArrayList<>();
        List<Map<String, Object>> contacts = new ArrayList<>();
        List<EmarsysFailedItem> still = new ArrayList<>();
        for (EmarsysFailedItem item : refused) {
            if (item.replyCode() == 2008 && item.item() instanceof Map<?, ?> event) {
                @SuppressWarnings("unchecked")
                Map<String, Object> trigger = (Map<String, Object>) event;
                again.add(trigger);
                contacts.add(Map.of(keyField, item.key()));
            } else {
                still.add(item);
            }
        }
        if (again.isEmpty()) {
            return refused;
        }
        Exchange upsert = template(exchange).send("emarsys:contact/upsert?failOnPartialErrors=false&keyField=" + keyField,
                e -> e.getMessage().setBody(contacts));
        if (upsert.getException() != null && !FailureClassifier.holdsBatch(upsert.getException())) {
            return refused; // Emarsys refuses these contacts: their triggers stay refused with 2008
        }
        if (upsert.getException() != null) {
            throw new IllegalStateException("Creating the missing contacts failed: " + upsert.getException().getMessage(),
                    upsert.getException());
        }
        still.addAll(send(exchange, eventId, again, keyField));
        return still;
    }

    /**
     * Triggers one event for a group of events; a refusal of the whole call is classified: Emarsys' fault holds the
     * batch, the records' fault refuses the guilty ones (all of them when the event itself is unknown).
     */
    private List<EmarsysFailedItem> send(Exchange exchange, String eventId, List<Map<String, Object>> events,
                                         String keyField) {
        return PoisonIsolation.send(events, group -> trigger(exchange, eventId, group, keyField),
                event -> String.valueOf(event.getOrDefault("key", event.get("external_id"))), "Triggering event " + eventId);
    }

    private List<EmarsysFailedItem> trigger(Exchange exchange, String eventId, List<Map<String, Object>> events,
                                            String keyField) throws Exception {
        return SinkCalls.call(template(exchange), "emarsys:event/trigger?failOnPartialErrors=false&keyField="
                + keyField, e -> {
                    e.getMessage().setHeader(EmarsysConstants.EVENT_ID, eventId);
                    e.getMessage().setBody(new ArrayList<>(events));
                });
    }

    private ProducerTemplate template(Exchange exchange) {
        if (template == null) {
            template = exchange.getContext().createProducerTemplate();
        }
        return template;
    }
}
