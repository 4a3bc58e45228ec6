package io.camelemarsys.component.operation;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the per-item errors of an HTTP 200 batch reply. Two shapes exist: the keyed map of contact, list and trigger
 * calls ({@code {"ann@x": {"2008": "No contact found..."}}}) and the array of getdata
 * ({@code [{"key": "ann@x", "errorCode": 2008, "errorMsg": "..."}]}); both are accepted everywhere.
 */
final class ItemErrorParser {

    /** One item's error. */
    record ItemError(int code, String text) {
    }

    private ItemErrorParser() {
    }

    /** key value -> error; empty when the reply holds none. */
    static Map<String, ItemError> parse(JsonNode errors) {
        Map<String, ItemError> parsed = new LinkedHashMap<>();
        if (errors == null || errors.isNull() || errors.isMissingNode()) {
            return parsed;
        }
        if (errors.isArray()) {
            for (JsonNode error : errors) {
                parsed.put(error.path("key").asText(),
                        new ItemError(error.path("errorCode").asInt(-1), error.path("errorMsg").asText()));
            }
        } else if (errors.isObject()) {
            for (Map.Entry<String, JsonNode> entry : errors.properties()) {
                JsonNode value = entry.getValue();
                if (value.isObject() && value.size() > 0) {
                    Map.Entry<String, JsonNode> first = value.properties().iterator().next();
                    parsed.put(entry.getKey(), new ItemError(toInt(first.getKey()), first.getValue().asText()));
                } else {
                    parsed.put(entry.getKey(), new ItemError(-1, value.asText()));
                }
            }
        }
        return parsed;
    }

    private static int toInt(String code) {
        try {
            return Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
