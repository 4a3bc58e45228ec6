package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.HttpResponseAware;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.http.Faults;

/**
 * The transport of every call: rate budget and 429s, retries of 5xx and dropped connections, the WSSE clock
 * correction, error mapping, and OAuth2 tokens, each checked against what the simulator received.
 */
class TransportTest extends EmarsysTestSupport {

    /** No budget limit (only injected 429s), and a 1 s window so that a 429 is waited out quickly. */
    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).rateLimitWindow(Duration.ofSeconds(1)).build());

    private static final HttpClient CONTROL = HttpClient.newHttpClient();
    private static final String SETTINGS = "/api/v2/settings";
    private static final String CHECKIDS = "/api/v2/contact/checkids";

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    /** No faults, an empty journal, and fresh rate windows (a test that moved the server clock leaves none behind). */
    @BeforeEach
    void resetSimulator() {
        control("POST", "/reset", null);
    }

    @AfterEach
    void resetFaults() {
        EMARSYS.simulator().faults(Faults.NONE);
    }

    private static Faults faults(double errorRate, double dropRate, int rateLimitBurst, long clockOffsetSeconds,
                                 long seed) {
        return new Faults(errorRate, 0, 0, dropRate, rateLimitBurst, clockOffsetSeconds, seed);
    }

    /** The API and token requests a simulator received (control requests left out), oldest first. */
    private static List<JsonNode> journal(EmarsysSimulator sim) {
        try {
            HttpResponse<String> response = CONTROL.send(HttpRequest.newBuilder(
                    URI.create(sim.controlUrl() + "/journal?limit=10000")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> entries = new ArrayList<>();
            for (JsonNode entry : JSON.readTree(response.body())) {
                if (!"control".equals(entry.path("auth").asText())) {
                    entries.add(entry);
                }
            }
            return entries;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> journal() {
        return journal(EMARSYS.simulator());
    }

    /** The statuses of the requests to a path (0 = dropped without reply). */
    private static List<Integer> statuses(List<JsonNode> journal, String path) {
        List<Integer> statuses = new ArrayList<>();
        for (JsonNode entry : journal) {
            if (entry.path("path").asText().equals(path)) {
                statuses.add(entry.path("status").asInt());
            }
        }
        return statuses;
    }

    private static long count(List<JsonNode> journal, String path) {
        return journal.stream().filter(e -> e.path("path").asText().equals(path)).count();
    }

    private static long stat(EmarsysSimulator sim, String name) {
        return ((Number) sim.stats().get(name)).longValue();
    }

    private void assertSettings(Exchange exchange, String apiUser) {
        assertNull(exchange.getException(), () -> "failed: " + exchange.getException());
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = exchange.getMessage().getBody(Map.class);
        assertEquals(apiUser, settings.get("api_user"));
        assertEquals(0, exchange.getMessage().getHeader(EmarsysConstants.REPLY_CODE));
    }

    private <T extends Throwable> T failure(Exchange exchange, Class<T> type) {
        assertNotNull(exchange.getException(), "the call should have failed");
        return assertInstanceOf(type, exchange.getException());
    }

    private EmarsysComponent emarsys() {
        return context.getComponent("emarsys", EmarsysComponent.class);
    }

    // ---------------------------------------------------------------- rate limit

    @Test
    void rateLimitBurstIsWaitedOutAndTheCallSucceeds() {
        EMARSYS.simulator().faults(faults(0, 0, 3, 0, 1));

        assertSettings(call("emarsys:settings/get", null), "demo");

        List<JsonNode> journal = journal();
        assertEquals(List.of(429, 429, 429, 200), statuses(journal, SETTINGS));
        assertEquals(7003, journal.get(0).path("replyCode").asInt());
        assertEquals(3, emarsys().rateLimitWaits(), "one wait per 429");
    }

    @Test
    void rateLimitWithoutResetHeaderIsWaitedOutFromOneSecondUpNotForAMinute() {
        // a 429 that names no reset (no X-RateLimit-* headers, no Retry-After), as a gateway may send
        EMARSYS.simulator().faults(new Faults(0, 0, 0, 0, 2, 0, 1, true, false));

        assertSettings(call("emarsys:settings/get?rateLimitMaxWait=10000", null), "demo");

        List<JsonNode> journal = journal();
        assertEquals(List.of(429, 429, 200), statuses(journal, SETTINGS));
        long firstWait = Duration.between(java.time.Instant.parse(journal.get(0).path("at").asText()),
                java.time.Instant.parse(journal.get(1).path("at").asText())).toMillis();
        long secondWait = Duration.between(java.time.Instant.parse(journal.get(1).path("at").asText()),
                java.time.Instant.parse(journal.get(2).path("at").asText())).toMillis();
        assertTrue(firstWait >= 900, "the first retry waits about a second, waited " + firstWait + " ms");
        assertTrue(secondWait >= 1900, "the second wait doubles, waited " + secondWait + " ms");
        assertEquals(2, emarsys().rateLimitWaits());

        // the next bare 429 after a success starts from one second again
        control("DELETE", "/journal", null);
        EMARSYS.simulator().faults(new Faults(0, 0, 0, 0, 1, 0, 1, true, false));
        assertSettings(call("emarsys:settings/get?rateLimitMaxWait=1900", null), "demo");
        assertEquals(List.of(429, 200), statuses(journal(), SETTINGS));
    }

    @Test
    void spentBudgetIsWaitedForInsteadOfHammering() {
        try (EmarsysSimulator limited = EmarsysSimulator.start(SimulatorConfig.builder().rateLimitPerMinute(3)
                .rateLimitWindow(Duration.ofSeconds(2)).build())) {
            String uri = "emarsys:settings/get?baseUrl=" + limited.baseUrl();
            for (int i = 0; i < 8; i++) {
                assertSettings(call(uri, null), "demo");
            }
            assertEquals(8, count(journal(limited), SETTINGS), "every call sent once");
            assertEquals(0, stat(limited, "rateLimited"),
                    "the client waits when X-Ratelimit-Remaining is 0 instead of running into 429s");
            assertTrue(emarsys().rateLimitWaits() >= 2,
                    "8 calls at 3 per window wait at least twice, waited " + emarsys().rateLimitWaits());
        }
    }

    @Test
    void rateLimitLongerThanRateLimitMaxWaitFails() {
        EMARSYS.simulator().faults(faults(0, 0, 50, 0, 1));

        Exchange exchange = call("emarsys:settings/get?rateLimitMaxWait=100", null);

        EmarsysRateLimitException e = failure(exchange, EmarsysRateLimitException.class);
        assertEquals(429, e.getHttpResponseCode());
        assertEquals(7003, e.getReplyCode());
        assertTrue(e.getRetryAfterMillis() > 100, "reset is further away than allowed: " + e.getRetryAfterMillis());
        assertTrue(e.getMessage().contains("rateLimitMaxWait"), e.getMessage());
        assertEquals(List.of(429), statuses(journal(), SETTINGS), "no hammering while the budget is spent");
    }

    // ---------------------------------------------------------------- 5xx and I/O errors

    @Test
    void serverErrorsAreRetriedUntilTheCallSucceeds() {
        // seed 13 draws, per request: error error error ok error error ok error ok ok; the simulator answers its
        // errors with 500, 502 and 503 in turn
        EMARSYS.simulator().faults(faults(0.5, 0, 0, 0, 13));

        for (int i = 0; i < 4; i++) {
            assertSettings(call("emarsys:settings/get", null), "demo");
        }

        assertEquals(List.of(500, 502, 503, 200, 500, 502, 200, 503, 200, 200), statuses(journal(), SETTINGS));
    }

    @Test
    void persistentServerErrorsFailAfterMaxRetries() {
        EMARSYS.simulator().faults(faults(1.0, 0, 0, 0, 1));

        Exchange exchange = call("emarsys:settings/get?maxRetries=2", null);

        EmarsysApiException e = failure(exchange, EmarsysApiException.class);
        assertFalse(e instanceof EmarsysAuthenticationException || e instanceof EmarsysRateLimitException);
        assertEquals(List.of(500, 502, 503), statuses(journal(), SETTINGS), "one attempt and exactly 2 retries");
        HttpResponseAware http = assertInstanceOf(HttpResponseAware.class, e);
        assertEquals(503, http.getHttpResponseCode(), "the status of the last attempt");
        assertEquals("GET /api/v2/settings", e.getOperation());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    }

    @Test
    void droppedConnectionsFailAfterMaxRetriesWithAnIoError() {
        EMARSYS.simulator().faults(faults(0, 1.0, 0, 0, 1));

        // a POST: the JDK client itself never re-sends it, so every request the simulator saw is one attempt
        String uri = "emarsys:raw/call?httpMethod=POST&path=/contact/checkids&maxRetries=2";
        Map<String, Object> body = Map.of("key_id", "3", "external_ids", List.of("drop@example.com"));
        Exchange exchange = call(uri, body);

        EmarsysApiException e = failure(exchange, EmarsysApiException.class);
        assertEquals(0, e.getHttpResponseCode());
        assertEquals(-1, e.getReplyCode());
        assertTrue(e.getMessage().contains("I/O error after 3 attempt(s)"), e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals(List.of(0, 0, 0), statuses(journal(), CHECKIDS), "one attempt and exactly 2 retries");

        EMARSYS.simulator().faults(Faults.NONE);
        Exchange recovered = call(uri, body);
        assertNull(recovered.getException(), () -> "failed: " + recovered.getException());
        assertEquals(List.of(0, 0, 0, 200), statuses(journal(), CHECKIDS));
    }

    @Test
    void someDroppedConnectionsAreRetried() {
        // seed 1 draws, per request: ok drop ok ok drop ok
        EMARSYS.simulator().faults(faults(0, 0.5, 0, 0, 1));

        for (int i = 0; i < 4; i++) {
            assertSettings(call("emarsys:settings/get", null), "demo");
        }

        List<JsonNode> journal = journal();
        assertEquals(List.of(200, 0, 200, 200, 0, 200), statuses(journal, SETTINGS));
        assertEquals("dropped", journal.get(1).path("auth").asText());
    }

    // ---------------------------------------------------------------- WSSE clock and errors

    @Test
    void clockSkewIsCorrectedFromTheDateHeader() {
        EMARSYS.simulator().faults(faults(0, 0, 0, 900, 1));

        assertSettings(call("emarsys:settings/get", null), "demo");

        List<JsonNode> journal = journal();
        assertEquals(List.of(401, 200), statuses(journal, SETTINGS));
        assertEquals(1, journal.get(0).path("replyCode").asInt());

        control("DELETE", "/journal", null);
        assertSettings(call("emarsys:settings/get", null), "demo");
        Exchange lists = call("emarsys:contactlist/list", null);
        assertNull(lists.getException(), () -> "failed: " + lists.getException());
        journal = journal();
        assertEquals(List.of(200), statuses(journal, SETTINGS), "the correction is kept: no second 401");
        assertEquals(List.of(200), statuses(journal, "/api/v2/contactlist"),
                "other endpoints of the same API user use the correction as well");
    }

    @ParameterizedTest(name = "server clock {0} s off")
    @ValueSource(longs = {900, -900})
    void rateLimitResetIsReadOnTheServerClock(long serverClockOffsetSeconds) {
        // X-RateLimit-Reset names a second on the server's clock, which is 15 minutes ahead of or behind the
        // client's
        EMARSYS.simulator().faults(faults(0, 0, 1, serverClockOffsetSeconds, 1));

        assertSettings(call("emarsys:settings/get?rateLimitMaxWait=10000", null), "demo");

        assertEquals(List.of(401, 429, 200), statuses(journal(), SETTINGS),
                "clock corrected, then the 429 is waited out for the window (about a second), not for the clock "
                        + "difference or a default minute");
    }

    @Test
    void badRequestFailsAtOnceWithReplyCodeAndText() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            keys.add("k" + i + "@example.com");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keyId", "3");
        body.put("keyValues", keys);

        Exchange exchange = call("emarsys:raw/call?httpMethod=POST&path=/contact/getdata", body);

        EmarsysApiException e = failure(exchange, EmarsysApiException.class);
        assertEquals(400, e.getHttpResponseCode());
        assertEquals(2002, e.getReplyCode());
        assertTrue(e.getReplyText().contains("Too many items in keyValues"), e.getReplyText());
        assertTrue(e.getMessage().contains("replyCode 2002"), e.getMessage());
        assertEquals(List.of(400), statuses(journal(), "/api/v2/contact/getdata"), "a 400 is not retried");
    }

    @Test
    void wrongWsseSecretFailsWithoutLeakingIt() {
        String wrong = "not-the-Secret-7f3a";

        Exchange exchange = call("emarsys:settings/get?secret=RAW(" + wrong + ")", null);

        EmarsysAuthenticationException e = failure(exchange, EmarsysAuthenticationException.class);
        assertEquals(401, e.getHttpResponseCode());
        assertEquals(1, e.getReplyCode());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        assertFalse(String.valueOf(e.getReplyText()).contains(wrong));
        assertEquals(List.of(401), statuses(journal(), SETTINGS), "a wrong secret is not retried");
    }

    // ---------------------------------------------------------------- OAuth2

    private static String oauth2Uri(EmarsysSimulator sim, String clientSecret) {
        return "emarsys:settings/get?authMode=oauth2&baseUrl=" + sim.baseUrl() + "&clientId="
                + sim.config().clientId() + "&clientSecret=RAW(" + clientSecret + ")&tokenUrl=" + sim.tokenUrl();
    }

    @Test
    void oauth2TokenIsFetchedOnceAndReusedForApiV3() {
        EmarsysSimulator sim = EMARSYS.simulator();
        String uri = oauth2Uri(sim, sim.config().clientSecret());

        for (int i = 0; i < 3; i++) {
            assertSettings(call(uri, null), sim.config().clientId());
        }

        List<JsonNode> journal = journal();
        assertEquals(List.of(200), statuses(journal, "/oauth2/token"), "one token for all calls");
        assertEquals(List.of(200, 200, 200), statuses(journal, "/api/v3/settings"));
        assertEquals(0, count(journal, SETTINGS), "OAuth2 speaks API v3");
        for (JsonNode entry : journal) {
            if (entry.path("path").asText().startsWith("/api/")) {
                assertEquals("oauth2", entry.path("auth").asText());
            }
        }
        assertEquals("POST", journal.get(0).path("method").asText());
        assertEquals("/oauth2/token", journal.get(0).path("path").asText(), "the token comes first");
    }

    @Test
    void expiredOauth2TokenIsRefreshedOnce() {
        try (EmarsysSimulator sim = EmarsysSimulator.start(SimulatorConfig.builder().rateLimitPerMinute(0)
                .tokenLifetime(Duration.ofSeconds(120)).build())) {
            String uri = oauth2Uri(sim, sim.config().clientSecret());
            assertSettings(call(uri, null), sim.config().clientId());

            // the server clock moves past the token's lifetime; the client's clock still holds it valid
            sim.faults(faults(0, 0, 0, 300, 1));
            assertSettings(call(uri, null), sim.config().clientId());
            assertSettings(call(uri, null), sim.config().clientId());

            List<JsonNode> journal = journal(sim);
            List<String> sequence = new ArrayList<>();
            for (JsonNode entry : journal) {
                sequence.add(entry.path("path").asText() + " " + entry.path("status").asInt());
            }
            assertEquals(List.of("/oauth2/token 200", "/api/v3/settings 200",
                    "/api/v3/settings 401", "/oauth2/token 200", "/api/v3/settings 200",
                    "/api/v3/settings 200"), sequence);
        }
    }

    @Test
    void tokenEndpointServerErrorsAreRetriedAndAreNoCredentialsProblem() {
        EmarsysSimulator sim = EMARSYS.simulator();
        String uri = oauth2Uri(sim, sim.config().clientSecret());

        sim.faults(faults(1.0, 0, 0, 0, 1));
        Exchange down = call(uri + "&maxRetries=1", null);
        EmarsysApiException e = failure(down, EmarsysApiException.class);
        assertFalse(e instanceof EmarsysAuthenticationException,
                "a failing token endpoint is no credentials problem: " + e.getMessage());
        assertEquals(502, e.getHttpResponseCode());
        assertEquals(List.of(500, 502), statuses(journal(), "/oauth2/token"), "one attempt and one retry");

        control("DELETE", "/journal", null);
        // seed 12 draws, per request: error error error ok ok: the token request meets 500, 502 and 503, then the
        // API call (the call's retries count both) goes through
        sim.faults(faults(0.5, 0, 0, 0, 12));
        assertSettings(call(uri, null), sim.config().clientId());
        List<JsonNode> journal = journal();
        assertEquals(List.of(500, 502, 503, 200), statuses(journal, "/oauth2/token"),
                "a server error of the token endpoint is retried like any other");
        assertEquals(List.of(200), statuses(journal, "/api/v3/settings"));
    }

    @Test
    void wrongClientSecretFailsWithAHint() {
        EmarsysSimulator sim = EMARSYS.simulator();
        String wrong = "wrong-client-Secret-91c2";

        Exchange exchange = call(oauth2Uri(sim, wrong), null);

        EmarsysAuthenticationException e = failure(exchange, EmarsysAuthenticationException.class);
        assertEquals(401, e.getHttpResponseCode());
        assertTrue(e.getMessage().contains("check client-id, client-secret"), e.getMessage());
        assertTrue(e.getMessage().contains("invalid_client"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
        List<JsonNode> journal = journal();
        assertEquals(List.of(401), statuses(journal, "/oauth2/token"));
        assertEquals(0, count(journal, "/api/v3/settings"), "no API call without a token");
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void missingUsernameFailsAtStartNamingTheProperty() {
        EmarsysComponent noUser = new EmarsysComponent();
        noUser.getConfiguration().setBaseUrl(EMARSYS.simulator().baseUrl());
        noUser.getConfiguration().setSecret(EMARSYS.simulator().config().secret());
        context.addComponent("emarsys-nouser", noUser);

        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:nouser").to("emarsys-nouser:settings/get");
            }
        }));

        Throwable cause = e;
        while (cause != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertNotNull(cause, "an IllegalArgumentException in the chain of " + e);
        assertTrue(cause.getMessage().contains("camel.component.emarsys.username"), cause.getMessage());
        assertTrue(journal().isEmpty(), "nothing was sent");
    }
}
