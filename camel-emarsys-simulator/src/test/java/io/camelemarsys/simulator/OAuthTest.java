package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.http.Faults;

/**
 * OAuth 2.0 client credentials (emarsys-api.md section 5): {@code POST /oauth2/token} with HTTP Basic client
 * credentials and a form body, then {@code Authorization: Bearer} on {@code /api/v3}. Every call is a real HTTP request.
 */
class OAuthTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    private String clientId() {
        return EMARSYS.simulator().config().clientId();
    }

    private String clientSecret() {
        return EMARSYS.simulator().config().clientSecret();
    }

    @AfterEach
    void clearFaults() {
        EMARSYS.simulator().faults(Faults.NONE);
    }

    // ---------------------------------------------------------------- token endpoint

    @Test
    void clientCredentialsGrantReturnsABearerToken() {
        ApiClient.Reply reply = client().tokenRequest(clientId(), clientSecret(), "grant_type=client_credentials");
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.header("Content-Type").startsWith("application/json"), reply.header("Content-Type"));
        assertEquals("no-store", reply.header("Cache-Control"));
        JsonNode token = reply.json();
        assertTrue(token.path("access_token").isTextual() && !token.path("access_token").asText().isBlank(),
                reply.body());
        assertEquals("Bearer", token.path("token_type").asText());
        assertTrue(token.path("expires_in").isIntegralNumber(), reply.body());
        assertEquals(3600, token.path("expires_in").asLong());
        assertFalse(token.has("replyCode"), "the token endpoint answers plain OAuth JSON, not the Emarsys envelope");

        String second = client().token();
        assertNotEquals(token.path("access_token").asText(), second, "every grant issues a new token");
    }

    @Test
    void tokenWorksOnApiV3() {
        ApiClient.Reply seeded = client().control("POST", "/contacts",
                List.of(Map.of("1", "Ada", "2", "Lovelace", "3", "ada.oauth@example.com", "31", 1)));
        assertEquals(200, seeded.status(), seeded.body());
        String token = client().token();

        ApiClient.Reply settings = client().v3("GET", "/settings", null, token);
        assertEquals(200, settings.status(), settings.body());
        assertEquals(0, settings.replyCode());
        assertEquals("OK", settings.replyText());

        ApiClient.Reply data = client().v3("POST", "/contact/getdata",
                Map.of("keyId", "3", "keyValues", List.of("ada.oauth@example.com"), "fields", List.of(1, 2, 3, 31)),
                token);
        assertEquals(200, data.status(), data.body());
        assertEquals(0, data.replyCode());
        JsonNode contact = data.data().path("result").path(0);
        assertEquals("Ada", contact.path("1").asText(), data.body());
        assertEquals("Lovelace", contact.path("2").asText());
        assertEquals("ada.oauth@example.com", contact.path("3").asText());
        assertEquals("1", contact.path("31").asText());
    }

    @Test
    void wrongOrMissingClientCredentialsAre401InvalidClient() {
        ApiClient.Reply wrongSecret = client().tokenRequest(clientId(), "not-the-secret", "grant_type=client_credentials");
        assertTokenError(wrongSecret, 401, "invalid_client");
        assertNotNull(wrongSecret.header("WWW-Authenticate"), "RFC 6749 5.2: a 401 names the Basic scheme");

        assertTokenError(client().tokenRequest("nobody", clientSecret(), "grant_type=client_credentials"), 401,
                "invalid_client");

        ApiClient.Reply noBasic = client().raw(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertTokenError(noBasic, 401, "invalid_client");

    }

    @Test
    void otherGrantTypesAndNonFormBodiesAre400() {
        assertTokenError(client().tokenRequest(clientId(), clientSecret(), "grant_type=password&username=a&password=b"),
                400, "unsupported_grant_type");
        assertTokenError(client().tokenRequest(clientId(), clientSecret(), "scope=all"), 400, "invalid_request");

        ApiClient.Reply json = client().raw(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().tokenUrl()))
                .header("Authorization", basic(clientId(), clientSecret()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));
        assertTokenError(json, 400, "invalid_request");
    }

    @Test
    void getOnTheTokenUrlIs405() {
        ApiClient.Reply reply = client().raw(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().tokenUrl()))
                .header("Authorization", basic(clientId(), clientSecret()))
                .GET());
        assertEquals(405, reply.status(), reply.body());
        String allow = reply.header("Allow");
        assertNotNull(allow, "RFC 9110 15.5.6: a 405 response must carry an Allow header");
        assertTrue(allow.contains("POST"), allow);
    }

    // ---------------------------------------------------------------- bearer checks on the API

    @Test
    void apiV3RefusesMissingOrUnknownTokens() {
        assertUnauthorized(client().v3("GET", "/settings", null, null));
        assertUnauthorized(client().v3("GET", "/settings", null, "garbage"));
        assertUnauthorized(client().v3("GET", "/settings", null,
                "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJkZW1vLWNsaWVudCJ9.AAAA"));
        String token = client().token();
        assertUnauthorized(client().v3("GET", "/settings", null, token + "x"));
        assertEquals(200, client().v3("GET", "/settings", null, token).status());
    }

    @Test
    void schemesDoNotCross() {
        String token = client().token();
        ApiClient.Reply bearerOnV2 = client().raw(HttpRequest.newBuilder(
                        URI.create(EMARSYS.simulator().apiV2Url() + "/settings"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .GET());
        assertUnauthorized(bearerOnV2);

        String wsse = TestWsse.header(EMARSYS.simulator().config().username(), EMARSYS.simulator().config().secret());
        ApiClient.Reply wsseOnV3 = client().raw(HttpRequest.newBuilder(
                        URI.create(EMARSYS.simulator().apiV3Url() + "/settings"))
                .header("Content-Type", "application/json")
                .header("X-WSSE", wsse)
                .GET());
        assertUnauthorized(wsseOnV3);

        ApiClient.Reply basicOnV3 = client().raw(HttpRequest.newBuilder(
                        URI.create(EMARSYS.simulator().apiV3Url() + "/settings"))
                .header("Content-Type", "application/json")
                .header("Authorization", basic(clientId(), clientSecret()))
                .GET());
        assertUnauthorized(basicOnV3);
    }

    // ---------------------------------------------------------------- lifetime

    @Test
    void tokenExpiresWithTheConfiguredLifetime() {
        // a lifetime other than the class simulator's default needs its own simulator
        try (EmarsysSimulator sim = EmarsysSimulator.start(SimulatorConfig.builder()
                .rateLimitPerMinute(0)
                .tokenLifetime(Duration.ofSeconds(60))
                .build())) {
            ApiClient shortLived = new ApiClient(sim);
            ApiClient.Reply grant = shortLived.tokenRequest(sim.config().clientId(), sim.config().clientSecret(),
                    "grant_type=client_credentials");
            assertEquals(200, grant.status(), grant.body());
            assertEquals(60, grant.json().path("expires_in").asLong());
            String token = grant.json().path("access_token").asText();
            assertEquals(200, shortLived.v3("GET", "/settings", null, token).status());

            sim.faults(new Faults(0, 0, 0, 0, 0, 30, 1));
            assertEquals(200, shortLived.v3("GET", "/settings", null, token).status(),
                    "30 s into a 60 s lifetime the token still works");

            sim.faults(new Faults(0, 0, 0, 0, 0, 120, 1));
            assertUnauthorized(shortLived.v3("GET", "/settings", null, token));

            ApiClient.Reply fresh = shortLived.tokenRequest(sim.config().clientId(), sim.config().clientSecret(),
                    "grant_type=client_credentials");
            assertEquals(200, fresh.status(), fresh.body());
            assertEquals(60, fresh.json().path("expires_in").asLong());
            ApiClient.Reply again = shortLived.v3("GET", "/settings", null, fresh.json().path("access_token").asText());
            assertEquals(200, again.status(), again.body());
            assertEquals(0, again.replyCode());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertTokenError(ApiClient.Reply reply, int status, String error) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(error, reply.json().path("error").asText(), reply.body());
        assertFalse(reply.json().has("access_token"), reply.body());
    }

    private static void assertUnauthorized(ApiClient.Reply reply) {
        assertEquals(401, reply.status(), reply.body());
        assertEquals(1, reply.replyCode(), reply.body());
        assertFalse(reply.replyText().isBlank());
        assertEquals("", reply.data().asText());
    }
}
