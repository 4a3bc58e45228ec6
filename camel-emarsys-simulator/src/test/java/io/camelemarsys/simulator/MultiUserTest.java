package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.camelemarsys.simulator.http.Journal;

/**
 * Several API users in one account (issue 15): each WSSE user and each OAuth2 client has its own rate budget, shown
 * in its own X-RateLimit-* headers and spent into its own 429; the journal names the user of every call; a revoked
 * user is refused while the others go on.
 */
class MultiUserTest {

    private static final int LIMIT = 3;

    private static EmarsysSimulator start() {
        return EmarsysSimulator.start(SimulatorConfig.builder().rateLimitPerMinute(LIMIT)
                .user("api2", "secret2").user("api3", "secret3")
                .oauthClient("client2", "client-secret2").build());
    }

    @Test
    void eachWsseUserHasItsOwnBudgetAndTheJournalNamesTheUser() {
        try (EmarsysSimulator sim = start()) {
            ApiClient client = new ApiClient(sim);
            Map<String, String> users = sim.config().wsseUsers();
            assertEquals(List.of("demo", "api2", "api3"), List.copyOf(users.keySet()), "the primary user first");
            for (Map.Entry<String, String> user : users.entrySet()) {
                for (int remaining = LIMIT - 1; remaining >= 0; remaining--) {
                    ApiClient.Reply reply = client.v2("GET", "/settings", null,
                            TestWsse.header(user.getKey(), user.getValue()));
                    assertEquals(200, reply.status(), user.getKey() + ": " + reply.body());
                    assertEquals(Integer.toString(LIMIT), reply.header("X-RateLimit-Limit"));
                    assertEquals(Integer.toString(remaining), reply.header("X-Ratelimit-Remaining"),
                            user.getKey() + " counts down from its own budget");
                }
                ApiClient.Reply refused = client.v2("GET", "/settings", null,
                        TestWsse.header(user.getKey(), user.getValue()));
                assertEquals(429, refused.status(), user.getKey() + " spent its own budget");
                assertEquals(7003, refused.replyCode());
                assertEquals("0", refused.header("X-Ratelimit-Remaining"));
            }
            Map<String, Long> okByUser = sim.journal().last(100).stream().filter(e -> e.status() == 200)
                    .collect(Collectors.groupingBy(Journal.Entry::user, Collectors.counting()));
            assertEquals(Map.of("demo", (long) LIMIT, "api2", (long) LIMIT, "api3", (long) LIMIT), okByUser);
            assertEquals(3, sim.journal().last(100).stream().filter(e -> e.status() == 429).count());
        }
    }

    @Test
    void anExtraOAuthClientGetsTokensAndItsOwnBudget() {
        try (EmarsysSimulator sim = start()) {
            ApiClient client = new ApiClient(sim);
            ApiClient.Reply tokenReply = client.tokenRequest("client2", "client-secret2", "grant_type=client_credentials");
            assertEquals(200, tokenReply.status(), tokenReply.body());
            String token2 = tokenReply.json().path("access_token").asText();
            String token1 = client.token();
            for (int i = 0; i < LIMIT; i++) {
                assertEquals(200, client.v3("GET", "/settings", null, token1).status());
            }
            assertEquals(429, client.v3("GET", "/settings", null, token1).status());
            ApiClient.Reply reply = client.v3("GET", "/settings", null, token2);
            assertEquals(200, reply.status(), "client2 has its own budget: " + reply.body());
            assertEquals(Integer.toString(LIMIT - 1), reply.header("X-Ratelimit-Remaining"));
            assertEquals("client2", sim.journal().last(1).get(0).claimedUser());
            assertEquals(401, client.tokenRequest("client2", "wrong", "grant_type=client_credentials").status());
        }
    }

    @Test
    void aRevokedUserIsRefusedAndTheOthersGoOn() {
        try (EmarsysSimulator sim = start()) {
            ApiClient client = new ApiClient(sim);
            String token2 = client.tokenRequest("client2", "client-secret2", "grant_type=client_credentials")
                    .json().path("access_token").asText();
            assertEquals(200, client.v2("GET", "/settings", null, TestWsse.header("api2", "secret2")).status());
            sim.revokeUser("api2");
            sim.revokeOAuthClient("client2");
            ApiClient.Reply refused = client.v2("GET", "/settings", null, TestWsse.header("api2", "secret2"));
            assertEquals(401, refused.status());
            assertEquals(1, refused.replyCode());
            Journal.Entry entry = sim.journal().last(1).get(0);
            assertEquals(401, entry.status());
            assertEquals(null, entry.user(), "not authenticated");
            assertEquals("api2", entry.claimedUser(), "the journal names the user a refused request claimed");
            assertEquals(401, client.v3("GET", "/settings", null, token2).status(), "its tokens die with it");
            assertEquals(401, client.tokenRequest("client2", "client-secret2", "grant_type=client_credentials")
                    .status());
            assertEquals("client2", sim.journal().last(1).get(0).claimedUser());
            assertEquals(200, client.v2("GET", "/settings", null, TestWsse.header("api3", "secret3")).status());
            assertEquals(200, client.v2("GET", "/settings", null).status());
        }
    }

    @Test
    void theBuilderRefusesBadOrRepeatedUsers() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> SimulatorConfig.builder().user("api2", "a").user("api2", "b"));
        assertTrue(twice.getMessage().contains("'api2' is given twice"), twice.getMessage());
        IllegalArgumentException primary = assertThrows(IllegalArgumentException.class,
                () -> SimulatorConfig.builder().user("demo", "x").build());
        assertTrue(primary.getMessage().contains("'demo'") && primary.getMessage().contains("--users"),
                primary.getMessage());
        IllegalArgumentException quote = assertThrows(IllegalArgumentException.class,
                () -> SimulatorConfig.builder().user("a\"b", "x"));
        assertTrue(quote.getMessage().contains("letters, digits"), quote.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimulatorConfig.builder().oauthClient("c2", " "));
    }
}
