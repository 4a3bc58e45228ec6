package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.camelemarsys.component.EmarsysFailedItem;

/**
 * One Emarsys call the Segment-events sink makes, as data: its kind, what the call's headers say (key field, event,
 * list) and its body items, each with the Segment messages it came from (so a refused item is dead-lettered as the
 * messages that made it). The Kamelet splits the calls and sends each to the static endpoint of its kind.
 *
 * @param kind      {@link #UPSERT}, {@link #TRIGGER}, {@link #LIST_ADD}, {@link #LIST_REMOVE}, or {@link #REFUSED}
 *                  (what the sink refuses itself, in {@code refusals}; nothing is sent)
 * @param keyField  the Emarsys field that identifies the contacts (header CamelEmarsysKeyField)
 * @param eventId   the external event by id (numeric), else null
 * @param eventName the external event by name, else null
 * @param listId    the contact list by id (numeric), else null
 * @param listName  the contact list by name (created when missing), else null
 * @param items     the body: contacts (upsert), triggers (trigger) or key values (list calls)
 * @param messages  per item, the Segment messages it came from
 * @param refusals  the sink's own refusals (kind REFUSED only), each carrying its message
 */
public record SegmentCall(String kind, String keyField, String eventId, String eventName, String listId,
                          String listName, List<Object> items, List<List<Map<String, Object>>> messages,
                          List<EmarsysFailedItem> refusals) {

    public static final String UPSERT = "upsert";
    public static final String TRIGGER = "trigger";
    public static final String LIST_ADD = "listAdd";
    public static final String LIST_REMOVE = "listRemove";
    public static final String REFUSED = "refused";

    /** The call that carries the sink's own refusals. */
    static SegmentCall refused(List<EmarsysFailedItem> refusals) {
        return new SegmentCall(REFUSED, null, null, null, null, null, List.of(), List.of(), List.copyOf(refusals));
    }

    /**
     * The refused items of this call traced back to the messages: one failed item per message that made the refused
     * item (found by the item itself, else by its key), with Emarsys' reply code and text.
     */
    public List<EmarsysFailedItem> traced(List<EmarsysFailedItem> refused) {
        List<EmarsysFailedItem> failed = new ArrayList<>();
        if (refused == null) {
            return failed;
        }
        for (EmarsysFailedItem item : refused) {
            int position = positionOf(item);
            if (position < 0) {
                failed.add(item); // not one of ours: passed on as it is, so nothing is lost
                continue;
            }
            for (Map<String, Object> message : messages.get(position)) {
                failed.add(new EmarsysFailedItem(item.key(), item.replyCode(), item.replyText(), message));
            }
        }
        return failed;
    }

    /** The messages of the call, one failed item each, when the call as a whole is refused for them. */
    public List<EmarsysFailedItem> refusedAll(int replyCode, String replyText) {
        List<EmarsysFailedItem> failed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            for (Map<String, Object> message : messages.get(i)) {
                failed.add(new EmarsysFailedItem(String.valueOf(keyOf(items.get(i))), replyCode, replyText, message));
            }
        }
        return failed;
    }

    /** The call's items one per call (same kind, key field and target), each with its messages. */
    public List<SegmentCall> singles() {
        List<SegmentCall> singles = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            singles.add(new SegmentCall(kind, keyField, eventId, eventName, listId, listName, List.of(items.get(i)),
                    List.of(messages.get(i)), List.of()));
        }
        return singles;
    }

    private int positionOf(EmarsysFailedItem item) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == item.item() || Objects.equals(items.get(i), item.item())) {
                return i;
            }
        }
        for (int i = 0; i < items.size(); i++) {
            if (Objects.equals(keyOf(items.get(i)), item.key())) {
                return i;
            }
        }
        return -1;
    }

    private Object keyOf(Object item) {
        if (item instanceof Map<?, ?> map) {
            return String.valueOf(map.containsKey("key") ? map.get("key") : map.get(keyField));
        }
        return String.valueOf(item);
    }
}
