package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;

/**
 * The emarsys-contactlist-sink Kamelet's work: records {@code {listId or listName, key, action: add/remove}} grouped
 * per list and action, sent as list calls; a list named but missing is created on first use when createLists is on.
 * Refused records come back in CamelEmarsysFailedItems, each carrying the record it came from.
 */
public final class ContactListSink {

    private ProducerTemplate template;

    public void change(Exchange exchange, String keyField, boolean createLists) {
        List<Map<String, Object>> records = SinkCalls.records(exchange);
        List<EmarsysFailedItem> failed = changeAll(exchange, records, keyField, createLists);
        SinkCalls.answer(exchange, records.size() - failed.size(), failed);
    }

    /** Applies list changes grouped per list and action; returns the refused ones with the record each came from. */
    List<EmarsysFailedItem> changeAll(Exchange exchange, List<Map<String, Object>> records, String keyField,
                                      boolean createLists) {
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
            if (createLists && !list.matches("\\d+")) {
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
            failed.addAll(PoisonIsolation.send(members, part -> change(exchange, action, list, part, keyField),
                    m -> String.valueOf(m.get("key")), "Changing list " + list));
        }
        return failed;
    }

    /** One list call for these records; the refused ones come back, each with the record it came from. */
    private List<EmarsysFailedItem> change(Exchange exchange, String action, String list,
                                           List<Map<String, Object>> members, String keyField) throws Exception {
        List<EmarsysFailedItem> refused = SinkCalls.call(template(exchange), "emarsys:contactlist/" + action
                + "?failOnPartialErrors=false&keyField=" + keyField, e -> {
                    e.getMessage().setHeader(EmarsysConstants.LIST_ID, list);
                    e.getMessage().setBody(members.stream().map(m -> String.valueOf(m.get("key"))).toList());
                });
        List<EmarsysFailedItem> failed = new ArrayList<>();
        for (EmarsysFailedItem item : refused) {
            Map<String, Object> record = members.stream()
                    .filter(m -> Objects.equals(String.valueOf(m.get("key")), item.key())).findFirst().orElse(null);
            failed.add(new EmarsysFailedItem(item.key(), item.replyCode(), item.replyText(), record));
        }
        return failed;
    }

    /** Creates the list when no list has this name (an audience's list, created on first use). */
    @SuppressWarnings("unchecked")
    private void ensureList(Exchange exchange, String name) {
        List<Map<String, Object>> lists = template(exchange).requestBody("emarsys:contactlist/list", null, List.class);
        if (lists.stream().noneMatch(l -> name.equals(l.get("name")))) {
            template(exchange).requestBody("emarsys:contactlist/create", name);
        }
    }

    private ProducerTemplate template(Exchange exchange) {
        if (template == null) {
            template = exchange.getContext().createProducerTemplate();
        }
        return template;
    }
}
