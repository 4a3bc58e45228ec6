package io.camelemarsys.simulator.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-item {@code errors} of batch calls, keyed by the key value of the refused item:
 * {@code {"ann@example.com": {"2008": "No contact found with the external id: 3 - ann@example.com"}}}. An item
 * without a key value is keyed {@code ""} (as the real API records it); one that is not an object, by its position.
 */
final class ItemErrors {

    private final Map<String, Map<String, String>> errors = new LinkedHashMap<>();

    void add(String key, ItemError error) {
        errors.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(Integer.toString(error.code()), error.getMessage());
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    Map<String, Map<String, String>> asMap() {
        return errors;
    }

    /** As Emarsys writes them: the keyed map, or an empty array when nothing was refused (vendor docs, SDK fixtures). */
    Object asReply() {
        return errors.isEmpty() ? java.util.List.of() : errors;
    }
}
