package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.http.Faults;

/**
 * The per-API-user budget (emarsys-api.md section 3): {@code X-RateLimit-Limit}, {@code X-Ratelimit-Remaining} and
 * {@code X-RateLimit-Reset} on every authenticated reply, 429 / 7003 once the minute's budget is spent.
 */
class RateLimitTest {

    private static final int LIMIT = 5;

    /**
     * The WSSE user and the OAuth2 client carry the same name on purpose: they are still two different API
     * credentials, so their budgets must stay apart even when the names coincide.
     */
    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .rateLimitPerMinute(LIMIT).username("demo").secret("demo-secret").clientId("demo")
            .clientSecret("demo-client-secret").build());

    private ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    private String user() {
        return EMARSYS.simulator().config().username();
    }

    private String secret() {
        return EMARSYS.simulator().config().secret();
    }

    @BeforeEach
    void freshBudgets() {
        // reset clears budgets, tokens, faults and counters; the limit itself is a setting and survives it
        assertEquals(200, client().control("POST", "/reset", null).status());
        assertEquals(200, client().control("PUT", "/settings", Map.of("rateLimitPerMinute", LIMIT,
                "rateLimitWindowMillis", 60_000)).status());
    }

    @Test
    void everyReplyCarriesTheBudgetAndTheSixthRequestIsRefused() {
        ApiClient client = client();
        long before = Instant.now().getEpochSecond();
        Long reset = null;
        for (int expectedRemaining = LIMIT - 1; expectedRemaining >= 0; expectedRemaining--) {
            ApiClient.Reply reply = client.v2("GET", "/settings", null);
            assertEquals(200, reply.status(), reply.body());
            assertEquals(0, reply.replyCode());
            assertEquals(Integer.toString(LIMIT), reply.header("X-RateLimit-Limit"));
            assertEquals(Integer.toString(expectedRemaining), reply.header("X-Ratelimit-Remaining"));
            long thisReset = Long.parseLong(reply.header("X-RateLimit-Reset"));
            if (reset == null) {
                reset = thisReset;
            }
            assertEquals(reset, thisReset, "one fixed window: the reset time does not move within it");
            // the documented spelling, exactly (clients should match case-insensitively, but this is what they see)
            assertTrue(reply.headers().map().keySet().containsAll(
                    java.util.List.of("X-RateLimit-Limit", "X-Ratelimit-Remaining", "X-RateLimit-Reset")),
                    reply.headers().map().keySet().toString());
        }
        long after = Instant.now().getEpochSecond();
        assertTrue(reset >= before + 59 && reset <= after + 61,
                "X-RateLimit-Reset is a Unix timestamp in seconds about a minute ahead: " + reset + ", now " + after);

        ApiClient.Reply refused = client.v2("GET", "/settings", null);
        assertEquals(429, refused.status(), refused.body());
        assertEquals(7003, refused.replyCode());
        assertTrue(refused.replyText().contains("Too many requests"), refused.replyText());
        assertEquals("", refused.data().asText());
        assertEquals(Integer.toString(LIMIT), refused.header("X-RateLimit-Limit"));
        assertEquals("0", refused.header("X-Ratelimit-Remaining"));
        assertEquals(Long.toString(reset), refused.header("X-RateLimit-Reset"));

        ApiClient.Reply stillRefused = client.v2("POST", "/contact/getdata",
                Map.of("keyId", "3", "keyValues", java.util.List.of("ann@example.com")));
        assertEquals(429, stillRefused.status(), "the budget is per user, not per resource");
        assertEquals(7003, stillRefused.replyCode());
    }

    @Test
    void wsseUserAndOAuthClientHaveSeparateBudgets() {
        ApiClient client = client();
        spendBudget(client);
        assertEquals(429, client.v2("GET", "/settings", null).status());

        String token = client.token();
        for (int expectedRemaining = LIMIT - 1; expectedRemaining >= 0; expectedRemaining--) {
            ApiClient.Reply reply = client.v3("GET", "/settings", null, token);
            assertEquals(200, reply.status(), "the OAuth2 client has its own budget: " + reply.body());
            assertEquals(Integer.toString(expectedRemaining), reply.header("X-Ratelimit-Remaining"));
        }
        ApiClient.Reply refused = client.v3("GET", "/settings", null, token);
        assertEquals(429, refused.status());
        assertEquals(7003, refused.replyCode());

        assertEquals(429, client.v2("GET", "/settings", null).status(), "the WSSE window is still spent");
    }

    @Test
    void requestsThatFailAuthenticationDoNotSpendTheUsersBudget() {
        ApiClient client = client();
        for (int i = 0; i < LIMIT + 2; i++) {
            ApiClient.Reply intruder = client.v2("GET", "/settings", null, TestWsse.header("intruder", secret()));
            assertEquals(401, intruder.status());
            ApiClient.Reply wrongSecret = client.v2("GET", "/settings", null, TestWsse.header(user(), "guess-" + i));
            assertEquals(401, wrongSecret.status());
        }
        ApiClient.Reply reply = client.v2("GET", "/settings", null);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(Integer.toString(LIMIT - 1), reply.header("X-Ratelimit-Remaining"));
    }

    @Test
    void movingTheServerClockPastTheWindowOpensAFreshOne() {
        ApiClient client = client();
        long oldReset = spendBudget(client);
        assertEquals(429, client.v2("GET", "/settings", null).status());

        EMARSYS.simulator().faults(new Faults(0, 0, 0, 0, 0, 61, 7));
        // sign with the server's (moved) time, read from its Date header, as a skew-correcting client would
        Instant serverNow = serverDate(client.control("GET", "/stats", null));
        assertTrue(serverNow.isAfter(Instant.now().plusSeconds(55)), "the Date header shows the moved clock");
        ApiClient.Reply reply = client.v2("GET", "/settings", null,
                TestWsse.header(user(), secret(), TestWsse.nonce(), serverNow.toString()));
        assertEquals(200, reply.status(), reply.body());
        assertEquals(Integer.toString(LIMIT - 1), reply.header("X-Ratelimit-Remaining"));
        long newReset = Long.parseLong(reply.header("X-RateLimit-Reset"));
        assertTrue(newReset >= oldReset + 60, "the new window resets a minute after it opened: old " + oldReset
                + ", new " + newReset);
        assertTrue(newReset >= serverNow.getEpochSecond() + 59 && newReset <= serverNow.getEpochSecond() + 63,
                "reset about 60 s after the server's now: " + newReset + " vs " + serverNow.getEpochSecond());
    }

    @Test
    void settingTheLimitToZeroTurnsItOff() {
        ApiClient client = client();
        spendBudget(client);
        assertEquals(429, client.v2("GET", "/settings", null).status());

        ApiClient.Reply settings = client.control("PUT", "/settings", Map.of("rateLimitPerMinute", 0));
        assertEquals(200, settings.status(), settings.body());
        assertEquals(0, settings.json().path("rateLimitPerMinute").asInt(-1));
        assertEquals(0, client.control("GET", "/settings", null).json().path("rateLimitPerMinute").asInt(-1));
        for (int i = 0; i < 4 * LIMIT; i++) {
            ApiClient.Reply reply = client.v2("GET", "/settings", null);
            assertEquals(200, reply.status(), "request " + (i + 1) + " with the limit off: " + reply.body());
        }
        long rateLimited = client.control("GET", "/stats", null).json().path("rateLimited").asLong(-1);
        assertEquals(1, rateLimited, "only the one refusal before the limit was turned off");
    }

    @Test
    void statsCountEveryRefusal() {
        ApiClient client = client();
        assertEquals(0, client.control("GET", "/stats", null).json().path("rateLimited").asLong(-1));
        spendBudget(client);
        for (int i = 0; i < 3; i++) {
            assertEquals(429, client.v2("GET", "/settings", null).status());
        }
        String token = client.token();
        for (int i = 0; i < LIMIT; i++) {
            assertEquals(200, client.v3("GET", "/settings", null, token).status());
        }
        assertEquals(429, client.v3("GET", "/settings", null, token).status());

        var stats = client.control("GET", "/stats", null).json();
        assertEquals(4, stats.path("rateLimited").asLong(-1), stats.toString());
        assertEquals(2 * LIMIT + 4 + 1, stats.path("requests").asLong(-1),
                "every API request is counted, refused or not, plus the token request: " + stats);
    }

    /** Spends the whole budget of the WSSE user; returns the window's reset time. */
    private long spendBudget(ApiClient client) {
        String reset = null;
        for (int i = 0; i < LIMIT; i++) {
            ApiClient.Reply reply = client.v2("GET", "/settings", null);
            assertEquals(200, reply.status(), reply.body());
            reset = reply.header("X-RateLimit-Reset");
        }
        assertNotNull(reset);
        return Long.parseLong(reset);
    }

    private static Instant serverDate(ApiClient.Reply reply) {
        String date = reply.header("Date");
        assertNotNull(date, "every reply has a Date header");
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
