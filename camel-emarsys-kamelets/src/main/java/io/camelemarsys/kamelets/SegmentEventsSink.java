package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.component.EmarsysLimits;

/**
 * The emarsys-segment-events-sink Kamelet's work: Segment spec messages (identify, track, page, screen, alias,
 * group) in the order they came, in four passes so that an event finds the contact its identify created:
 * <ol>
 * <li>identities: identify and alias link anonymousId and userId to the contact's primary key in the
 * {@link IdentityTable};</li>
 * <li>contacts: each identify upserts its contact with the mapped traits (merged per contact, in order; a null trait
 * clears the field unless writeNullTraits is off), and any call upserts the fields the path mapping names; snake_case
 * boolean traits that the mapping does not name (and Engage's {@code context.personas.computation_key}) are
 * audiences, as are the track events {@code Audience Entered} / {@code Audience Exited}: entered adds the contact to
 * the list of that name, exited removes it, lists created on first use;</li>
 * <li>groups: group adds the contact to the list mapped to the groupId;</li>
 * <li>events: track (its {@code event}), page ("Page Viewed") and screen ("Screen Viewed") trigger the mapped
 * external event with the properties as its data (as they are, or as {@code data.global}; no data when there are
 * none) and the messageId as trigger id; an unmapped name is dead-lettered or skipped, by option.</li>
 * </ol>
 * Each action has its own key field, and a message path for its key value (else the identity table). Every message
 * that cannot be delivered comes back in CamelEmarsysFailedItems carrying the message itself; those the sink refuses
 * itself are also listed in the exchange property {@link SinkCalls#OWN_REFUSALS}.
 */
public final class SegmentEventsSink {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+");

    private static final String AUDIENCE_ENTERED = "Audience Entered";
    private static final String AUDIENCE_EXITED = "Audience Exited";

    private final SegmentEventsCalls calls = new SegmentEventsCalls();
    private final JdbcLogin identityStore = new JdbcLogin();
    private final SegmentEventsSettings settings = new SegmentEventsSettings();

    /** The sink's parameters. */
    public record Options(String keyField, String primaryKey, String traitsMapping, String eventMapping,
                          boolean skipUnmappedEvents, String groupLists, JdbcLogin identityStore,
                          SegmentEventsSettings settings) {
    }

    /** Where an action finds its key: an Emarsys field, and a message path for the value (else the identity table). */
    record ActionKey(String action, String field, String path) {

        static ActionKey of(String action, String field, String path, String keyField, String prefix) {
            String own = field == null || field.isBlank() ? keyField : field.trim();
            String where = path == null || path.isBlank() ? null : path.trim();
            if (!own.equals(keyField) && where == null) {
                throw new IllegalArgumentException(prefix + "KeyField=" + own + " differs from keyField=" + keyField
                        + ", so the identity table (which holds " + keyField + " values) cannot give its value: set "
                        + prefix + "KeyPath to the message path that holds the " + own + " value");
            }
            return new ActionKey(action, own, where);
        }

        /** The key value: the path's value, else (for the sink's keyField) the contact the identity table gives. */
        String value(Map<String, Object> message, String linked, String keyField) {
            String found = path == null ? null : text(SegmentEventsSink.path(message, path));
            return found != null ? found : field.equals(keyField) ? linked : null;
        }

        String missing(String keyField) {
            return path == null ? "the message's userId / anonymousId is not linked to a contact yet; an identify or "
                    + "alias must come first"
                    : "the message has no " + path + (field.equals(keyField) ? " and its ids are not linked to a "
                    + "contact yet" : "") + " (the " + action + " key, Emarsys field " + field + ")";
        }
    }

    /** The refusals the sink makes itself, kept apart so that their dead letters do not blame Emarsys. */
    private static final class OwnRefusals {
        private final List<EmarsysFailedItem> items = new ArrayList<>();

        EmarsysFailedItem refuse(Map<String, Object> message, String reason) {
            Object id = message.get("messageId");
            EmarsysFailedItem item = new EmarsysFailedItem(id == null ? "#" : String.valueOf(id), -1, reason, message);
            items.add(item);
            return item;
        }
    }

    /**
     * Where the identity table lives: the Kamelet sets it as bean properties ({@code identityStore.password}), so
     * that the password never becomes text in a bean method string.
     */
    public JdbcLogin getIdentityStore() {
        return identityStore;
    }

    /** The parameters the Kamelet sets as bean properties ({@code settings.eventData}, ...). */
    public SegmentEventsSettings getSettings() {
        return settings;
    }

    public void process(Exchange exchange, String keyField, String primaryKey, String traitsMapping, String eventMapping,
                        String unmappedEvents, String groupLists) {
        Options options = new Options(keyField, primaryKey, traitsMapping, eventMapping,
                "skip".equalsIgnoreCase(unmappedEvents), groupLists, identityStore, settings);
        List<Map<String, Object>> messages = SinkCalls.records(exchange);
        OwnRefusals own = new OwnRefusals();
        List<EmarsysFailedItem> failed = process(exchange, messages, options, own);
        SinkCalls.markOwnRefusals(exchange, own.items);
        SinkCalls.answer(exchange, messages.size() - failed.size(), failed);
    }

    private List<EmarsysFailedItem> process(Exchange exchange, List<Map<String, Object>> messages, Options options,
                                            OwnRefusals own) {
        SegmentEventsSettings settings = options.settings();
        String keyField = options.keyField();
        ActionKey eventKey = ActionKey.of("event", settings.getEventKeyField(), settings.getEventKeyPath(), keyField, "event");
        ActionKey groupKey = ActionKey.of("group", settings.getGroupKeyField(), settings.getGroupKeyPath(), keyField, "group");
        ActionKey audienceKey = ActionKey.of("audience", settings.getAudienceKeyField(), settings.getAudienceKeyPath(),
                keyField, "audience");
        boolean wrapGlobal = eventDataWrapped(settings.getEventData());
        Map<String, String> fieldPaths = FieldMapping.parse(settings.getFieldMapping());
        IdentityTable identities = IdentityTable.open(options.identityStore());
        List<EmarsysFailedItem> failed = new ArrayList<>();

        // 1. identities
        for (Map<String, Object> message : messages) {
            String type = String.valueOf(message.get("type"));
            if ("identify".equals(type)) {
                String key = text(path(message, options.primaryKey()));
                if (key == null) {
                    key = resolve(identities, message);
                }
                identities.link("anonymous", text(message.get("anonymousId")), key);
                identities.link("user", text(message.get("userId")), key);
            } else if ("alias".equals(type)) {
                String previous = text(message.get("previousId"));
                String key = firstNonNull(identities.primaryKey("user", previous),
                        identities.primaryKey("anonymous", previous), resolve(identities, message));
                if (key == null) {
                    failed.add(own.refuse(message, "alias: neither previousId nor userId is linked to a contact yet; "
                            + "send an identify with " + options.primaryKey() + " first"));
                    continue;
                }
                identities.link("user", previous, key);
                identities.link("anonymous", previous, key);
                identities.link("user", text(message.get("userId")), key);
            } else if (!List.of("track", "page", "screen", "group").contains(type)) {
                failed.add(own.refuse(message, "Unknown Segment message type '" + type
                        + "': use identify, track, page, screen, alias or group"));
            }
        }

        // 2. contacts and audiences
        Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> messagesOfContact = new LinkedHashMap<>();
        List<Map<String, Object>> audienceChanges = new ArrayList<>();
        Map<Map<String, Object>, Map<String, Object>> messageOf = new IdentityHashMap<>();
        Map<String, String> traitRenames = FieldMapping.parse(options.traitsMapping());
        boolean writeNulls = settings.isWriteNullTraits();
        for (Map<String, Object> message : messages) {
            boolean identify = "identify".equals(message.get("type"));
            Map<String, Object> values = new LinkedHashMap<>();
            Object traits = message.get("traits");
            List<Map.Entry<String, Boolean>> audiences = new ArrayList<>();
            if (identify && traits instanceof Map<?, ?> map) {
                map.forEach((name, value) -> {
                    String trait = String.valueOf(name);
                    if (traitRenames.containsKey(trait)) {
                        if (value != null || writeNulls) {
                            values.put(traitRenames.get(trait), value);
                        }
                    } else if (value instanceof Boolean granted && SNAKE_CASE.matcher(trait).matches()
                            && !fieldPaths.containsKey("traits." + trait)) {
                        audiences.add(Map.entry(trait, granted));
                    }
                });
                Object audience = path(message, "context.personas.computation_key");
                if (audience != null && map.get(audience) instanceof Boolean granted
                        && !SNAKE_CASE.matcher(String.valueOf(audience)).matches()) {
                    audiences.add(Map.entry(String.valueOf(audience), granted));
                }
            }
            String badPath = mapPaths(message, fieldPaths, values, writeNulls);
            if (badPath != null) {
                failed.add(own.refuse(message, badPath));
                continue;
            }
            if (!identify && values.isEmpty()) {
                continue;
            }
            String key = resolve(identities, message);
            if (key == null) {
                failed.add(own.refuse(message, identify ? "identify without " + options.primaryKey()
                        + " for an unknown user" : "the field mapping names values of this " + message.get("type")
                        + " but its userId / anonymousId is not linked to a contact yet; an identify or alias must "
                        + "come first"));
                continue;
            }
            Map<String, Object> contact = contacts.computeIfAbsent(key, k -> new LinkedHashMap<>(Map.of(keyField, k)));
            messagesOfContact.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
            contact.putAll(values);
            for (Map.Entry<String, Boolean> audience : audiences) {
                String member = audienceKey.value(message, key, keyField);
                if (member == null) {
                    failed.add(own.refuse(message, "audience " + audience.getKey() + ": " + audienceKey.missing(keyField)));
                } else {
                    audienceChanges.add(listChange(message, messageOf, audience.getKey(), member, audience.getValue()));
                }
            }
        }
        if (!contacts.isEmpty()) {
            failed.addAll(upsert(exchange, new ArrayList<>(contacts.values()), messagesOfContact, keyField, writeNulls));
        }

        // 3. groups and track-style audiences (Engage's Audience Entered / Audience Exited)
        Map<String, String> groupLists = FieldMapping.parse(options.groupLists());
        List<Map<String, Object>> groupChanges = new ArrayList<>();
        for (Map<String, Object> message : messages) {
            String type = String.valueOf(message.get("type"));
            String event = text(message.get("event"));
            if ("track".equals(type) && (AUDIENCE_ENTERED.equals(event) || AUDIENCE_EXITED.equals(event))) {
                String audience = text(firstNonNull(path(message, "properties.audience_key"),
                        path(message, "context.personas.computation_key")));
                String member = audienceKey.value(message, resolve(identities, message), keyField);
                if (audience == null || member == null) {
                    failed.add(own.refuse(message, event + ": " + (audience == null ? "no properties.audience_key "
                            + "and no context.personas.computation_key name the audience" : audienceKey.missing(keyField))));
                    continue;
                }
                audienceChanges.add(listChange(message, messageOf, audience, member, AUDIENCE_ENTERED.equals(event)));
            }
            if (!"group".equals(type)) {
                continue;
            }
            String key = groupKey.value(message, resolve(identities, message), keyField);
            String groupId = text(message.get("groupId"));
            if (key == null || groupId == null) {
                failed.add(own.refuse(message, "group: " + (groupId == null ? "no groupId" : groupKey.missing(keyField))));
                continue;
            }
            groupChanges.add(listChange(message, messageOf, groupLists.getOrDefault(groupId, "segment-group-" + groupId),
                    key, true));
        }
        for (EmarsysFailedItem item : calls.changeAll(exchange, audienceChanges, audienceKey.field())) {
            failed.add(traced(item, messageOf));
        }
        for (EmarsysFailedItem item : calls.changeAll(exchange, groupChanges, groupKey.field())) {
            failed.add(traced(item, messageOf));
        }

        // 4. events
        Map<String, String> eventIds = FieldMapping.parse(options.eventMapping());
        List<Map<String, Object>> triggers = new ArrayList<>();
        for (Map<String, Object> message : messages) {
            String type = String.valueOf(message.get("type"));
            String name = "track".equals(type) ? text(message.get("event"))
                    : "page".equals(type) ? "Page Viewed" : "screen".equals(type) ? "Screen Viewed" : null;
            if (name == null && !"track".equals(type)) {
                continue;
            }
            String eventId = name == null ? null : eventIds.get(name);
            if (eventId == null && (AUDIENCE_ENTERED.equals(name) || AUDIENCE_EXITED.equals(name))) {
                continue; // an audience, handled with the lists; it triggers an event only when the mapping names it
            }
            if (eventId == null) {
                if (!options.skipUnmappedEvents()) {
                    failed.add(own.refuse(message, "The event '" + name + "' is not mapped to an Emarsys event; add it to "
                            + "the event mapping (or set unmappedEvents=skip)"));
                }
                continue;
            }
            String key = eventKey.value(message, resolve(identities, message), keyField);
            if (key == null) {
                failed.add(own.refuse(message, "The event '" + name + "' has no contact key: " + eventKey.missing(keyField)));
                continue;
            }
            Map<String, Object> trigger = new LinkedHashMap<>();
            trigger.put("eventId", eventId);
            trigger.put("key", key);
            Object properties = message.get("properties");
            if (properties instanceof Map<?, ?> map && !map.isEmpty()) { // nothing to send: no data key at all
                trigger.put("data", wrapGlobal ? Map.of("global", map) : map);
            }
            if (message.get("messageId") != null) {
                trigger.put("triggerId", String.valueOf(message.get("messageId")));
            }
            messageOf.put(trigger, message);
            triggers.add(trigger);
        }
        for (EmarsysFailedItem item : calls.triggerAll(exchange, triggers, eventKey.field())) {
            failed.add(traced(item, messageOf));
        }
        return failed;
    }

    private List<EmarsysFailedItem> upsert(Exchange exchange, List<Map<String, Object>> contacts,
                                           Map<String, List<Map<String, Object>>> messagesOfContact, String keyField,
                                           boolean writeNulls) {
        List<EmarsysFailedItem> refused = calls.upsert(exchange, contacts, keyField, EmarsysLimits.CONTACTS_PER_REQUEST,
                writeNulls);
        List<EmarsysFailedItem> failed = new ArrayList<>();
        for (EmarsysFailedItem item : refused) {
            Object key = item.item() instanceof Map<?, ?> contact ? contact.get(keyField) : item.key();
            for (Map<String, Object> message : messagesOfContact.getOrDefault(String.valueOf(key), List.of())) {
                failed.add(new EmarsysFailedItem(item.key(), item.replyCode(), item.replyText(), message));
            }
        }
        return failed;
    }

    private static Map<String, Object> listChange(Map<String, Object> message,
                                                  Map<Map<String, Object>, Map<String, Object>> messageOf,
                                                  String list, String key, boolean add) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("listName", list);
        change.put("key", key);
        change.put("action", add ? "add" : "remove");
        messageOf.put(change, message);
        return change;
    }

    private static EmarsysFailedItem traced(EmarsysFailedItem item, Map<Map<String, Object>, Map<String, Object>> messageOf) {
        Object message = item.item() instanceof Map<?, ?> ? messageOf.get(item.item()) : null;
        return new EmarsysFailedItem(item.key(), item.replyCode(), item.replyText(), message != null ? message : item.item());
    }

    /**
     * Puts the values of the mapped message paths into {@code values}; a path that holds an object or a list makes
     * the message a bad one: the answer says which (null when all is well).
     */
    private static String mapPaths(Map<String, Object> message, Map<String, String> fieldPaths,
                                   Map<String, Object> values, boolean writeNulls) {
        for (Map.Entry<String, String> mapping : fieldPaths.entrySet()) {
            if (!present(message, mapping.getKey())) {
                continue;
            }
            Object value = path(message, mapping.getKey());
            if (value instanceof Map || value instanceof java.util.Collection) {
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

    /** True when the path's last key is in the message (with a value or null): a missing key leaves the field alone. */
    private static boolean present(Map<String, Object> message, String dotted) {
        int dot = dotted.lastIndexOf('.');
        Object parent = dot < 0 ? message : path(message, dotted.substring(0, dot));
        return parent instanceof Map<?, ?> map && map.containsKey(dotted.substring(dot + 1));
    }

    private static boolean eventDataWrapped(String eventData) {
        String shape = eventData == null || eventData.isBlank() ? "properties" : eventData.trim();
        if (!shape.equals("properties") && !shape.equals("global")) {
            throw new IllegalArgumentException("eventData=" + shape + " is not a data shape: use properties (the "
                    + "properties as the event's data, as Segment sends them) or global (wrapped as {\"global\": {...}})");
        }
        return shape.equals("global");
    }

    /** The contact a message's userId or anonymousId is linked to. */
    private static String resolve(IdentityTable identities, Map<String, Object> message) {
        return firstNonNull(identities.primaryKey("user", text(message.get("userId"))),
                identities.primaryKey("anonymous", text(message.get("anonymousId"))));
    }

    /** A dotted path such as {@code traits.email} into nested Maps. */
    static Object path(Map<String, Object> message, String path) {
        Object current = message;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static String text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
