package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renames the keys of records before they go to Emarsys: {@code "mail=email,firstName=First Name"} maps the source
 * key {@code mail} to the Emarsys field {@code email} (a field name, string id or id). Keys the mapping does not name
 * pass as they are. The same record always maps to an equal Map, which lets a refused item be traced back.
 */
public final class FieldMapping {

    private FieldMapping() {
    }

    /** A Map, or a Collection of Maps, with the mapping applied; an empty mapping returns the body as it is. */
    public static Object apply(Object body, String mapping) {
        Map<String, String> renames = parse(mapping);
        if (renames.isEmpty()) {
            return body;
        }
        if (body instanceof Collection<?> records) {
            List<Object> mapped = new ArrayList<>(records.size());
            for (Object record : records) {
                mapped.add(record instanceof Map<?, ?> map ? map(map, renames) : record);
            }
            return mapped;
        }
        return body instanceof Map<?, ?> map ? map(map, renames) : body;
    }

    static Map<String, Object> map(Map<?, ?> record, Map<String, String> renames) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        record.forEach((key, value) -> mapped.put(renames.getOrDefault(String.valueOf(key), String.valueOf(key)), value));
        return mapped;
    }

    public static Map<String, String> parse(String mapping) {
        Map<String, String> renames = new LinkedHashMap<>();
        if (mapping == null || mapping.isBlank()) {
            return renames;
        }
        for (String pair : mapping.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("Invalid mapping entry '" + pair.trim() + "': write source=target, "
                        + "for example mail=email,firstName=First Name");
            }
            renames.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return renames;
    }
}
