package io.camelemarsys.routes.bot;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysConstants;

/** The JSON bodies of the bot's write actions, checked and turned into what the emarsys endpoint takes. */
public final class BotRequestBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BotRequestBodies() {
    }

    /** PUT contacts/{key}: the fields to write, plus the key (header {@code key}) under {@code keyField}. */
    public static void contactUpdate(Exchange exchange, String keyField) {
        Map<String, Object> fields = readObject(exchange);
        fields.put(keyField, exchange.getMessage().getHeader("key"));
        exchange.getMessage().setBody(fields);
    }

    /** POST events/{event}: the body needs the contact's key; the event (header {@code event}) as the event id. */
    public static void eventTrigger(Exchange exchange) {
        Map<String, Object> body = readObject(exchange);
        if (body.get("key") == null) {
            throw new IllegalArgumentException("The body needs key: the contact's key value, for example "
                    + "{\"key\": \"ann@example.com\", \"data\": {\"global\": {...}}}");
        }
        exchange.getMessage().setHeader(EmarsysConstants.EVENT_ID, exchange.getMessage().getHeader("event"));
        exchange.getMessage().setBody(body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readObject(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        Object parsed;
        try {
            parsed = text == null || text.isBlank() ? null : JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException("The body must be a JSON object");
        }
        return new LinkedHashMap<>((Map<String, Object>) parsed);
    }
}
