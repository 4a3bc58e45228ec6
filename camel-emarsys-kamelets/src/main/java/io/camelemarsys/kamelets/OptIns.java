package io.camelemarsys.kamelets;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
