package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelemarsys.component.EmarsysFailedItem;

/**
 * The data work of the emarsys-event-sink Kamelet: events {@code {eventId or eventName, key, data?, eventTime?,
 * triggerId?}} sorted into those that name an event (or take the sink's default) and those that cannot be sent, and
 * grouped per event, so that the Kamelet triggers each event with one {@code to: emarsys:event/trigger} call.
 */
public final class EventSink {

    /** The events of one event: by id (or the sink's default, an id or a name) or by name. */
    public static final class Group {
        private final String eventId;
        private final String eventName;
        private final List<Map<String, Object>> events = new ArrayList<>();

        Group(String eventId, String eventName) {
            this.eventId = eventId;
            this.eventName = eventName;
        }

        /** The event's id (or, from the sink's default, an id or a name); null when given by name. */
        public String getEventId() {
            return eventId;
        }

        /** The event's name; null when given by id. */
        public String getEventName() {
            return eventName;
        }

        public List<Map<String, Object>> getEvents() {
            return events;
        }
    }

    private EventSink() {
    }

    /** The events that name no event while the sink has no default: refused by the sink, each with why. */
    public static List<EmarsysFailedItem> refusals(Object body, String defaultEvent) {
        List<Map<String, Object>> events = SinkCalls.recordsOf(body);
        List<EmarsysFailedItem> refused = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (!namesEvent(events.get(i), defaultEvent)) {
                refused.add(new EmarsysFailedItem("#" + i, -1, "The event names no eventId or eventName and the sink "
                        + "has no default eventId", events.get(i)));
            }
        }
        return refused;
    }

    /** The events that can be triggered (they name an event, or the sink has a default), in their order. */
    public static List<Map<String, Object>> triggers(Object body, String defaultEvent) {
        return SinkCalls.recordsOf(body).stream().filter(event -> namesEvent(event, defaultEvent)).toList();
    }

    /** The triggers grouped per event, in the order each event first occurs. */
    public static List<Group> groups(List<Map<String, Object>> triggers, String defaultEvent) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Map<String, Object> event : triggers) {
            Object id = event.get("eventId");
            Object name = event.get("eventName");
            Group group;
            if (id != null) {
                group = groups.computeIfAbsent("id:" + id, k -> new Group(String.valueOf(id), null));
            } else if (name != null) {
                group = groups.computeIfAbsent("name:" + name, k -> new Group(null, String.valueOf(name)));
            } else {
                group = groups.computeIfAbsent("id:" + defaultEvent, k -> new Group(defaultEvent, null));
            }
            group.events.add(event);
        }
        return new ArrayList<>(groups.values());
    }

    /** The event's eventId, else its eventName, else the sink's default: it must not be blank. */
    private static boolean namesEvent(Map<String, Object> event, String defaultEvent) {
        Object named = event.get("eventId") != null ? event.get("eventId") : event.get("eventName");
        Object given = named != null ? named : defaultEvent;
        return given != null && !String.valueOf(given).isBlank();
    }
}
