package io.camelemarsys.component.internal;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One parsed Emarsys reply: HTTP status and the envelope {@code {replyCode, replyText, data}}. {@code data} can be
 * anything (object, array, string, number, false), so it stays a JsonNode.
 */
public record Envelope(int status, int replyCode, String replyText, JsonNode data) {

    public static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The envelope of a body, or null when the body is not an Emarsys JSON envelope. */
    static Envelope parse(int status, String body) {
        JsonNode json = parseJson(body);
        if (json == null || !json.isObject() || !json.has("replyCode")) {
            return null;
        }
        return new Envelope(status, json.path("replyCode").asInt(-1), json.path("replyText").asText(""),
                json.has("data") ? json.get("data") : json.has("value") ? json : MissingNode.getInstance());
    }

    static JsonNode parseJson(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    public boolean ok() {
        return status >= 200 && status < 300 && replyCode == 0;
    }
}
