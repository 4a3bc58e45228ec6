package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.camelemarsys.component.EmarsysFailedItem;

/**
 * Turns an opt-in record {@code {key, channel, granted: true/false, at?}} into the contact update it stands for:
 * the channel's Emarsys field set to the consent. Channels map to fields as {@code email=optin,whatsapp=WhatsApp
 * opt-in}; the opt-in field 31 takes true / false (1 / 2), any other field the text "true" / "false".
 */
public final class OptIns {

    private final Map<String, String> channels;
    private final String keyField;

    public OptIns(String channels, String keyField) {
        this.channels = new LinkedHashMap<>();
        FieldMapping.parse(channels).forEach((channel, field) -> this.channels.put(channel.toLowerCase(Locale.ROOT), field));
        this.keyField = keyField;
    }

    /**
     * The emarsys-optin-sink Kamelet's records that are no opt-in (not an object, no key, a channel not mapped,
     * granted neither true nor false), each refused alone with why (replyCode -1).
     */
    public static List<EmarsysFailedItem> refusals(Object body, String channels, String keyField) {
        OptIns optIns = new OptIns(channels, keyField);
        List<Object> records = records(body);
        List<EmarsysFailedItem> refused = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                optIns.toContact(records.get(i));
            } catch (IllegalArgumentException e) {
                refused.add(new EmarsysFailedItem("#" + i, -1, e.getMessage(), records.get(i)));
            }
        }
        return refused;
    }

    /** The consent updates of the valid opt-ins, merged per contact in their order (a later record wins). */
    public static List<Map<String, Object>> contacts(Object body, String channels, String keyField) {
        OptIns optIns = new OptIns(channels, keyField);
        Map<Object, Map<String, Object>> byContact = new LinkedHashMap<>();
        for (Object record : records(body)) {
            try {
                Map<String, Object> contact = optIns.toContact(record);
                byContact.computeIfAbsent(contact.get(keyField), k -> new LinkedHashMap<>()).putAll(contact);
            } catch (IllegalArgumentException e) {
                // refused by refusals(...)
            }
        }
        return new ArrayList<>(byContact.values());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> records(Object body) {
        return body instanceof List<?> list ? (List<Object>) list : Collections.singletonList(body);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toContact(Object record) {
        if (!(record instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("An opt-in is a JSON object {key, channel, granted}, not "
                    + (record == null ? "null" : record.getClass().getSimpleName()));
        }
        return toContact((Map<String, Object>) map);
    }

    public Map<String, Object> toContact(Map<String, Object> record) {
        Object key = record.get("key");
        if (key == null || String.valueOf(key).isBlank()) {
            throw new IllegalArgumentException("The opt-in record has no key (the contact's " + keyField + ")");
        }
        Object channel = record.get("channel");
        String field = channel == null ? null : channels.get(String.valueOf(channel).toLowerCase(Locale.ROOT));
        if (field == null) {
            throw new IllegalArgumentException("Unknown opt-in channel '" + channel + "': map it in channels, "
                    + "known: " + channels.keySet());
        }
        Object granted = record.get("granted");
        if (!(granted instanceof Boolean) && !"true".equals(String.valueOf(granted)) && !"false".equals(String.valueOf(granted))) {
            throw new IllegalArgumentException("granted must be true or false, was '" + granted + "'");
        }
        boolean consent = Boolean.parseBoolean(String.valueOf(granted));
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put(keyField, key);
        contact.put(field, isOptInField(field) ? consent : Boolean.toString(consent));
        return contact;
    }

    /** Field 31, by id or by its names. */
    private static boolean isOptInField(String field) {
        String f = field.trim().toLowerCase(Locale.ROOT);
        return f.equals("31") || f.equals("optin") || f.equals("opt-in");
    }
}
