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
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.camelemarsys.simulator.TriggerAudit;
import io.camelemarsys.simulator.http.Faults;

/**
 * The fault suite with small N (the benchmark harness runs the large one): 10% server errors, 20% dropped replies
 * (processed, then no answer: the client must send again), 429 bursts and 2-second latency spikes while contacts
 * and events stream; afterwards every record is in Emarsys or on the dead-letter topic, and, counted on what was
 * sent (the simulator's journal), no event fired twice and every re-sent trigger reused its id. And a webhook
 * flood of good and bad requests.
 */
class FaultSuiteTest extends KafkaRouteTestSupport {

    private static final int CONTACTS = 300;
    private static final int EVENTS = 100;
    private static final String SECRET = "fault-suite-secret-of-at-least-32-bytes";
    private static final int PORT = freePort();

    @Override
    String routes() {
        return "classpath:templates/*.yaml,classpath:test-routes/faults.yaml";
    }

    @Override
    void configure(org.apache.camel.main.Main main) {
        serveHttpOn(main, PORT);
        main.addOverrideProperty("test.jwt-secret", SECRET);
        // no retry in the client: every fault sends the batch back to Kafka, and a batch read again must carry the
        // same trigger ids (with retries the client re-sends its own payload and a new-id bug would go unseen)
        main.addOverrideProperty("camel.component.emarsys.max-retries", "0");
        main.addOverrideProperty("camel.component.emarsys.retry-initial-delay", "20");
        main.addOverrideProperty("camel.component.emarsys.retry-max-delay", "200");
        main.addOverrideProperty("camel.component.emarsys.request-timeout", "10000");
    }

    private long stat(String name) {
        return ((Number) EMARSYS.simulator().stats().get(name)).longValue();
    }

    @Test
    void underServerErrorsBurstsAndLatencyEveryRecordIsDeliveredOrDeadLetteredAndNoEventFiresTwice() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl() + "/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"fault_event\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        // a 429 makes the client wait for the window's reset: a 2-second window keeps the suite short
        http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl() + "/settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"rateLimitWindowMillis\":2000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        EMARSYS.simulator().journal().clear(); // the audit counts this stream's requests
        EMARSYS.simulator().faults(new Faults(0.10, 0.05, 2000, 0, 5, 0, 3, 0.20));
        try {
            for (int i = 0; i < CONTACTS; i++) {
                // every 30th record has a value Emarsys refuses: it must end on the dead-letter topic
                String birth = i % 30 == 0 ? "31.12.1999" : "1990-01-01";
                send("fault.contacts", "f" + i + "@example.com", "{\"email\":\"f" + i + "@example.com\",\"birth_date\":\"" + birth + "\"}");
            }
            for (int i = 0; i < EVENTS; i++) {
                send("fault.events", "ev" + i + "@example.com", "{\"key\":\"ev" + i + "@example.com\",\"data\":{\"global\":{\"n\":" + i + "}}}");
            }
            await("every contact record delivered or dead-lettered", () -> {
                try {
                    return committed("fault-contacts", "fault.contacts") == CONTACTS
                            && committed("fault-events", "fault.events") == EVENTS;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            EMARSYS.simulator().faults(Faults.NONE);
        }
        assertTrue(stat("serverErrorsInjected") > 0 && stat("rateLimited") > 0 && stat("repliesDropped") > 0,
                EMARSYS.simulator().stats().toString());

        Set<String> deadLettered = new HashSet<>();
        for (JsonNode letter : deadLetters()) {
            if ("fault.contacts".equals(letter.path("source").path("topic").asText())) {
                deadLettered.add(JSON.readTree(letter.path("record").asText()).path("email").asText());
            }
        }
        int stored = 0;
        for (int i = 0; i < CONTACTS; i++) {
            String email = "f" + i + "@example.com";
            boolean inEmarsys = stored(email).size() == 1;
            assertTrue(inEmarsys ^ deadLettered.contains(email), email + " must be in Emarsys or dead-lettered, once");
            if (inEmarsys) {
                stored++;
            }
        }
        assertEquals(CONTACTS / 30, deadLettered.size(), "exactly the refused records are dead letters");
        assertEquals(CONTACTS, stored + deadLettered.size(), "the counts add up");

        // what was sent, not only what the simulator kept after dropping repeated trigger ids
        TriggerAudit audit = TriggerAudit.of(EMARSYS.simulator());
        assertEquals(EVENTS, audit.fired(), "every event triggered: " + audit);
        assertEquals(0, audit.firedTwice(), "no event fired twice: " + audit);
        assertEquals(EVENTS, audit.sent(), "one trigger id per record, however often it was sent: " + audit);
        assertEquals(0, audit.sentNotFired(), "every re-sent trigger reused its id: " + audit);
    }

    @Test
    void aBrokerRestartInTheMiddleOfTheStreamLosesNothing() throws Exception {
        for (int i = 0; i < 200; i++) {
            send("fault.restart", "restart" + i + "@example.com", "{\"email\":\"restart" + i + "@example.com\"}");
        }
        await("the first contacts", () -> storedWith("restart0@example.com", "3", "restart0@example.com"));
        KAFKA.restart();
        for (int i = 200; i < 400; i++) {
            send("fault.restart", "restart" + i + "@example.com", "{\"email\":\"restart" + i + "@example.com\"}");
        }
        await("every contact after the restart", () -> {
            for (int i = 0; i < 400; i++) {
                if (!storedWith("restart" + i + "@example.com", "3", "restart" + i + "@example.com")) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void aWebhookFloodRefusesEveryBadRequestAndDeliversEveryGoodOne() throws Exception {
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT
                + "/webhooks/emarsys")).header("Authorization", "Bearer " + REPLAYED).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event_id\":\"before-the-flood\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, first.statusCode(), "the token's first use is good; every later use is a replay");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<int[]>> results = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                int kind = n % 6;
                String body = "{\"event_id\":\"flood-" + n + "\",\"scenario\":\"x\"}";
                String auth = "Bearer " + jwt(SECRET, "jti-" + n);
                String type = "application/json";
                int expected = 202;
                switch (kind) {
                    case 1 -> { auth = "Bearer " + jwt("a-wrong-secret-that-is-also-32-bytes-long", "w-" + n); expected = 401; }
                    case 2 -> { auth = "Bearer " + REPLAYED; expected = 401; }
                    case 3 -> { body = "{\"event_id\":\"big-" + n + "\",\"x\":\"" + "y".repeat(5000) + "\"}"; expected = 413; }
                    case 4 -> { body = "{\"event_id\":"; expected = 400; }
                    case 5 -> { type = "text/plain"; expected = 415; }
                    default -> { }
                }
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT
                        + "/webhooks/emarsys")).header("Authorization", auth).header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                return new int[] {expected, response.statusCode()};
            }));
        }
        for (Future<int[]> result : results) {
            int[] r = result.get();
            assertEquals(r[0], r[1], "every request gets its status");
        }
        pool.shutdown();
        List<JsonNode> delivered = json("fault.webhooks");
        Set<String> ids = new HashSet<>();
        delivered.forEach(p -> ids.add(p.path("event_id").asText()));
        ids.remove("before-the-flood");
        assertEquals(21, delivered.size(), "every good one delivered, once");
        assertEquals(20, ids.size());
        assertTrue(ids.stream().allMatch(id -> id.startsWith("flood-")), ids.toString());
    }

    /** One token used once before the flood, so that every later use is a replay. */
    private static final String REPLAYED = replayed();

    private static String replayed() {
        return jwt(SECRET, "replayed-" + UUID.randomUUID());
    }

    private static String jwt(String secret, String jti) {
        try {
            SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                    .issueTime(Date.from(Instant.now())).expirationTime(Date.from(Instant.now().plusSeconds(300)))
                    .jwtID(jti).build());
            token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return token.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
