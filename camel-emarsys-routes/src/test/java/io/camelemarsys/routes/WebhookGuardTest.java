package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WebhookGuard's checks and keys without an HTTP server: what it refuses, and the keys and topic it gives. */
class WebhookGuardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX = 200;

    private final CamelContext context = new DefaultCamelContext();
    private final WebhookGuard guard = new WebhookGuard();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private Exchange request(String contentType, String body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setHeader("Authorization", "Bearer abc");
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }

    private void inspect(Exchange exchange) {
        guard.inspect(exchange, MAX, "event", "eventId", "email", "contact.created=emarsys.created", "emarsys.webhooks");
    }

    private WebhookRefusal refused(Exchange exchange) {
        return assertThrows(WebhookRefusal.class, () -> inspect(exchange));
    }

    @Test
    void anAcceptedPayloadGetsItsTopicKeysAndNoRequestHeaders() {
        Exchange exchange = request("application/json; charset=UTF-8",
                "{\"eventId\":\"e-1\",\"event\":\"contact.created\",\"email\":\"ann@x\"}");
        exchange.setProperty(WebhookAuthentication.JTI, "j-1");
        inspect(exchange);

        assertEquals("event-id:e-1", exchange.getProperty(WebhookGuard.EVENT_KEY));
        assertEquals("token-jti:j-1", exchange.getProperty(WebhookGuard.TOKEN_KEY));
        assertEquals("emarsys.created", exchange.getProperty(WebhookGuard.TOPIC), "the event's own topic");
        assertEquals(2 * MAX + WebhookGuard.KAFKA_HEADROOM, exchange.getProperty(WebhookGuard.MAX_REQUEST_SIZE));
        assertEquals("ann@x", exchange.getMessage().getHeader(KafkaConstants.KEY));
        assertNull(exchange.getMessage().getHeader("Authorization"), "no request header reaches Kafka");
        assertEquals("{\"eventId\":\"e-1\",\"event\":\"contact.created\",\"email\":\"ann@x\"}",
                exchange.getMessage().getBody(String.class));
    }

    @Test
    void anUnmappedEventGoesToTheDefaultTopicKeyedByItsEventId() {
        Exchange exchange = request("application/json", "{\"eventId\":42,\"event\":\"other\"}");
        inspect(exchange);
        assertEquals("emarsys.webhooks", exchange.getProperty(WebhookGuard.TOPIC));
        assertEquals("event-id:42", exchange.getProperty(WebhookGuard.EVENT_KEY), "an integer id is an id");
        assertEquals("42", exchange.getMessage().getHeader(KafkaConstants.KEY), "no key field: the event id");
        assertEquals("token-none:event-id:42", exchange.getProperty(WebhookGuard.TOKEN_KEY));
    }

    @Test
    void withoutAnEventIdTheKeyIsTheTokensJtiElseTheHashOfThePayload() {
        Exchange withJti = request("application/json", "{\"event\":\"x\"}");
        withJti.setProperty(WebhookAuthentication.JTI, "j-9");
        inspect(withJti);
        assertEquals("event-jti:j-9", withJti.getProperty(WebhookGuard.EVENT_KEY));

        Exchange first = request("application/json", "{\"a\":1,\"b\":{\"c\":2,\"d\":3}}");
        Exchange reordered = request("application/json", "{\"b\":{\"d\":3,\"c\":2},\"a\":1}");
        Exchange other = request("application/json", "{\"a\":2,\"b\":{\"c\":2,\"d\":3}}");
        inspect(first);
        inspect(reordered);
        inspect(other);
        String key = first.getProperty(WebhookGuard.EVENT_KEY, String.class);
        assertTrue(key.startsWith("event-payload:"), key);
        assertEquals(key, reordered.getProperty(WebhookGuard.EVENT_KEY), "the same event re-sent in another key order");
        assertNotEquals(key, other.getProperty(WebhookGuard.EVENT_KEY));
    }

    @Test
    void withOnlyTheEventIdAsSourceAnEventWithoutIdIsKeyedUniquely() {
        guard.setIdempotencyKeys("eventId");
        Exchange exchange = request("application/json", "{\"event\":\"x\"}");
        exchange.setProperty(WebhookAuthentication.JTI, "j-1");
        inspect(exchange);
        assertEquals("event-unique:" + exchange.getExchangeId(), exchange.getProperty(WebhookGuard.EVENT_KEY));
    }

    @Test
    void anUnknownIdempotencyKeySourceIsRefusedWhenTheGuardIsConfigured() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> guard.setIdempotencyKeys("eventId,jwt"));
        assertTrue(e.getMessage().contains("not 'jwt'"), e.getMessage());
    }

    @Test
    void theChecksRefuseWithTheirStatus() {
        Exchange tooLong = request("application/json", "{}");
        tooLong.getMessage().setHeader("Content-Length", MAX + 1);
        assertEquals(413, refused(tooLong).status());
        assertEquals(413, refused(request("application/json", "{\"x\":\"" + "y".repeat((int) MAX) + "\"}")).status(),
                "a body larger than declared");

        WebhookRefusal text = refused(request("text/plain", "{}"));
        assertEquals(415, text.status());
        assertTrue(text.getMessage().contains("not text/plain"), text.getMessage());
        assertEquals(415, refused(request("application/json-patch+json", "{}")).status());

        assertTrue(refused(request("application/json", "{nope")).getMessage().startsWith("The body is not valid JSON"));
        assertEquals("The body must be a JSON object, as the Webhook node sends",
                refused(request("application/json", "[{}]")).getMessage());
        assertEquals(400, refused(request("application/json", "")).status());
    }

    @Test
    void anEventIdThatIsNotAnIdIsRefusedNamingTheField() {
        WebhookRefusal object = refused(request("application/json", "{\"eventId\":{\"x\":1}}"));
        assertEquals(400, object.status());
        assertTrue(object.getMessage().startsWith("The field eventId must be a non-empty string or an integer, not object"),
                object.getMessage());
        assertTrue(refused(request("application/json", "{\"eventId\":\" \"}")).getMessage().contains("not \" \""));
        assertTrue(refused(request("application/json", "{\"eventId\":1.5}")).getMessage().contains("not number"));
    }

    @Test
    void aContentTypeGivenAsQueryParameterIsRefused() {
        Exchange exchange = request("application/json", "{}");
        exchange.getMessage().setHeader(Exchange.HTTP_RAW_QUERY, "a=1&Content-Type=application%2Fjson");
        WebhookRefusal refusal = refused(exchange);
        assertEquals(400, refusal.status());
        assertTrue(refusal.getMessage().contains("content-type"), refusal.getMessage());
    }

    @Test
    void theAnswersAreProblemJsonOr202() throws Exception {
        Exchange refusedToken = new DefaultExchange(context);
        refusedToken.setProperty(Exchange.EXCEPTION_CAUGHT, new WebhookRefusal(401, "Unauthorized", "expired"));
        guard.refused(refusedToken);
        assertEquals(401, refusedToken.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals("application/problem+json", refusedToken.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertEquals("Bearer realm=\"emarsys-webhook\"", refusedToken.getMessage().getHeader("WWW-Authenticate"));
        JsonNode problem = JSON.readTree(refusedToken.getMessage().getBody(String.class));
        assertEquals(401, problem.path("status").asInt());
        assertEquals("expired", problem.path("detail").asText());

        Exchange duplicate = new DefaultExchange(context);
        duplicate.setProperty(WebhookGuard.EVENT_KEY, "event-id:e-7");
        duplicate.setProperty(ExchangePropertyKey.DUPLICATE_MESSAGE, true);
        guard.accepted(duplicate);
        assertEquals(202, duplicate.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        assertEquals(JSON.readTree("{\"status\":\"duplicate\",\"eventId\":\"e-7\"}"),
                JSON.readTree(duplicate.getMessage().getBody(String.class)));

        Exchange replay = new DefaultExchange(context);
        replay.setProperty(ExchangePropertyKey.DUPLICATE_MESSAGE, true);
        assertEquals(401, assertThrows(WebhookRefusal.class, () -> guard.refuseReplayedToken(replay)).status());
    }
}
