package io.camelemarsys.kamelets;

import java.util.Map;

/** Where an action finds its key: an Emarsys field, and a message path for the value (else the identity table). */
record SegmentActionKey(String action, String field, String path) {

    static SegmentActionKey of(String action, String field, String path, String keyField) {
        String own = field == null || field.isBlank() ? keyField : field.trim();
        String where = path == null || path.isBlank() ? null : path.trim();
        if (!own.equals(keyField) && where == null) {
            throw new IllegalArgumentException(action + "KeyField=" + own + " differs from keyField=" + keyField
                    + ", so the identity table (which holds " + keyField + " values) cannot give its value: set "
                    + action + "KeyPath to the message path that holds the " + own + " value");
        }
        return new SegmentActionKey(action, own, where);
    }

    /** The key value: the path's value, else (for the sink's keyField) the contact the identity table gives. */
    String value(Map<String, Object> message, String linked, String keyField) {
        String found = path == null ? null : SegmentTranslation.text(SegmentPaths.get(message, path));
        return found != null ? found : field.equals(keyField) ? linked : null;
    }

    String missing(String keyField) {
        return path == null ? "the message's userId / anonymousId is not linked to a contact yet; an identify or "
                + "alias must come first"
                : "the message has no " + path + (field.equals(keyField) ? " and its ids are not linked to a "
                + "contact yet" : "") + " (the " + action + " key, Emarsys field " + field + ")";
    }
}
