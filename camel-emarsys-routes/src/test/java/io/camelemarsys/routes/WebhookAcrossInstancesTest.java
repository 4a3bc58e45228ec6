package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the webhook (two Camel apps on their own ports) on one store: a token is spent once across both
 * (a replay on the other instance is 401), and an event id is written once across both.
 */
class WebhookAcrossInstancesTest extends KafkaRouteTestSupport {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!!";
    private static final int PORT = freePort();
    private static final int OTHER_PORT = freePort();
    private Main other;

    @Override
    String routes() {
        return "classpath:templates/emarsys-webhook.yaml,classpath:test-routes/webhook-instances.yaml";
    }

    @Override
    void configure(Main main) {
        serveHttpOn(main, PORT);
        main.addOverrideProperty("test.jwt-secret", SECRET);
    }

    @BeforeAll
    void startTheOtherInstance() throws Exception {
        other = new Main();
        other.addOverrideProperty("camel.main.name", "second-webhook-instance");
        other.addOverrideProperty("camel.main.routes-include-pattern", routes());
        other.addOverrideProperty("camel.component.kafka.brokers", KAFKA.bootstrapServers());
        other.addOverrideProperty("test.jwt-secret", SECRET);
        other.addOverrideProperty("emarsys.store.jdbc-url", main.getOverrideProperties().getProperty("emarsys.store.jdbc-url"));
        serveHttpOn(other, OTHER_PORT);
        other.start();
    }

    @AfterAll
    void stopTheOtherInstance() {
        other.stop();
    }

    private static String jwt(String jti) throws Exception {
        return jwt(jti, Instant.now().plusSeconds(300));
    }

    private static String jwt(String jti, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issueTime(new Date()).jwtID(jti)
                .expirationTime(Date.from(expires)).build();
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        token.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return token.serialize();
    }

    private HttpResponse<String> post(int port, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/emarsys"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneTokenSentToTwoInstancesIsAcceptedOnceAndRefusedAsAReplayOnTheOther() throws Exception {
        String jti = UUID.randomUUID().toString();
        Instant expires = Instant.ofEpochSecond(Instant.now().plusSeconds(300).getEpochSecond());
        String token = jwt(jti, expires);
        HttpResponse<String> first = post(PORT, token, "{\"event_id\":\"replay-1\",\"email_address\":\"ann@example.com\"}");
        assertEquals(202, first.statusCode(), first.body());
        HttpResponse<String> replay = post(OTHER_PORT, token,
                "{\"event_id\":\"replay-2\",\"email_address\":\"ann@example.com\"}");
        assertEquals(401, replay.statusCode(), "the same token on the other instance is a replay: " + replay.body());
        assertEquals(expires.plusSeconds(60).toEpochMilli(), expiresAt("token-jti:" + jti),
                "the jti is kept until the token is refused anyway (exp plus the 60 s clock skew)");
        long eventKeptFor = expiresAt("event-id:replay-1") - System.currentTimeMillis();
        assertTrue(eventKeptFor > Duration.ofDays(6).toMillis() && eventKeptFor <= Duration.ofDays(7).toMillis(),
                "the event id is kept for the retention (P7D): " + eventKeptFor + " ms");
    }

    /** When the store forgets a key of the webhook (its repository is named by the path). */
    private long expiresAt(String key) throws Exception {
        try (Connection c = DriverManager.getConnection(main.getOverrideProperties().getProperty("emarsys.store.jdbc-url"));
             PreparedStatement query = c.prepareStatement("SELECT expires_at FROM emarsys_idempotency "
                     + "WHERE repository = '/webhooks/emarsys' AND message_key = ?")) {
            query.setString(1, key);
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "no key " + key + " in the store");
                return rs.getLong(1);
            }
        }
    }

    @Test
    void oneEventSentWithTwoTokensToTwoInstancesIsWrittenOnce() throws Exception {
        String event = "{\"event_id\":\"same-event-7\",\"email_address\":\"bob@example.com\"}";
        HttpResponse<String> first = post(PORT, jwt(UUID.randomUUID().toString()), event);
        HttpResponse<String> second = post(OTHER_PORT, jwt(UUID.randomUUID().toString()), event);
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, second.statusCode(), second.body());
        assertEquals("duplicate", JSON.readTree(second.body()).path("status").asText(), second.body());
        await("the event on the topic", () -> written("same-event-7") >= 1);
        assertEquals(1, written("same-event-7"), "one record on the topic");
    }

    private long written(String eventId) {
        return records("test.webhooks.instances").stream().filter(r -> r.value().contains(eventId)).count();
    }
}
