package io.camelemarsys.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The checks of the Emarsys Webhook-node endpoint, in order: authentication (a JWT signed HS256 with the shared
 * secret, exp and iat checked, a replayed jti refused; or a static bearer token), size (413), content type (415),
 * JSON (400 with the reason). A refused request gets its status and an RFC 7807 problem body and goes no further.
 * An accepted one gets the Kafka topic (by event name), key and event id for the durable write; an event id seen
 * before is answered 202 again without a second write.
 */
public final class WebhookGuard {

    public static final String REFUSED = "CamelEmarsysWebhookRefused";
    public static final String DUPLICATE = "CamelEmarsysWebhookDuplicate";
    public static final String TOPIC = "CamelEmarsysWebhookTopic";
    public static final String EVENT_ID = "CamelEmarsysWebhookEventId";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final int REMEMBERED_IDS = 100_000;

    // per JVM, shared by the route's steps (each bean step has its own instance) and by every webhook route
    /** jti -> when it may be forgotten (its token has expired). */
    private static final Map<String, Instant> usedTokenIds = new ConcurrentHashMap<>();
    /** Event ids already written, oldest first, bounded. */
    private static final Map<String, Boolean> acceptedEvents = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_IDS;
                }
            });

    public void check(Exchange exchange, String authMode, String jwtSecret, String bearerToken, long maxBytes,
                      String eventField, String eventIdField, String keyField, String eventTopics, String topic) {
        String refusal = authenticate(exchange, authMode, jwtSecret, bearerToken);
        if (refusal != null) {
            refuse(exchange, 401, "Unauthorized", refusal);
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"emarsys-webhook\"");
            return;
        }
        Long length = exchange.getMessage().getHeader("Content-Length", Long.class);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if ((length != null && length > maxBytes) || (body != null && body.length > maxBytes)) {
            refuse(exchange, 413, "Payload Too Large", "The body is larger than " + maxBytes + " bytes");
            return;
        }
        String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            refuse(exchange, 415, "Unsupported Media Type", "Send the payload as application/json, not " + contentType);
            return;
        }
        JsonNode payload;
        try {
            payload = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            refuse(exchange, 400, "Bad Request", "The body is not valid JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            return;
        }
        if (payload == null || !payload.isObject()) {
            refuse(exchange, 400, "Bad Request", "The body must be a JSON object, as the Webhook node sends");
            return;
        }
        String event = payload.path(eventField).asText("");
        String eventId = payload.path(eventIdField).asText(null);
        if (eventId == null) {
            eventId = exchange.getProperty("CamelEmarsysWebhookJti", String.class);
        }
        Map<String, String> topics = FieldMapping.parse(eventTopics);
        exchange.setProperty(TOPIC, topics.getOrDefault(event, topic));
        exchange.setProperty(EVENT_ID, eventId);
        exchange.setProperty(DUPLICATE, eventId != null && acceptedEvents.containsKey(eventId));
        String key = payload.path(keyField).asText(null);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(KafkaConstants.KEY, key != null ? key : eventId);
        exchange.getMessage().setHeader("emarsysEvent", event);
        exchange.getMessage().setBody(new String(body, StandardCharsets.UTF_8));
    }

    /** The durable write failed: 503, so that Emarsys retries; the event id is not remembered. */
    public void unavailable(Exchange exchange) {
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        refuse(exchange, 503, "Service Unavailable", "The payload could not be stored durably; retry later");
    }

    /** After the durable write: remember the event id, answer 202. */
    public void accepted(Exchange exchange) {
        String eventId = exchange.getProperty(EVENT_ID, String.class);
        if (eventId != null) {
            acceptedEvents.put(eventId, Boolean.TRUE);
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", Boolean.TRUE.equals(exchange.getProperty(DUPLICATE)) ? "duplicate" : "accepted");
        reply.put("eventId", eventId);
        respond(exchange, 202, reply, "application/json");
    }

    private String authenticate(Exchange exchange, String authMode, String jwtSecret, String bearerToken) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "Send Authorization: Bearer <token>";
        }
        String token = authorization.substring(7).trim();
        if ("bearer".equalsIgnoreCase(authMode)) {
            if (bearerToken == null || bearerToken.isEmpty()) {
                return "The webhook has no token configured (emarsys.webhook.bearer-token)";
            }
            boolean same = MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    bearerToken.getBytes(StandardCharsets.UTF_8));
            return same ? null : "The bearer token does not match";
        }
        return verifyJwt(exchange, token, jwtSecret);
    }

    private String verifyJwt(Exchange exchange, String token, String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            return "The webhook's JWT secret is missing or shorter than 32 bytes (HS256 needs 256 bits)";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                return "The JWT must be signed with HS256";
            }
            if (!jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))) {
                return "The JWT signature does not match the shared secret";
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = Instant.now();
            Date exp = claims.getExpirationTime();
            Date iat = claims.getIssueTime();
            if (exp == null || !now.isBefore(exp.toInstant().plus(CLOCK_SKEW))) {
                return exp == null ? "The JWT has no exp" : "The JWT expired at " + exp.toInstant();
            }
            if (iat == null || iat.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
                return iat == null ? "The JWT has no iat" : "The JWT was issued in the future";
            }
            String jti = claims.getJWTID();
            if (jti == null || jti.isBlank()) {
                return "The JWT has no jti; every token must be unique";
            }
            if (usedTokenIds.putIfAbsent(jti, exp.toInstant().plus(CLOCK_SKEW)) != null) {
                return "The JWT was already used (replayed jti)";
            }
            if (usedTokenIds.size() > REMEMBERED_IDS) {
                usedTokenIds.values().removeIf(until -> until.isBefore(now));
            }
            exchange.setProperty("CamelEmarsysWebhookJti", jti);
            return null;
        } catch (ParseException e) {
            return "The bearer token is not a JWT";
        } catch (JOSEException e) {
            return "The JWT cannot be verified: " + e.getMessage();
        }
    }

    private static void refuse(Exchange exchange, int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        exchange.setProperty(REFUSED, Boolean.TRUE);
        respond(exchange, status, problem, "application/problem+json");
    }

    private static void respond(Exchange exchange, int status, Map<String, Object> body, String contentType) {
        exchange.getMessage().removeHeaders("*", "WWW-Authenticate");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        try {
            exchange.getMessage().setBody(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
