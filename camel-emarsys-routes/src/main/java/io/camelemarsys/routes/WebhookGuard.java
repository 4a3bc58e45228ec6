package io.camelemarsys.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payload checks of the Emarsys Webhook-node endpoint, after authentication: size (413), content type (415),
 * JSON object and event id (400). A refusal is thrown as {@link WebhookRefusal}; an accepted payload gets its Kafka
 * topic (by event name), key, and the two idempotency keys the route's Idempotent Consumers use: the event's (by
 * default its id, else the token's jti, else a hash of the payload) and the token's (its jti: one token, one event).
 * One instance per route, configured once; what was seen lives in the route's IdempotentRepository.
 */
public final class WebhookGuard {

    public static final String TOPIC = "CamelEmarsysWebhookTopic";
    public static final String EVENT_KEY = "CamelEmarsysWebhookEventKey";
    public static final String TOKEN_KEY = "CamelEmarsysWebhookTokenKey";
    public static final String MAX_REQUEST_SIZE = "CamelEmarsysWebhookMaxRequestSize";
    /** Room in a Kafka request beside the body: the record key (at most the body's size) and headers, batch overhead. */
    static final long KAFKA_HEADROOM = 64 * 1024;
    /** Headers this endpoint reads: a query parameter of the same name would pose as one. */
    private static final Set<String> HEADER_NAMES = Set.of("content-type", "content-length");
    private static final Logger LOG = LoggerFactory.getLogger(WebhookGuard.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Where the event's idempotency key comes from (set once, when the template creates this route's guard). */
    private List<String> idempotencyKeys = IdempotencyKeySources.parse("eventId,jti,payload");

    /** The template parameter {@code idempotencyKeys}; an unknown source fails the route's creation. */
    public void setIdempotencyKeys(String idempotencyKeys) {
        this.idempotencyKeys = IdempotencyKeySources.parse(idempotencyKeys);
    }

    public void inspect(Exchange exchange, long maxBytes, String eventField, String eventIdField, String keyField,
                        String eventTopics, String topic) {
        for (String name : HttpQuery.names(exchange)) {
            if (HEADER_NAMES.contains(name)) {
                throw new WebhookRefusal(400, "Bad Request", "Send " + name + " as a request header, not as a query parameter");
            }
        }
        Long length = exchange.getMessage().getHeader("Content-Length", Long.class);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if ((length != null && length > maxBytes) || (body != null && body.length > maxBytes)) {
            throw new WebhookRefusal(413, "Payload Too Large", "The body is larger than " + maxBytes + " bytes (maxBytes)");
        }
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!isJson(contentType)) {
            throw new WebhookRefusal(415, "Unsupported Media Type",
                    "Send the payload as Content-Type: application/json, not " + contentType);
        }
        JsonNode payload;
        try {
            payload = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new WebhookRefusal(400, "Bad Request", "The body is not valid JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (payload == null || !payload.isObject()) {
            throw new WebhookRefusal(400, "Bad Request", "The body must be a JSON object, as the Webhook node sends");
        }
        String eventKey = eventKey(exchange, payload, eventIdField);
        exchange.setProperty(EVENT_KEY, eventKey);
        // one token carries one event; without a jti the token adds nothing to the event's own key
        String jti = exchange.getProperty(WebhookAuthentication.JTI, String.class);
        exchange.setProperty(TOKEN_KEY, jti != null ? "token-jti:" + jti : "token-none:" + eventKey);
        // a spent jti is kept until the token would be refused anyway, not for the event ids' retention
        java.time.Instant refusedFrom = exchange.getProperty(WebhookAuthentication.TOKEN_REFUSED_FROM, java.time.Instant.class);
        if (jti != null && refusedFrom != null) {
            exchange.setProperty(JdbcIdempotentRepository.KEY_EXPIRY, java.util.Map.of("token-jti:" + jti, refusedFrom));
        }
        exchange.setProperty(TOPIC, FieldMapping.parse(eventTopics).getOrDefault(payload.path(eventField).asText(""), topic));
        exchange.setProperty(MAX_REQUEST_SIZE, 2 * maxBytes + KAFKA_HEADROOM);
        JsonNode key = payload.path(keyField);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(KafkaConstants.KEY, key.isValueNode() && !key.asText().isEmpty()
                ? key.asText() : eventKey.substring(eventKey.indexOf(':') + 1));
        exchange.getMessage().setHeader("emarsysEvent", payload.path(eventField).asText(""));
        exchange.getMessage().setBody(new String(body, StandardCharsets.UTF_8));
    }

    /** The token's jti was already spent on another event: a replay. */
    public void refuseReplayedToken(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.DUPLICATE_MESSAGE, Boolean.class))) {
            throw new WebhookRefusal(401, "Unauthorized", "The JWT was already used for another event (replayed jti)");
        }
    }

    /** After the durable write, or for an event already written: 202. */
    public void accepted(Exchange exchange) {
        String eventKey = exchange.getProperty(EVENT_KEY, String.class);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.DUPLICATE_MESSAGE, Boolean.class))
                ? "duplicate" : "accepted");
        reply.put("eventId", eventKey.startsWith("event-unique:") ? null : eventKey.substring(eventKey.indexOf(':') + 1));
        respond(exchange, 202, reply, "application/json");
    }

    /** A refusal: its status and problem body (a 401 also names the scheme). */
    public void refused(Exchange exchange) {
        WebhookRefusal refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRefusal.class);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        problem(exchange, refusal.status(), refusal.title(), refusal.getMessage());
        if (refusal.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"emarsys-webhook\"");
        }
    }

    /** The durable write failed: 503, so that Emarsys retries; nothing was remembered, and the cause is logged once. */
    public void unavailable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        LOG.warn("Webhook answered 503: event {} not written to Kafka topic {}: {}",
                exchange.getProperty(EVENT_KEY), exchange.getProperty(TOPIC),
                root == null ? "unknown cause" : root.getClass().getSimpleName() + ": " + root.getMessage());
        problem(exchange, 503, "Service Unavailable", "The payload could not be stored durably; retry later");
    }

    static boolean isJson(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json");
    }

    /**
     * The event's idempotency key from the first of the sources (eventId, jti, payload) that has one; with none, a
     * key of its own, so that the event is written every time it arrives.
     */
    private String eventKey(Exchange exchange, JsonNode payload, String eventIdField) {
        String eventId = eventId(payload, eventIdField);
        for (String source : idempotencyKeys) {
            switch (source) {
                case "eventId" -> {
                    if (eventId != null) {
                        return "event-id:" + eventId;
                    }
                }
                case "jti" -> {
                    String jti = exchange.getProperty(WebhookAuthentication.JTI, String.class);
                    if (jti != null) {
                        return "event-jti:" + jti;
                    }
                }
                default -> {
                    return "event-payload:" + canonicalHash(payload);
                }
            }
        }
        return "event-unique:" + exchange.getExchangeId();
    }

    private static String eventId(JsonNode payload, String eventIdField) {
        JsonNode id = payload.get(eventIdField);
        if (id == null || id.isNull()) {
            return null;
        }
        if ((id.isTextual() && !id.asText().isBlank()) || id.isIntegralNumber()) {
            return id.asText();
        }
        throw new WebhookRefusal(400, "Bad Request", "The field " + eventIdField + " must be a non-empty string or an "
                + "integer, not " + (id.isTextual() ? "\"" + id.asText() + "\"" : id.getNodeType().name().toLowerCase(Locale.ROOT))
                + "; leave it out if the event has no id");
    }

    /** SHA-256 of the payload with its object keys sorted: the same event re-sent hashes the same. */
    static String canonicalHash(JsonNode payload) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(payload, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void problem(Exchange exchange, int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        respond(exchange, status, problem, "application/problem+json");
    }

    private static void respond(Exchange exchange, int status, Map<String, Object> body, String contentType) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        try {
            exchange.getMessage().setBody(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
