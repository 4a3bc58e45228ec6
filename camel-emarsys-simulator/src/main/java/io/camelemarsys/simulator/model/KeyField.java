package io.camelemarsys.simulator.model;

import java.util.Locale;

/**
 * What identifies contacts in a call: a field ({@code key_id} 3 = email by default), or the internal {@code id} or
 * {@code uid}. E-mail keys are compared trimmed and case-insensitively, as Emarsys treats addresses.
 */
public record KeyField(String keyId, Field field) {

    public static final String ID = "id";
    public static final String UID = "uid";

    public boolean isInternal() {
        return field == null;
    }

    public String normalize(String value) {
        if (value == null) {
            return null;
        }
        if (field != null && field.id() == FieldCatalog.EMAIL) {
            return value.trim().toLowerCase(Locale.ROOT);
        }
        return value;
    }

    /** How Emarsys names the key in error texts: "3" for a field, "id" / "uid" otherwise. */
    public String label() {
        return field == null ? keyId : Integer.toString(field.id());
    }
}
