package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.camelemarsys.component.EmarsysFailedItem;

/**
 * The Segment spec translated into Emarsys calls, as data (no I/O): a batch of messages (identify, track, page,
 * screen, alias, group), with the contact the identity table links each to, becomes the ordered list of
 * {@link SegmentCall}s the Kamelet sends, in three steps so that an event finds the contact its identify created:
 * <ol>
 * <li>contacts: each identify upserts its contact with the mapped traits (merged per contact, in order; a null trait
 * clears the field unless writeNullTraits is off), and any call upserts the fields the path mapping names; snake_case
 * boolean traits that the mapping does not name (and Engage's {@code context.personas.computation_key}) are
 * audiences, as are the track events {@code Audience Entered} / {@code Audience Exited}: entered adds the contact to
 * the list of that name, exited removes it;</li>
 * <li>lists: audiences, then groups (the list mapped to the groupId);</li>
 * <li>events: track (its {@code event}), page ("Page Viewed") and screen ("Screen Viewed") trigger the mapped
 * external event with the properties as data (as they are, or as {@code data.global}; none when there are none)
 * and the messageId as trigger id; an unmapped name is refused or skipped, by option.</li>
 * </ol>
 * Within a step, calls of the same kind, key field and event or list are merged, in the order they first appear, so
 * that a batch costs as few calls as before. What the sink refuses itself comes first, as one {@link SegmentCall#REFUSED}
 * call.
 */
public final class SegmentTranslation {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+");
    private static final String AUDIENCE_ENTERED = "Audience Entered";
    private static final String AUDIENCE_EXITED = "Audience Exited";

    private final SegmentEventsSettings settings = new SegmentEventsSettings();

    /** The Kamelet's parameters, set as bean properties ({@code settings.keyField}, ...). */
    public SegmentEventsSettings getSettings() {
        return settings;
    }

    /**
     * The calls for a batch of messages; {@code contacts} holds, per message, the contact key the identity table
     * links it to (for an alias: the contact it was linked to), or null.
     */
    public List<SegmentCall> calls(List<Map<String, Object>> messages, List<String> contacts) {
        if (contacts.size() != messages.size()) {
            throw new IllegalArgumentException("The identity table answered " + contacts.size() + " contacts for "
                    + messages.size() + " messages");
        }
        Batch batch = new Batch(settings);
        for (int i = 0; i < messages.size(); i++) {
            batch.contact(messages.get(i), contacts.get(i));
        }
        for (int i = 0; i < messages.size(); i++) {
            batch.trackAudience(messages.get(i), contacts.get(i));
        }
        for (int i = 0; i < messages.size(); i++) {
            batch.group(messages.get(i), contacts.get(i));
        }
        for (int i = 0; i < messages.size(); i++) {
            batch.event(messages.get(i), contacts.get(i));
        }
        return batch.calls();
    }

    /** One batch's translation: the calls of each step as they are built, and the refusals. */
    private static final class Batch {

        private final SegmentEventsSettings settings;
        private final String keyField;
        private final SegmentActionKey eventKey;
        private final SegmentActionKey groupKey;
        private final SegmentActionKey audienceKey;
        private final boolean wrapGlobal;
        private final boolean skipUnmapped;
        private final boolean writeNulls;
        private final Map<String, String> fieldPaths;
        private final Map<String, String> traitRenames;
        private final Map<String, String> groupLists;
        private final Map<String, String> eventIds;

        private final List<EmarsysFailedItem> refusals = new ArrayList<>();
        /** Messages refused in an earlier step go no further: a dead-lettered message is not half applied. */
        private final Set<Map<String, Object>> refused = Collections.newSetFromMap(new IdentityHashMap<>());
        private final SegmentCallGroups contacts = new SegmentCallGroups();
        private final SegmentCallGroups audiences = new SegmentCallGroups();
        private final SegmentCallGroups groups = new SegmentCallGroups();
        private final SegmentCallGroups events = new SegmentCallGroups();

        Batch(SegmentEventsSettings settings) {
            this.settings = settings;
            keyField = settings.getKeyField();
            eventKey = SegmentActionKey.of("event", settings.getEventKeyField(), settings.getEventKeyPath(), keyField);
            groupKey = SegmentActionKey.of("group", settings.getGroupKeyField(), settings.getGroupKeyPath(), keyField);
            audienceKey = SegmentActionKey.of("audience", settings.getAudienceKeyField(), settings.getAudienceKeyPath(),
                    keyField);
            wrapGlobal = settings.wrapsEventData();
            skipUnmapped = settings.skipsUnmappedEvents();
            writeNulls = settings.isWriteNullTraits();
            fieldPaths = FieldMapping.parse(settings.getFieldMapping());
            traitRenames = FieldMapping.parse(settings.getTraitsMapping());
            groupLists = FieldMapping.parse(settings.getGroupLists());
            eventIds = FieldMapping.parse(settings.getEventMapping());
        }

        void refuse(Map<String, Object> message, String reason) {
            Object id = message.get("messageId");
            refusals.add(new EmarsysFailedItem(id == null ? "#" : String.valueOf(id), -1, reason, message));
            refused.add(message);
        }

        /** Step 1: the contact's fields (identify's traits, any call's mapped paths) and identify-style audiences. */
        void contact(Map<String, Object> message, String contact) {
            String type = String.valueOf(message.get("type"));
            if (!List.of("identify", "track", "page", "screen", "alias", "group").contains(type)) {
                refuse(message, "Unknown Segment message type '" + type
                        + "': use identify, track, page, screen, alias or group");
                return;
            }
            if ("alias".equals(type) && contact == null) {
                refuse(message, "alias: neither previousId nor userId is linked to a contact yet; send an identify "
                        + "with " + settings.getPrimaryKey() + " first");
                return;
            }
            boolean identify = "identify".equals(type);
            Map<String, Object> values = new LinkedHashMap<>();
            List<Map.Entry<String, Boolean>> audienceChanges = new ArrayList<>();
            if (identify && message.get("traits") instanceof Map<?, ?> traits) {
                traits(message, traits, values, audienceChanges);
            }
            String badPath = mapPaths(message, values);
            if (badPath != null) {
                refuse(message, badPath);
                return;
            }
            if (!identify && values.isEmpty()) {
                return;
            }
            if (contact == null) {
                refuse(message, identify ? "identify without " + settings.getPrimaryKey() + " for an unknown user"
                        : "the field mapping names values of this " + type + " but its userId / anonymousId is not "
                        + "linked to a contact yet; an identify or alias must come first");
                return;
            }
            contacts.contact(keyField, contact, values, message);
            for (Map.Entry<String, Boolean> audience : audienceChanges) {
                String member = audienceKey.value(message, contact, keyField);
                if (member == null) {
                    refuse(message, "audience " + audience.getKey() + ": " + audienceKey.missing(keyField));
                } else {
                    audiences.listChange(audienceKey.field(), audience.getKey(), audience.getValue(), member, message);
                }
            }
        }

        private void traits(Map<String, Object> message, Map<?, ?> traits, Map<String, Object> values,
                            List<Map.Entry<String, Boolean>> audienceChanges) {
            traits.forEach((name, value) -> {
                String trait = String.valueOf(name);
                if (traitRenames.containsKey(trait)) {
                    if (value != null || writeNulls) {
                        values.put(traitRenames.get(trait), value);
                    }
                } else if (value instanceof Boolean granted && SNAKE_CASE.matcher(trait).matches()
                        && !fieldPaths.containsKey("traits." + trait)) {
                    audienceChanges.add(Map.entry(trait, granted));
                }
            });
            Object audience = SegmentPaths.get(message, "context.personas.computation_key");
            if (audience != null && traits.get(audience) instanceof Boolean granted
                    && !SNAKE_CASE.matcher(String.valueOf(audience)).matches()) {
                audienceChanges.add(Map.entry(String.valueOf(audience), granted));
            }
        }

        /**
         * Puts the values of the mapped message paths into {@code values}; a path that holds an object or a list
         * makes the message a bad one: the answer says which (null when all is well).
         */
        private String mapPaths(Map<String, Object> message, Map<String, Object> values) {
            for (Map.Entry<String, String> mapping : fieldPaths.entrySet()) {
                if (!SegmentPaths.present(message, mapping.getKey())) {
                    continue;
                }
                Object value = SegmentPaths.get(message, mapping.getKey());
                if (value instanceof Map || value instanceof Collection) {
                    return "fieldMapping " + mapping.getKey() + "=" + mapping.getValue() + ": the message holds "
                            + (value instanceof Map ? "an object" : "a list") + " there, and an Emarsys field takes a "
                            + "text, a number or a boolean; map a path to a single value, e.g. " + mapping.getKey() + ".id";
                }
                if (value != null || writeNulls) {
                    values.put(mapping.getValue(), value);
                }
            }
            return null;
        }

        /** Step 2a: Engage's track-style audiences (Audience Entered / Audience Exited). */
        void trackAudience(Map<String, Object> message, String contact) {
            if (refused.contains(message)) {
                return;
            }
            String event = text(message.get("event"));
            if (!"track".equals(message.get("type")) || !(AUDIENCE_ENTERED.equals(event) || AUDIENCE_EXITED.equals(event))) {
                return;
            }
            String audience = text(firstNonNull(SegmentPaths.get(message, "properties.audience_key"),
                    SegmentPaths.get(message, "context.personas.computation_key")));
            String member = audienceKey.value(message, contact, keyField);
            if (audience == null || member == null) {
                refuse(message, event + ": " + (audience == null ? "no properties.audience_key and no "
                        + "context.personas.computation_key name the audience" : audienceKey.missing(keyField)));
                return;
            }
            audiences.listChange(audienceKey.field(), audience, AUDIENCE_ENTERED.equals(event), member, message);
        }

        /** Step 2b: group adds the contact to the list mapped to its groupId. */
        void group(Map<String, Object> message, String contact) {
            if (refused.contains(message)) {
                return;
            }
            if (!"group".equals(message.get("type"))) {
                return;
            }
            String key = groupKey.value(message, contact, keyField);
            String groupId = text(message.get("groupId"));
            if (key == null || groupId == null) {
                refuse(message, "group: " + (groupId == null ? "no groupId" : groupKey.missing(keyField)));
                return;
            }
            groups.listChange(groupKey.field(), groupLists.getOrDefault(groupId, "segment-group-" + groupId), true, key,
                    message);
        }

        /** Step 3: track, page and screen trigger their mapped event. */
        void event(Map<String, Object> message, String contact) {
            if (refused.contains(message)) {
                return;
            }
            String type = String.valueOf(message.get("type"));
            String name = "track".equals(type) ? text(message.get("event"))
                    : "page".equals(type) ? "Page Viewed" : "screen".equals(type) ? "Screen Viewed" : null;
            if (name == null && !"track".equals(type)) {
                return;
            }
            String event = name == null ? null : eventIds.get(name);
            if (event == null && (AUDIENCE_ENTERED.equals(name) || AUDIENCE_EXITED.equals(name))) {
                return; // an audience, handled with the lists; it triggers an event only when the mapping names it
            }
            if (event == null) {
                if (!skipUnmapped) {
                    refuse(message, "The event '" + name + "' is not mapped to an Emarsys event; add it to the event "
                            + "mapping (or set unmappedEvents=skip)");
                }
                return;
            }
            String key = eventKey.value(message, contact, keyField);
            if (key == null) {
                refuse(message, "The event '" + name + "' has no contact key: " + eventKey.missing(keyField));
                return;
            }
            Map<String, Object> trigger = new LinkedHashMap<>();
            trigger.put("key", key);
            if (message.get("properties") instanceof Map<?, ?> properties && !properties.isEmpty()) {
                trigger.put("data", wrapGlobal ? Map.of("global", properties) : properties); // none: no data key
            }
            if (message.get("messageId") != null) {
                trigger.put("triggerId", String.valueOf(message.get("messageId")));
            }
            events.trigger(eventKey.field(), event, trigger, message);
        }

        List<SegmentCall> calls() {
            List<SegmentCall> calls = new ArrayList<>();
            if (!refusals.isEmpty()) {
                calls.add(SegmentCall.refused(refusals));
            }
            calls.addAll(contacts.calls());
            calls.addAll(audiences.calls());
            calls.addAll(groups.calls());
            calls.addAll(events.calls());
            return calls;
        }
    }

    static String text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
    }

    private static Object firstNonNull(Object first, Object second) {
        return first != null ? first : second;
    }
}
