package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.simulator.http.Faults;
import io.camelemarsys.simulator.http.Response;

/**
 * Fault injection: server errors (500 with an envelope, 502 / 503 as HTML like a gateway), latency, dropped
 * connections, forced 429 bursts (optionally without rate-limit headers) and refused credentials, set from code or through {@code /_simulator/faults}.
 */
class FaultInjectionTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    @BeforeEach
    void reset() {
        assertEquals(200, client().control("POST", "/reset", null).status());
    }

    @AfterEach
    void clearFaults() {
        EMARSYS.simulator().faults(Faults.NONE);
    }

    @Test
    void errorRateOneAnswers500Then502Then503InTurn() {
        EMARSYS.simulator().faults(new Faults(1.0, 0, 0, 0, 0, 0, 1));
        ApiClient client = client();

        ApiClient.Reply first = client.v2("GET", "/settings", null);
        assertEquals(500, first.status());
        assertEquals(Response.ENVELOPE_CONTENT_TYPE, first.header("Content-Type"), "envelopes are labelled as recorded");
        JsonNode envelope = first.json();
        assertTrue(envelope.path("replyCode").isInt(), "a 500 carries the Emarsys envelope: " + first.body());
        assertNotEquals(0, envelope.path("replyCode").asInt());
        assertTrue(envelope.path("replyText").asText().length() > 0, first.body());

        for (int status : new int[] {502, 503}) {
            ApiClient.Reply reply = client.v2("GET", "/settings", null);
            assertEquals(status, reply.status());
            assertTrue(reply.header("Content-Type").startsWith("text/html"), reply.header("Content-Type"));
            assertNotJson(reply);
            assertTrue(reply.body().contains(Integer.toString(status)), reply.body());
        }
        assertEquals(500, client.v2("GET", "/settings", null).status(), "and round again");

        ApiClient.Reply stats = client.control("GET", "/stats", null);
        assertEquals(4, stats.json().path("serverErrorsInjected").asLong(-1), stats.body());
    }

    @Test
    void aSeededErrorRateGivesTheSameSequenceEveryRunAndRoughlyItsShare() {
        List<Integer> first = statuses(new Faults(0.3, 0, 0, 0, 0, 0, 1234), 40);
        List<Integer> second = statuses(new Faults(0.3, 0, 0, 0, 0, 0, 1234), 40);
        assertEquals(first, second, "same seed, same requests, same faults");
        assertTrue(first.contains(200) && first.stream().anyMatch(s -> s >= 500), first.toString());
        assertTrue(first.stream().allMatch(s -> s == 200 || s == 500 || s == 502 || s == 503), first.toString());

        List<Integer> otherSeed = statuses(new Faults(0.3, 0, 0, 0, 0, 0, 4321), 40);
        assertNotEquals(first, otherSeed, "the seed decides the sequence");

        List<Integer> many = statuses(new Faults(0.3, 0, 0, 0, 0, 0, 1234), 200);
        assertEquals(first, many.subList(0, 40), "a longer run starts the same way");
        long errors = many.stream().filter(s -> s != 200).count();
        assertTrue(errors >= 30 && errors <= 90, "about 30% of 200 requests fail, got " + errors);
    }

    @Test
    void latencyDelaysTheReply() {
        EMARSYS.simulator().faults(new Faults(0, 1.0, 300, 0, 0, 0, 1));
        ApiClient client = client();
        long started = System.nanoTime();
        ApiClient.Reply reply = client.v2("GET", "/settings", null);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200, reply.status(), reply.body());
        assertTrue(tookMillis >= 300, "latencyMillis 300 applies to every request, took " + tookMillis + " ms");
    }

    @Test
    void aDroppedConnectionIsAnIOExceptionAndTheServerKeepsServing() {
        EMARSYS.simulator().faults(new Faults(0, 0, 0, 1.0, 0, 0, 1));
        // a POST: java.net.http does not resend it on a closed connection, so the server sees exactly one request
        UncheckedIOException thrown = assertThrows(UncheckedIOException.class, () -> client().v2("POST",
                "/contact/getdata", Map.of("keyId", "3", "keyValues", List.of("ann@example.com"))));
        assertInstanceOf(IOException.class, thrown.getCause());
        JsonNode stats = client().control("GET", "/stats", null).json();
        assertEquals(1, stats.path("connectionsDropped").asLong(-1), stats.toString());

        // a GET may be resent once by the client; every request the server received was dropped and counted
        assertThrows(UncheckedIOException.class, () -> client().v2("GET", "/settings", null));
        stats = client().control("GET", "/stats", null).json();
        long dropped = stats.path("connectionsDropped").asLong(-1);
        assertTrue(dropped >= 2, stats.toString());
        assertEquals(stats.path("requests").asLong(), dropped, "every API request so far was dropped: " + stats);

        EMARSYS.simulator().faults(Faults.NONE);
        ApiClient client = client();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, client.v2("GET", "/settings", null).status(), "the server still serves");
        }
    }

    @Test
    void aBurstRefusesExactlyTheNextCallsThenTheBudgetRules() {
        EMARSYS.simulator().faults(new Faults(0, 0, 0, 0, 3, 0, 1));
        ApiClient client = client();
        for (int i = 0; i < 3; i++) {
            ApiClient.Reply reply = client.v2("GET", "/settings", null);
            assertEquals(429, reply.status(), "burst call " + (i + 1));
            assertEquals(7003, reply.replyCode());
            assertTrue(reply.replyText().contains("Too many requests"), reply.replyText());
        }
        assertEquals(0, client.control("GET", "/faults", null).json().path("rateLimitBurst").asInt(-1),
                "the burst is spent");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, client.v2("GET", "/settings", null).status());
        }
        assertEquals(3, client.control("GET", "/stats", null).json().path("rateLimited").asLong(-1));
    }

    @Test
    void aBurstIsSpentOnApiCallsNotOnTheTokenRequest() {
        ApiClient client = client();
        EMARSYS.simulator().faults(new Faults(0, 0, 0, 0, 2, 0, 1));
        String token = client.token(); // the usual first step of an OAuth2 client
        for (int i = 0; i < 2; i++) {
            ApiClient.Reply reply = client.v3("GET", "/settings", null, token);
            assertEquals(429, reply.status(), "burst of 2, API call " + (i + 1) + ": " + reply.body());
            assertEquals(7003, reply.replyCode());
        }
        assertEquals(200, client.v3("GET", "/settings", null, token).status());
    }

    @Test
    void aBareRateLimitBurstAnswers429WithoutRateLimitHeaders() {
        ApiClient client = client();
        ApiClient.Reply set = client.control("PUT", "/faults", Map.of("rateLimitBurst", 1, "bareRateLimit", true));
        assertEquals(200, set.status(), set.body());
        assertTrue(set.json().path("bareRateLimit").asBoolean(), set.body());

        ApiClient.Reply bare = client.v2("GET", "/settings", null);
        assertEquals(429, bare.status(), bare.body());
        assertEquals(7003, bare.replyCode());
        for (String header : List.of("X-RateLimit-Reset", "X-Ratelimit-Remaining", "X-RateLimit-Limit")) {
            assertTrue(bare.headers().firstValue(header).isEmpty(), "no " + header + " on a bare 429");
        }
        ApiClient.Reply next = client.v2("GET", "/settings", null);
        assertEquals(200, next.status(), "the burst is spent");
        assertTrue(next.headers().firstValue("X-RateLimit-Reset").isPresent(), "other replies keep the headers");
    }

    @Test
    void refuseCredentialsAnswers401ToApiAndTokenRequestsUntilLifted() {
        ApiClient client = client();
        String token = client.token();
        assertEquals(200, client.control("PUT", "/faults", Map.of("refuseCredentials", true)).status());

        ApiClient.Reply wsse = client.v2("GET", "/settings", null);
        assertEquals(401, wsse.status(), wsse.body());
        assertEquals(1, wsse.replyCode());
        assertEquals(401, client.v3("GET", "/settings", null, token).status());
        assertEquals(401, client.tokenRequest(EMARSYS.simulator().config().clientId(),
                EMARSYS.simulator().config().clientSecret(), "grant_type=client_credentials").status());
        assertTrue(client.control("GET", "/faults", null).json().path("refuseCredentials").asBoolean());

        assertEquals(200, client.control("PUT", "/faults", Map.of("refuseCredentials", false)).status());
        assertEquals(200, client.v2("GET", "/settings", null).status(), "the same credentials work again");
        assertEquals(400, client.control("PUT", "/faults", Map.of("refuseCredentials", "yes")).status(),
                "a flag must be true or false");
    }

    @Test
    void faultsAreSetAndReadBackThroughTheControlApi() {
        ApiClient client = client();
        Map<String, Object> faults = new LinkedHashMap<>();
        faults.put("errorRate", 0.25);
        faults.put("latencyRate", 0.5);
        faults.put("latencyMillis", 20);
        faults.put("dropRate", 0.125);
        faults.put("rateLimitBurst", 2);
        faults.put("clockOffsetSeconds", 30);
        faults.put("seed", 99);
        ApiClient.Reply put = client.control("PUT", "/faults", faults);
        assertEquals(200, put.status(), put.body());
        assertFaults(put.json(), 0.25, 0.5, 20, 0.125, 2, 30, 99);
        assertFaults(client.control("GET", "/faults", null).json(), 0.25, 0.5, 20, 0.125, 2, 30, 99);

        // a partial update keeps the rest
        ApiClient.Reply partial = client.control("PUT", "/faults", Map.of("errorRate", 0, "dropRate", 0));
        assertEquals(200, partial.status(), partial.body());
        assertFaults(client.control("GET", "/faults", null).json(), 0, 0.5, 20, 0, 2, 30, 99);

        // and what is set over HTTP is what API calls get
        ApiClient.Reply burst = client.control("PUT", "/faults",
                Map.of("latencyRate", 0, "rateLimitBurst", 1, "clockOffsetSeconds", 0));
        assertEquals(200, burst.status(), burst.body());
        ApiClient.Reply refused = client.v2("GET", "/settings", null);
        assertEquals(429, refused.status(), refused.body());
        assertEquals(7003, refused.replyCode());
        assertEquals(200, client.v2("GET", "/settings", null).status());
    }

    @Test
    void faultsNeverApplyToControlCalls() {
        ApiClient client = client();
        assertEquals(200, client.control("PUT", "/faults", Map.of("errorRate", 1.0, "rateLimitBurst", 5)).status());
        for (int i = 0; i < 4; i++) {
            assertControlCallsWork(client);
        }
        assertEquals(5, client.control("GET", "/faults", null).json().path("rateLimitBurst").asInt(-1),
                "control calls do not use up the burst");
        assertEquals(500, client.v2("GET", "/settings", null).status(), "while API calls do get the faults");

        assertEquals(200, client.control("PUT", "/faults", Map.of("errorRate", 0, "dropRate", 1.0)).status());
        for (int i = 0; i < 4; i++) {
            assertControlCallsWork(client);
        }
        assertThrows(UncheckedIOException.class, () -> client().v2("GET", "/settings", null));
        assertEquals(200, client.control("PUT", "/faults", Map.of("dropRate", 0)).status());
    }

    @Test
    void invalidFaultValuesAreRefusedAndChangeNothing() {
        ApiClient client = client();
        assertEquals(200, client.control("PUT", "/faults", Map.of("errorRate", 0.1)).status());
        List<Map<String, Object>> invalid = List.of(
                Map.of("errorRate", 2),
                Map.of("errorRate", -0.1),
                Map.of("latencyRate", 1.5),
                Map.of("dropRate", 7),
                Map.of("latencyMillis", -1),
                Map.of("rateLimitBurst", -3),
                Map.of("errorRate", "half"),
                Map.of("rateLimitBurst", "three"));
        for (Map<String, Object> body : invalid) {
            ApiClient.Reply reply = client.control("PUT", "/faults", body);
            String name = body.keySet().iterator().next();
            assertEquals(400, reply.status(), body + " -> " + reply.body());
            assertTrue(reply.json().path("error").asText().contains(name), "the message names " + name + ": "
                    + reply.body());
            assertEquals(0.1, client.control("GET", "/faults", null).json().path("errorRate").asDouble(), 1e-9,
                    "a refused update changes nothing: " + body);
        }
        ApiClient.Reply notJson = client.control("PUT", "/faults", "{errorRate:");
        assertEquals(400, notJson.status(), notJson.body());
    }

    /** Sets the faults (which restarts their random) and sends {@code count} requests in order. */
    private List<Integer> statuses(Faults faults, int count) {
        EMARSYS.simulator().faults(faults);
        ApiClient client = client();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(client.v2("GET", "/settings", null).status());
        }
        return statuses;
    }

    private static void assertControlCallsWork(ApiClient client) {
        for (String path : new String[] {"/stats", "/journal", "/faults", "/settings"}) {
            ApiClient.Reply reply = client.control("GET", path, null);
            assertEquals(200, reply.status(), path + ": " + reply.body());
            reply.json();
        }
        assertEquals(200, client.control("PUT", "/settings", Map.of()).status());
    }

    private static void assertFaults(JsonNode json, double errorRate, double latencyRate, long latencyMillis,
                                     double dropRate, int burst, long clockOffset, long seed) {
        assertEquals(errorRate, json.path("errorRate").asDouble(-1), 1e-9, json.toString());
        assertEquals(latencyRate, json.path("latencyRate").asDouble(-1), 1e-9, json.toString());
        assertEquals(latencyMillis, json.path("latencyMillis").asLong(-1), json.toString());
        assertEquals(dropRate, json.path("dropRate").asDouble(-1), 1e-9, json.toString());
        assertEquals(burst, json.path("rateLimitBurst").asInt(-1), json.toString());
        assertEquals(clockOffset, json.path("clockOffsetSeconds").asLong(-1), json.toString());
        assertEquals(seed, json.path("seed").asLong(-1), json.toString());
    }

    private static void assertNotJson(ApiClient.Reply reply) {
        try {
            ApiClient.JSON.readTree(reply.body());
        } catch (IOException e) {
            return;
        }
        throw new AssertionError("a gateway error page is not JSON: " + reply.body());
    }
}
