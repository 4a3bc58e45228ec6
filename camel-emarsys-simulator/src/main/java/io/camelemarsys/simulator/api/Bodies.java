package io.camelemarsys.simulator.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.simulator.http.ApiError;
import io.camelemarsys.simulator.http.Json;

/** Strict readers for request body members, with errors that name the member and the fix. */
final class Bodies {

    private Bodies() {
    }

    /** A required array with at most {@code max} items; too many is 400 with {@code tooManyCode}. */
    static JsonNode array(JsonNode body, String name, int max, int tooManyCode) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            throw ApiError.badRequest(1001, "Missing parameter: " + name);
        }
        if (!node.isArray()) {
            throw ApiError.badRequest(1001, "Invalid parameter " + name + ": must be a JSON array");
        }
        if (node.isEmpty()) {
            throw ApiError.badRequest(1006, "Empty parameter: " + name);
        }
        if (node.size() > max) {
            throw ApiError.badRequest(tooManyCode, "Too many items in " + name + ": " + node.size()
                    + ", the maximum is " + max + " per request");
        }
        return node;
    }

    static String requiredText(JsonNode body, String name) {
        String value = Json.asText(body.get(name));
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest(1001, "Missing parameter: " + name);
        }
        return value;
    }

    static long requiredLong(JsonNode body, String name) {
        JsonNode node = body.get(name);
        Long value = Json.asLong(node);
        if (value == null) {
            throw ApiError.badRequest(1001, node == null ? "Missing parameter: " + name
                    : "Invalid parameter " + name + ": '" + node.asText() + "' is not a number");
        }
        return value;
    }

    /** Scalars of an array as strings; an array or object inside is refused. */
    static List<String> texts(JsonNode array, String name) {
        List<String> values = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            String value = Json.asText(item);
            if (value == null) {
                throw ApiError.badRequest(1001, "Invalid item in " + name + ": " + item + " is not a string or number");
            }
            values.add(value);
        }
        return values;
    }
}
