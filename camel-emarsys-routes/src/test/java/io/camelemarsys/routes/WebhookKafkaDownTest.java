package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

/** The webhook with Kafka unreachable: a 503 within the configured delivery timeout, its cause logged. */
class WebhookKafkaDownTest extends KafkaRouteTestSupport {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!!";
    private static final int PORT = freePort();

    @Override
    String routes() {
        return "classpath:templates/emarsys-webhook.yaml,classpath:test-routes/webhook-kafka-down.yaml";
    }

    @Override
    void configure(org.apache.camel.main.Main main) {
        serveHttpOn(main, PORT);
        main.addOverrideProperty("test.jwt-secret", SECRET);
        // nothing listens there: the broker is unreachable
        main.addOverrideProperty("camel.component.kafka.brokers", "127.0.0.1:" + freePort());
    }

    @Test
    void aPostAnswers503WithinTheDeliveryTimeoutNotAfterAMinute() throws Exception {
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issueTime(Date.from(Instant.now())).expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).build());
        token.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        try (LogCapture log = new LogCapture()) {
            // deliveryTimeoutMs is 2 s here; Kafka's own default would keep the request for 60 s (max.block.ms)
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT
                            + "/webhooks/emarsys")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token.serialize()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event_id\":\"e-down\",\"scenario\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("503")
                    && line.contains("test.webhooks.down")), log.lines().toString());
        }
    }
}
