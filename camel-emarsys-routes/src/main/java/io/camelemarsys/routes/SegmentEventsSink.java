package io.camelemarsys.routes;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.component.operation.ContactWrite;

/**
 * The emarsys-segment-events-sink Kamelet's work: Segment spec messages (identify, track, page, screen, alias,
 * group) in the order they came, in four passes so that an event finds the contact its identify created:
 * <ol>
 * <li>identities: identify and alias link anonymousId and userId to the contact's primary key in the
 * {@link IdentityTable};</li>
 * <li>contacts: each identify upserts its contact with the mapped traits (merged per contact, in order); snake_case
 * boolean traits that the mapping does not name (and Engage's {@code context.personas.computation_key}) are
 * audiences: true adds the contact to the list of that name, false removes it, lists created on first use;</li>
 * <li>groups: group adds the contact to the list mapped to the groupId;</li>
 * <li>events: track (its {@code event}), page ("Page Viewed") and screen ("Screen Viewed") trigger the mapped
 * external event with the properties as {@code data.global} and the messageId as trigger id; an unmapped name is
 * dead-lettered or skipped, by option.</li>
 * </ol>
 * Every message that cannot be delivered comes back in CamelEmarsysFailedItems carrying the message itself.
 */
public final class SegmentEventsSink {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z0-9]+(_[a-z0-9]+)+");

    private final EventSink events = new EventSink();
    private final ContactListSink lists = new ContactListSink();
    private final ContactSink contacts = new ContactSink();
    private final JdbcLogin identityStore = new JdbcLogin();

    /** The sink's parameters. */
    public record Options(String keyField, String primaryKey, String traitsMapping, String eventMapping,
                          boolean skipUnmappedEvents, String groupLists, JdbcLogin identityStore) {
    }

    /**
     * Where the identity table lives: the Kamelet sets it as bean properties ({@code identityStore.password}), so
     * that the password never becomes text in a bean method string.
     */
    public JdbcLogin getIdentityStore() {
        return identityStore;
    }

    public void process(Exchange exchange, String keyField, String primaryKey, String traitsMapping, String eventMapping,
                        String unmappedEvents, String groupLists) {
        Options options = new Options(keyField, primaryKey, traitsMapping, eventMapping,
                "skip".equalsIgnoreCase(unmappedEvents), groupLists, identityStore);
        List<Map<String, Object>> messages = SinkCalls.records(exchange);
        List<EmarsysFailedItem> failed = process(exchange, messages, options);
        SinkCalls.answer(exchange, messages.size() - failed.size(), failed);
    }

    List<EmarsysFailedItem> process(Exchange exchange, List<Map<String, Object>> messages, Options options) {
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
                    failed.add(refused(message, "alias: neither previousId nor userId is linked to a contact yet; "
                            + "send an identify with " + options.primaryKey() + " first"));
                    continue;
                }
                identities.link("user", previous, key);
                identities.link("anonymous", previous, key);
                identities.link("user", text(message.get("userId")), key);
            } else if (!List.of("track", "page", "screen", "group").contains(type)) {
                failed.add(refused(message, "Unknown Segment message type '" + type
                        + "': use identify, track, page, screen, alias or group"));
            }
        }

        // 2. contacts and audiences
        Map<String, Map<String, Object>> contacts = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> messagesOfContact = new LinkedHashMap<>();
        List<Map<String, Object>> listChanges = new ArrayList<>();
        Map<Map<String, Object>, Map<String, Object>> messageOf = new IdentityHashMap<>();
        Map<String, String> traitRenames = FieldMapping.parse(options.traitsMapping());
        for (Map<String, Object> message : messages) {
            if (!"identify".equals(message.get("type"))) {
                continue;
            }
            String key = resolve(identities, message);
            if (key == null) {
                failed.add(refused(message, "identify without " + options.primaryKey() + " for an unknown user"));
                continue;
            }
            Map<String, Object> contact = contacts.computeIfAbsent(key, k -> new LinkedHashMap<>(Map.of(options.keyField(), k)));
            messagesOfContact.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
            Object traits = message.get("traits");
            if (traits instanceof Map<?, ?> map) {
                map.forEach((name, value) -> {
                    String trait = String.valueOf(name);
                    if (traitRenames.containsKey(trait)) {
                        contact.put(traitRenames.get(trait), value);
                    } else if (value instanceof Boolean granted && SNAKE_CASE.matcher(trait).matches()) {
                        listChanges.add(listChange(message, messageOf, trait, key, granted));
                    }
                });
            }
            Object audience = path(message, "context.personas.computation_key");
            if (audience != null && traits instanceof Map<?, ?> map && map.get(audience) instanceof Boolean granted
                    && !SNAKE_CASE.matcher(String.valueOf(audience)).matches()) {
                listChanges.add(listChange(message, messageOf, String.valueOf(audience), key, granted));
            }
        }
        if (!contacts.isEmpty()) {
            failed.addAll(upsert(exchange, new ArrayList<>(contacts.values()), messagesOfContact, options));
        }

        // 3. groups
        Map<String, String> groupLists = FieldMapping.parse(options.groupLists());
        for (Map<String, Object> message : messages) {
            if (!"group".equals(message.get("type"))) {
                continue;
            }
            String key = resolve(identities, message);
            String groupId = text(message.get("groupId"));
            if (key == null || groupId == null) {
                failed.add(refused(message, "group: " + (groupId == null ? "no groupId" : "the user is not linked to a contact yet")));
                continue;
            }
            listChanges.add(listChange(message, messageOf, groupLists.getOrDefault(groupId, "segment-group-" + groupId),
                    key, true));
        }
        for (EmarsysFailedItem item : lists.changeAll(exchange, listChanges, options.keyField(), true)) {
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
            if (eventId == null) {
                if (!options.skipUnmappedEvents()) {
                    failed.add(refused(message, "The event '" + name + "' is not mapped to an Emarsys event; add it to "
                            + "the event mapping (or set unmappedEvents=skip)"));
                }
                continue;
            }
            String key = firstNonNull(resolve(identities, message), text(path(message, "context.traits.email")));
            if (key == null) {
                failed.add(refused(message, "The event's userId / anonymousId is not linked to a contact yet; an "
                        + "identify or alias must come first"));
                continue;
            }
            Map<String, Object> trigger = new LinkedHashMap<>();
            trigger.put("eventId", eventId);
            trigger.put("key", key);
            Object properties = message.get("properties");
            trigger.put("data", Map.of("global", properties instanceof Map ? properties : Map.of()));
            if (message.get("messageId") != null) {
                trigger.put("triggerId", String.valueOf(message.get("messageId")));
            }
            messageOf.put(trigger, message);
            triggers.add(trigger);
        }
        for (EmarsysFailedItem item : events.triggerAll(exchange, triggers, options.keyField(), null, false)) {
            failed.add(traced(item, messageOf));
        }
        return failed;
    }

    private List<EmarsysFailedItem> upsert(Exchange exchange, List<Map<String, Object>> contacts,
                                           Map<String, List<Map<String, Object>>> messagesOfContact, Options options) {
        List<EmarsysFailedItem> refused = this.contacts.write(exchange, contacts, "upsert", options.keyField(),
                ContactWrite.MAX_CONTACTS);
        List<EmarsysFailedItem> failed = new ArrayList<>();
        for (EmarsysFailedItem item : refused) {
            Object key = item.item() instanceof Map<?, ?> contact ? contact.get(options.keyField()) : item.key();
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

    private static EmarsysFailedItem refused(Map<String, Object> message, String reason) {
        Object id = message.get("messageId");
        return new EmarsysFailedItem(id == null ? "#" : String.valueOf(id), -1, reason, message);
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
