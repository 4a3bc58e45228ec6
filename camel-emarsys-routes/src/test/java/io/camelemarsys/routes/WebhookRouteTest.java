package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The emarsys-webhook template: every refusal, the durable write, routing by event, idempotency. */
class WebhookRouteTest extends KafkaRouteTestSupport {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!!";
    private static final String TOKEN = "static-webhook-token";
    private static final int PORT = freePort();

    @Override
    String routes() {
        return "classpath:templates/emarsys-webhook.yaml,classpath:test-routes/webhook.yaml";
    }

    @Override
    void configure(org.apache.camel.main.Main main) {
        serveHttpOn(main, PORT);
        main.addOverrideProperty("test.jwt-secret", SECRET);
        main.addOverrideProperty("test.bearer-token", TOKEN);
    }

    private static String jwt(String secret, Instant issued, Instant expires, String jti) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issueTime(Date.from(issued)).expirationTime(Date.from(expires));
        if (jti != null) {
            claims.jwtID(jti);
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return token.serialize();
    }

    private static String freshJwt() throws Exception {
        return jwt(SECRET, Instant.now(), Instant.now().plusSeconds(300), UUID.randomUUID().toString());
    }

    private HttpResponse<String> post(String path, String authorization, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("detail").asText().contains(detail), response.body());
    }

    @Test
    void aValidPayloadIsWrittenDurablyThenAnswered202AndRoutedByEventName() throws Exception {
        String payload = "{\"event_id\":\"e-1\",\"scenario\":\"shipping_update\",\"email_address\":\"ann@example.com\","
                + "\"event_data\":{\"order_id\":991}}";
        HttpResponse<String> response = post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json", payload);
        assertEquals(202, response.statusCode(), response.body());
        assertEquals("accepted", JSON.readTree(response.body()).path("status").asText());
        List<ConsumerRecord<String, String>> written = records("test.webhooks.shipping");
        assertEquals(1, written.size(), "the payload is on the event's topic once the 202 is sent");
        assertEquals(payload, written.get(0).value());
        assertEquals("ann@example.com", written.get(0).key());

        HttpResponse<String> again = post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json", payload);
        assertEquals(202, again.statusCode());
        assertEquals("duplicate", JSON.readTree(again.body()).path("status").asText());
        assertEquals(1, records("test.webhooks.shipping").size(), "idempotent by event id: written once");
    }

    @Test
    void everyAuthenticationFailureIs401() throws Exception {
        String body = "{\"event_id\":\"e-2\",\"scenario\":\"x\"}";
        assertProblem(post("/webhooks/emarsys", null, "application/json", body), 401, "Bearer");
        assertProblem(post("/webhooks/emarsys", "Bearer not-a-jwt", "application/json", body), 401, "not a JWT");
        assertProblem(post("/webhooks/emarsys", "Bearer " + jwt("another-secret-that-is-also-32-bytes-long",
                Instant.now(), Instant.now().plusSeconds(60), "j-1"), "application/json", body), 401, "signature");
        assertProblem(post("/webhooks/emarsys", "Bearer " + jwt(SECRET, Instant.now().minusSeconds(600),
                Instant.now().minusSeconds(300), "j-2"), "application/json", body), 401, "expired");
        assertProblem(post("/webhooks/emarsys", "Bearer " + jwt(SECRET, Instant.now().plusSeconds(600),
                Instant.now().plusSeconds(900), "j-3"), "application/json", body), 401, "future");
        assertProblem(post("/webhooks/emarsys", "Bearer " + jwt(SECRET, Instant.now(), Instant.now().plusSeconds(60),
                null), "application/json", body), 401, "jti");
        String once = jwt(SECRET, Instant.now(), Instant.now().plusSeconds(60), "j-4");
        assertEquals(202, post("/webhooks/emarsys", "Bearer " + once, "application/json", body).statusCode());
        assertProblem(post("/webhooks/emarsys", "Bearer " + once, "application/json", body), 401, "replayed");
        HttpResponse<String> refused = post("/webhooks/bearer", "Bearer wrong", "application/json", body);
        assertProblem(refused, 401, "does not match");
        assertTrue(refused.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals(202, post("/webhooks/bearer", "Bearer " + TOKEN, "application/json",
                "{\"event_id\":\"e-3\"}").statusCode());
    }

    @Test
    void sizeContentTypeAndJsonAreChecked() throws Exception {
        assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json",
                "{\"event_id\":\"big\",\"x\":\"" + "y".repeat(3000) + "\"}"), 413, "2048");
        assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "text/plain", "{}"), 415, "application/json");
        assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json", "{\"broken\":"), 400,
                "not valid JSON");
        assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json", "[1,2]"), 400, "object");
    }
}
