package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.net.URLEncoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The emarsys-webhook template: every refusal, the durable write, routing by event, idempotency. */
class WebhookRouteTest extends KafkaRouteTestSupport {

    private static final String SECRET = "a-shared-secret-of-at-least-32-bytes!!";
    private static final String TOKEN = "static-webhook-token";
    private static final int PORT = freePort();
    private static final int SERVER_MAX_BODY = 4 * 1024 * 1024;

    @Override
    String routes() {
        return "classpath:templates/emarsys-webhook.yaml,classpath:test-routes/webhook.yaml";
    }

    @Override
    void configure(org.apache.camel.main.Main main) {
        serveHttpOn(main, PORT);
        main.addOverrideProperty("test.jwt-secret", SECRET);
        main.addOverrideProperty("test.bearer-token", TOKEN);
        main.addOverrideProperty("camel.server.max-body-size", Integer.toString(SERVER_MAX_BODY));
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
    void theJwtSecretIsInNoRouteText() {
        java.util.List<String> texts = RouteTexts.of(main.getCamelContext());
        assertTrue(texts.stream().anyMatch(t -> t.contains("authenticate")), "the check is among the steps: " + texts);
        for (String text : texts) {
            assertFalse(text.contains(SECRET), "the secret is in a route step: " + text);
        }
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
        assertProblem(post("/webhooks/emarsys", "Bearer " + once, "application/json",
                "{\"event_id\":\"e-2b\",\"scenario\":\"x\"}"), 401, "replayed");
        assertEquals("duplicate", JSON.readTree(post("/webhooks/emarsys", "Bearer " + once, "application/json", body)
                .body()).path("status").asText(), "the same token re-sent with its own event is a retry, not a replay");
        HttpResponse<String> refused = post("/webhooks/bearer", "Bearer wrong", "application/json", body);
        assertProblem(refused, 401, "does not match");
        assertTrue(refused.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals(202, post("/webhooks/bearer", "Bearer " + TOKEN, "application/json",
                "{\"event_id\":\"e-3\"}").statusCode());
    }

    @Test
    void aTokenLivingLongerThanTheMaximumIsRefused() throws Exception {
        String body = "{\"event_id\":\"e-long\",\"scenario\":\"x\"}";
        String tooLong = jwt(SECRET, Instant.now(), Instant.now().plusSeconds(3 * 3600), UUID.randomUUID().toString());
        assertProblem(post("/webhooks/emarsys", "Bearer " + tooLong, "application/json", body), 401, "maxTokenLifetime");
        assertProblem(post("/webhooks/vendor", "Bearer " + tooLong, "application/json", body), 401, "maxTokenLifetime");
        String anHour = jwt(SECRET, Instant.now(), Instant.now().plusSeconds(3600), UUID.randomUUID().toString());
        assertEquals(202, post("/webhooks/emarsys", "Bearer " + anHour, "application/json", body).statusCode());
    }

    @Test
    void credentialsAndHeadersInTheQueryAreRefused() throws Exception {
        String body = "{\"event_id\":\"e-query\",\"scenario\":\"x\"}";
        String token = URLEncoder.encode("Bearer " + freshJwt(), StandardCharsets.UTF_8);
        assertProblem(post("/webhooks/emarsys?Authorization=" + token, null, "application/json", body), 401, "header");
        assertProblem(post("/webhooks/bearer?authorization=" + URLEncoder.encode("Bearer " + TOKEN, StandardCharsets.UTF_8),
                null, "application/json", body), 401, "header");
        assertProblem(post("/webhooks/emarsys?Content-Type=application/json", "Bearer " + freshJwt(), "text/plain", body),
                400, "content-type");
        assertTrue(records("test.webhooks").stream().noneMatch(r -> r.value().contains("e-query")));
    }

    @Test
    void sizeContentTypeAndJsonAreChecked() throws Exception {
        assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json",
                "{\"event_id\":\"big\",\"x\":\"" + "y".repeat(3000) + "\"}"), 413, "2048");
        assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "text/plain", "{}"), 415, "application/json");
        assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/jsonfoo", "{}"), 415, "application/json");
        assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json", "{\"broken\":"), 400,
                "not valid JSON");
        assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json", "[1,2]"), 400, "object");
        assertEquals(202, post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json; charset=UTF-8",
                "{\"event_id\":\"charset\"}").statusCode(), "media type parameters are allowed");
    }

    @Test
    void aMalformedEventIdIsRefusedNotTakenForADuplicate() throws Exception {
        for (String id : List.of("{}", "{\"a\":1}", "[]", "[1]", "\"\"", "\"  \"", "true", "1.5")) {
            assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json",
                    "{\"event_id\":" + id + ",\"scenario\":\"malformed\"}"), 400, "event_id");
        }
        assertEquals("accepted", JSON.readTree(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json",
                "{\"event_id\":42,\"scenario\":\"malformed\"}").body()).path("status").asText());
    }

    @Test
    void aRefusedRequestDoesNotSpendItsJti() throws Exception {
        String token = "Bearer " + freshJwt();
        String body = "{\"event_id\":\"e-retry\",\"scenario\":\"x\"}";
        assertProblem(post("/webhooks/emarsys", token, "application/json", "{\"event_id\":"), 400, "not valid JSON");
        assertProblem(post("/webhooks/emarsys", token, "text/plain", body), 415, "application/json");
        assertProblem(post("/webhooks/emarsys", token, "application/json",
                "{\"event_id\":\"e-retry\",\"x\":\"" + "y".repeat(3000) + "\"}"), 413, "2048");
        HttpResponse<String> retried = post("/webhooks/emarsys", token, "application/json", body);
        assertEquals(202, retried.statusCode(), retried.body());
        assertEquals("accepted", JSON.readTree(retried.body()).path("status").asText());
    }

    @Test
    void a503IsLoggedWithItsCauseAndTheRetryWithTheSameJtiIsWritten() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("test.webhooks.tiny", 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "64")))).all().get();
            String token = "Bearer " + freshJwt();
            String body = "{\"event_id\":\"e-tiny\",\"scenario\":\"tiny\",\"email_address\":\"tim@example.com\"}";
            try (LogCapture log = new LogCapture()) {
                assertProblem(post("/webhooks/emarsys", token, "application/json", body), 503, "retry later");
                assertTrue(log.lines().stream().anyMatch(line -> line.startsWith("WARN") && line.contains("503")
                        && line.contains("RecordTooLarge") && line.contains("test.webhooks.tiny")), log.lines().toString());
            }
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "test.webhooks.tiny"),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048576"), AlterConfigOp.OpType.SET))))
                    .all().get();
            HttpResponse<String> retried = post("/webhooks/emarsys", token, "application/json", body);
            assertEquals(202, retried.statusCode(), retried.body());
            assertEquals("accepted", JSON.readTree(retried.body()).path("status").asText());
            assertEquals(1, records("test.webhooks.tiny").size());
        }
    }

    @Test
    void concurrentRequestsWithOneEventIdWriteOneRecord() throws Exception {
        String body = "{\"event_id\":\"e-race\",\"scenario\":\"race\",\"email_address\":\"rae@example.com\"}";
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        // HTTP/1.1: one connection per request, so that all 150 are in flight at once
        java.net.http.HttpClient concurrent = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 150; i++) {
            responses.add(concurrent.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/webhooks/emarsys"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + freshJwt())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int accepted = 0;
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> answer = response.get();
            assertEquals(202, answer.statusCode(), answer.body());
            accepted += "accepted".equals(JSON.readTree(answer.body()).path("status").asText()) ? 1 : 0;
        }
        assertEquals(1, accepted, "one request writes, the others are answered duplicate");
        assertEquals(1, records("test.webhooks").stream().filter(r -> r.value().contains("e-race")).count());
    }

    @Test
    void aBodyUnderMaxBytesFitsTheKafkaRequest() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("test.webhooks.large", 1, (short) 1)
                    .configs(Map.of("max.message.bytes", Integer.toString(8 * 1024 * 1024))))).all().get();
        }
        String body = "{\"event_id\":\"e-large\",\"scenario\":\"large\",\"x\":\"" + "y".repeat(1_300_000) + "\"}";
        HttpResponse<String> response = post("/webhooks/vendor", "Bearer " + freshJwt(), "application/json", body);
        assertEquals(202, response.statusCode(), response.body());
        assertEquals(1, records("test.webhooks.large").size());
    }

    @Test
    void a413IsProblemJsonAndLogsNoError() throws Exception {
        try (LogCapture log = new LogCapture()) {
            assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json",
                    "{\"x\":\"" + "y".repeat(3000) + "\"}"), 413, "maxBytes");
            assertProblem(post("/webhooks/emarsys", "Bearer " + freshJwt(), "application/json",
                    "{\"x\":\"" + "y".repeat(SERVER_MAX_BODY + 10) + "\"}"), 413, "");
            assertTrue(log.lines().stream().noneMatch(line -> line.startsWith("ERROR")), log.lines().toString());
        }
    }

    /** The simulator plays the Webhook node: a vendor-shaped body, a JWT signed by SECRET without the claims named. */
    private JsonNode node(String path, String email, String omit, String token) throws Exception {
        return control("POST", "/webhook-node", "{\"url\":\"http://127.0.0.1:" + PORT + path + "\",\"secret\":\""
                + SECRET + "\",\"omit\":" + omit + ",\"email_address\":\"" + email + "\",\"event_time\":"
                + "\"2026-11-29T10:00:00Z\",\"scenario\":\"shipping_update\",\"event_data\":{\"order_id\":4534322}"
                + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}");
    }

    @Test
    void theNodesTokensAreAcceptedOnceAndTheirRetriesDeduplicated() throws Exception {
        for (String omit : List.of("[\"jti\"]", "[\"iat\"]", "[\"jti\",\"iat\"]", "[\"exp\"]", "[\"jti\",\"iat\",\"exp\"]")) {
            String email = "node" + omit.replaceAll("\\W", "") + "@example.com";
            JsonNode first = node("/webhooks/vendor", email, omit, null);
            assertEquals(202, first.path("status").asInt(), omit + " " + first);
            assertEquals("accepted", JSON.readTree(first.path("reply").asText()).path("status").asText(), omit);
            JsonNode sameToken = node("/webhooks/vendor", email, omit, first.path("token").asText());
            assertEquals(202, sameToken.path("status").asInt(), omit + " " + sameToken);
            assertEquals("duplicate", JSON.readTree(sameToken.path("reply").asText()).path("status").asText(), omit);
            if (omit.contains("jti")) {
                // no event id, no jti: the payload is the key, so a retry under a new token is the same event
                JsonNode newToken = node("/webhooks/vendor", email, omit, null);
                assertEquals("duplicate", JSON.readTree(newToken.path("reply").asText()).path("status").asText(), omit);
            }
            assertEquals(1, records("test.webhooks.vendor").stream().filter(r -> email.equals(r.key())).count(), omit);
        }
        JsonNode written = JSON.readTree(records("test.webhooks.vendor").get(0).value());
        assertEquals("shipping_update", written.path("scenario").asText());
        assertEquals(4534322, written.path("event_data").path("order_id").asInt());
    }

    @Test
    void aWebhookThatRequiresAClaimRefusesTheNodesTokenWithoutIt() throws Exception {
        assertEquals(401, node("/webhooks/emarsys", "strict1@example.com", "[\"jti\"]", null).path("status").asInt());
        JsonNode noIat = node("/webhooks/emarsys", "strict2@example.com", "[\"iat\"]", null);
        assertEquals(401, noIat.path("status").asInt());
        assertTrue(noIat.path("reply").asText().contains("requireIat"), noIat.toString());
        JsonNode noExp = node("/webhooks/emarsys", "strict3@example.com", "[\"exp\"]", null);
        assertTrue(noExp.path("reply").asText().contains("requireExp"), noExp.toString());
        assertEquals(202, node("/webhooks/emarsys", "strict4@example.com", "[]", null).path("status").asInt());
    }

    @Test
    void aPresentClaimIsCheckedEvenWhenNotRequired() throws Exception {
        String body = "{\"scenario\":\"x\",\"email_address\":\"present@example.com\"}";
        assertProblem(post("/webhooks/vendor", "Bearer " + jwt(SECRET, Instant.now().minusSeconds(600),
                Instant.now().minusSeconds(300), "p-1"), "application/json", body), 401, "expired");
        assertProblem(post("/webhooks/vendor", "Bearer " + jwt(SECRET, Instant.now().plusSeconds(600),
                Instant.now().plusSeconds(900), "p-2"), "application/json", body), 401, "future");
        JWTClaimsSet oldNoExp = new JWTClaimsSet.Builder().issueTime(Date.from(Instant.now().minusSeconds(7200))).build();
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), oldNoExp);
        token.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        assertProblem(post("/webhooks/vendor", "Bearer " + token.serialize(), "application/json", body), 401,
                "maxTokenLifetime");
    }

    @Test
    void theSimulatorCallsLoopbackWebhooksOnly() throws Exception {
        JsonNode refused = control("POST", "/webhook-node", "{\"url\":\"http://192.0.2.1/webhooks\",\"secret\":\"" + SECRET + "\"}");
        assertTrue(refused.path("error").asText().contains("loopback"), refused.toString());
    }

    @Test
    void anUnknownIdempotencyKeySourceStopsTheStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path routes = dir.resolve("bad-webhook.yaml");
        java.nio.file.Files.writeString(routes, """
                - templatedRoute:
                    routeTemplateRef: emarsys-webhook
                    parameters:
                      - name: jwtSecret
                        value: "a-shared-secret-of-at-least-32-bytes!!"
                      - name: idempotencyKeys
                        value: "eventId,eventTime"
                """);
        org.apache.camel.main.Main bad = new org.apache.camel.main.Main();
        bad.addOverrideProperty("camel.main.routes-include-pattern", "classpath:templates/emarsys-webhook.yaml,file:" + routes);
        serveHttpOn(bad, freePort());
        try {
            Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, bad::start);
            StringBuilder messages = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertTrue(messages.toString().contains("idempotencyKeys") && messages.toString().contains("eventTime"),
                    messages.toString());
        } finally {
            bad.stop();
        }
    }
}
