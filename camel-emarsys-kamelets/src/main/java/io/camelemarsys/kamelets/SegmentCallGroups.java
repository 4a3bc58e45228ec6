package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The calls of one step, merged per kind, key field and target in the order they first appear; items merged per
 * key within a call (a contact's fields in order, a list member once).
 */
final class SegmentCallGroups {

    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    private final Map<String, Building> calls = new LinkedHashMap<>();

    private record Building(String kind, String keyField, String target, Map<Object, Object> items,
                            Map<Object, List<Map<String, Object>>> messages) {
    }

    private Building call(String kind, String keyField, String target) {
        return calls.computeIfAbsent(kind + "|" + keyField + "|" + target,
                k -> new Building(kind, keyField, target, new LinkedHashMap<>(), new LinkedHashMap<>()));
    }

    @SuppressWarnings("unchecked")
    void contact(String keyField, String key, Map<String, Object> values, Map<String, Object> message) {
        Building call = call(SegmentCall.UPSERT, keyField, null);
        Map<String, Object> contact = (Map<String, Object>) call.items().computeIfAbsent(key,
                k -> new LinkedHashMap<>(Map.of(keyField, key)));
        contact.putAll(values);
        call.messages().computeIfAbsent(key, k -> new ArrayList<>()).add(message);
    }

    void listChange(String keyField, String list, boolean add, String member, Map<String, Object> message) {
        Building call = call(add ? SegmentCall.LIST_ADD : SegmentCall.LIST_REMOVE, keyField, list);
        call.items().putIfAbsent(member, member);
        call.messages().computeIfAbsent(member, k -> new ArrayList<>()).add(message);
    }

    void trigger(String keyField, String event, Map<String, Object> trigger, Map<String, Object> message) {
        Building call = call(SegmentCall.TRIGGER, keyField, event);
        Object slot = new Object(); // every trigger is an item of its own
        call.items().put(slot, trigger);
        call.messages().put(slot, new ArrayList<>(List.of(message)));
    }

    List<SegmentCall> calls() {
        List<SegmentCall> built = new ArrayList<>();
        for (Building call : calls.values()) {
            String target = call.target();
            boolean numeric = target != null && NUMERIC.matcher(target.trim()).matches();
            boolean event = SegmentCall.TRIGGER.equals(call.kind());
            boolean list = target != null && !event;
            built.add(new SegmentCall(call.kind(), call.keyField(),
                    event && numeric ? target.trim() : null, event && !numeric ? target : null,
                    list && numeric ? target.trim() : null, list && !numeric ? target : null,
                    new ArrayList<>(call.items().values()), new ArrayList<>(call.messages().values()), List.of()));
        }
        return built;
    }
}
