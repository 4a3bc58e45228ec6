package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.camelemarsys.component.EmarsysFailedItem;

/**
 * The data work of the emarsys-contactlist-sink Kamelet: records {@code {listId or listName, key, action: add or
 * remove}} sorted into valid changes and refusals, grouped per list and action (one {@code to:
 * emarsys:contactlist/add} or {@code remove} call each), their keys as the call's body, and the keys Emarsys refused
 * traced back to their records.
 */
public final class ContactListSink {

    /** The changes of one list and action; the list by id (digits) or by name. */
    public static final class Group {
        private final String action;
        private final String listId;
        private final String listName;
        private final List<Map<String, Object>> records = new ArrayList<>();

        Group(String action, String list) {
            this.action = action;
            this.listId = list.matches("\\d+") ? list : null;
            this.listName = listId == null ? list : null;
        }

        /** add or remove. */
        public String getAction() {
            return action;
        }

        /** The list's id; null when given by name. */
        public String getListId() {
            return listId;
        }

        /** The list's name (created on first use when the sink's createLists is on); null when given by id. */
        public String getListName() {
            return listName;
        }

        public List<Map<String, Object>> getRecords() {
            return records;
        }
    }

    private ContactListSink() {
    }

    /** The records that are no list change (no list, no key, an action other than add or remove), with why. */
    public static List<EmarsysFailedItem> refusals(Object body) {
        List<Map<String, Object>> records = SinkCalls.recordsOf(body);
        List<EmarsysFailedItem> refused = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (list(records.get(i)) == null) {
                refused.add(new EmarsysFailedItem("#" + i, -1, "A list change needs listId or listName, key and "
                        + "action add or remove", records.get(i)));
            }
        }
        return refused;
    }

    /** The valid list changes, in their order. */
    public static List<Map<String, Object>> changes(Object body) {
        return SinkCalls.recordsOf(body).stream().filter(record -> list(record) != null).toList();
    }

    /** The changes grouped per action and list, in the order each group first occurs. */
    public static List<Group> groups(List<Map<String, Object>> changes) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Map<String, Object> record : changes) {
            String action = action(record);
            String list = String.valueOf(list(record));
            groups.computeIfAbsent(action + "|" + list, k -> new Group(action, list)).records.add(record);
        }
        return new ArrayList<>(groups.values());
    }

    /** The body of a list call: the records' keys. */
    public static List<String> keys(List<Map<String, Object>> records) {
        return records.stream().map(record -> String.valueOf(record.get("key"))).toList();
    }

    /** The keys a list call refused (its CamelEmarsysFailedItems) as refused items carrying their records. */
    public static List<EmarsysFailedItem> refusedRecords(Object refused, List<Map<String, Object>> records) {
        List<EmarsysFailedItem> failed = new ArrayList<>();
        for (EmarsysFailedItem item : SinkCalls.failedItems(refused)) {
            Map<String, Object> record = records.stream()
                    .filter(m -> Objects.equals(String.valueOf(m.get("key")), item.key())).findFirst().orElse(null);
            failed.add(new EmarsysFailedItem(item.key(), item.replyCode(), item.replyText(), record));
        }
        return failed;
    }

    /** The record's list (listId, else listName), or null when the record is no valid list change. */
    private static Object list(Map<String, Object> record) {
        Object list = record.get("listId") != null ? record.get("listId") : record.get("listName");
        String action = action(record);
        boolean valid = list != null && record.get("key") != null && (action.equals("add") || action.equals("remove"));
        return valid ? list : null;
    }

    private static String action(Map<String, Object> record) {
        return String.valueOf(record.getOrDefault("action", "add"));
    }
}
