package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;

/**
 * The Emarsys calls of the segment-events sink, as the contact, event and list sinks made them before their flows
 * moved into their Kamelets' YAML: kept here, for {@link SegmentEventsSink} only, until that sink is YAML as well
 * (issue 13 item 2, helper segment13); delete this class with SegmentEventsSink.
 */
final class SegmentEventsCalls {

    /** One Emarsys call for a group of records; returns the records Emarsys refused one by one. */
    @FunctionalInterface
    private interface Call<T> {
        List<EmarsysFailedItem> send(List<T> records) throws Exception;
    }

    private ProducerTemplate template;

    /** Triggers events grouped per event; returns the refused ones, each carrying the event Map it came from. */
    List<EmarsysFailedItem> triggerAll(Exchange exchange, List<Map<String, Object>> events, String keyField) {
        Map<String, List<Map<String, Object>>> byEvent = new LinkedHashMap<>();
        List<EmarsysFailedItem> failed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Map<String, Object> event = events.get(i);
            Object eventId = event.get("eventId") != null ? event.get("eventId") : event.get("eventName");
            if (eventId == null || String.valueOf(eventId).isBlank()) {
                failed.add(new EmarsysFailedItem("#" + i, -1, "The event names no eventId or eventName and the sink "
                        + "has no default eventId", event));
                continue;
            }
            byEvent.computeIfAbsent(String.valueOf(eventId), k -> new ArrayList<>()).add(event);
        }
        for (Map.Entry<String, List<Map<String, Object>>> group : byEvent.entrySet()) {
            String eventId = group.getKey();
            failed.addAll(send(group.getValue(), part -> call(exchange, "emarsys:event/trigger?failOnPartialErrors=false"
                            + "&keyField=" + keyField, e -> {
                                e.getMessage().setHeader(EmarsysConstants.EVENT_ID, eventId);
                                e.getMessage().setBody(new ArrayList<>(part));
                            }),
                    event -> String.valueOf(event.getOrDefault("key", event.get("external_id"))),
                    "Triggering event " + eventId));
        }
        return failed;
    }

    /** Applies list changes grouped per list and action, creating missing lists by name; returns the refused ones. */
    List<EmarsysFailedItem> changeAll(Exchange exchange, List<Map<String, Object>> records, String keyField) {
        Map<String, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        List<EmarsysFailedItem> failed = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> record = records.get(i);
            Object list = record.get("listId") != null ? record.get("listId") : record.get("listName");
            String action = String.valueOf(record.getOrDefault("action", "add"));
            if (list == null || record.get("key") == null || !(action.equals("add") || action.equals("remove"))) {
                failed.add(new EmarsysFailedItem("#" + i, -1, "A list change needs listId or listName, key and "
                        + "action add or remove", record));
                continue;
            }
            groups.computeIfAbsent(action + "|" + list, k -> new ArrayList<>()).add(record);
        }
        for (Map.Entry<String, List<Map<String, Object>>> group : groups.entrySet()) {
            String action = group.getKey().substring(0, group.getKey().indexOf('|'));
            String list = group.getKey().substring(group.getKey().indexOf('|') + 1);
            List<Map<String, Object>> members = group.getValue();
            if (!list.matches("\\d+")) {
                try {
                    ensureList(exchange, list);
                } catch (RuntimeException e) {
                    if (FailureClassifier.holdsBatch(e)) {
                        throw new IllegalStateException("Creating list " + list + " failed; the batch is delivered "
                                + "again: " + e.getMessage(), e);
                    }
                    members.forEach(m -> failed.add(FailureClassifier.refusal(e, String.valueOf(m.get("key")), m)));
                    continue;
                }
            }
            failed.addAll(send(members, part -> {
                List<EmarsysFailedItem> refused = call(exchange, "emarsys:contactlist/" + action
                        + "?failOnPartialErrors=false&keyField=" + keyField, e -> {
                            e.getMessage().setHeader(EmarsysConstants.LIST_ID, list);
                            e.getMessage().setBody(part.stream().map(m -> String.valueOf(m.get("key"))).toList());
                        });
                return ContactListSink.refusedRecords(refused, part);
            }, m -> String.valueOf(m.get("key")), "Changing list " + list));
        }
        return failed;
    }

    /** Upserts the contacts; with writeNulls a null value clears the field. Returns the refused ones. */
    List<EmarsysFailedItem> upsert(Exchange exchange, List<Map<String, Object>> contacts, String keyField,
                                   int batchSize, boolean writeNulls) {
        String uri = "emarsys:contact/upsert?failOnPartialErrors=false&batchSize=" + batchSize
                + "&keyField=RAW(" + keyField + ")" + (writeNulls ? "&writeNulls=true" : "");
        return send(contacts, group -> call(exchange, uri, e -> e.getMessage().setBody(new ArrayList<>(group))),
                contact -> String.valueOf(contact.get(keyField)), "Writing contacts");
    }

    @SuppressWarnings("unchecked")
    private void ensureList(Exchange exchange, String name) {
        List<Map<String, Object>> lists = template(exchange).requestBody("emarsys:contactlist/list", null, List.class);
        if (lists.stream().noneMatch(l -> name.equals(l.get("name")))) {
            template(exchange).requestBody("emarsys:contactlist/create", name);
        }
    }

    @SuppressWarnings("unchecked")
    private List<EmarsysFailedItem> call(Exchange exchange, String uri, org.apache.camel.Processor request)
            throws Exception {
        Exchange result = template(exchange).send(uri, request);
        if (result.getException() != null) {
            throw result.getException();
        }
        List<EmarsysFailedItem> failed = result.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        return failed == null ? List.of() : failed;
    }

    /** Sends the group; a content refusal of the whole call is narrowed down by halves to the guilty records. */
    private static <T> List<EmarsysFailedItem> send(List<T> records, Call<T> call, Function<T, String> keyOf,
                                                    String what) {
        try {
            return new ArrayList<>(call.send(records));
        } catch (Exception e) {
            if (FailureClassifier.holdsBatch(e)) {
                throw new IllegalStateException(what + " failed; the batch is delivered again: " + e.getMessage(), e);
            }
            List<EmarsysFailedItem> refused = new ArrayList<>();
            if (records.size() == 1 || FailureClassifier.sharedByCall(e)) {
                records.forEach(record -> refused.add(FailureClassifier.refusal(e, keyOf.apply(record), record)));
                return refused;
            }
            int half = records.size() / 2;
            refused.addAll(send(records.subList(0, half), call, keyOf, what));
            refused.addAll(send(records.subList(half, records.size()), call, keyOf, what));
            return refused;
        }
    }

    private ProducerTemplate template(Exchange exchange) {
        if (template == null) {
            template = exchange.getContext().createProducerTemplate();
        }
        return template;
    }
}
