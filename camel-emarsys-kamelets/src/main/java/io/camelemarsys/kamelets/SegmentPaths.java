package io.camelemarsys.kamelets;

import java.util.Map;

/** Dotted paths such as {@code traits.email} or {@code context.traits.city} into a Segment message's nested Maps. */
final class SegmentPaths {

    private SegmentPaths() {
    }

    /** The value at the path, or null (missing, or a step that is not an object). */
    static Object get(Map<String, Object> message, String path) {
        Object current = message;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    /** True when the path's last key is in the message (with a value or null): a missing key leaves the field alone. */
    static boolean present(Map<String, Object> message, String path) {
        int dot = path.lastIndexOf('.');
        Object parent = dot < 0 ? message : get(message, path.substring(0, dot));
        return parent instanceof Map<?, ?> map && map.containsKey(path.substring(dot + 1));
    }
}
