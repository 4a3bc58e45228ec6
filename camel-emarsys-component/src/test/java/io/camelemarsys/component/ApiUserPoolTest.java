package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.http.Journal;

/**
 * The pool of API users (issue 15): the component spreads its calls over the users of one account, each with its own
 * rate budget in the simulator; a refused user leaves with one ERROR and its calls go to the others; one key's
 * sequential updates stay in order; and K users carry more calls in one rate window than one user's ceiling. Every
 * figure is read from the simulator's journal, which names the user of each request.
 */
class ApiUserPoolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POOL_USERS = "api2,api3,api4";
    private static final String POOL_SECRETS = "Secret-2-k9Q,Secret-3-x7W,Secret-4-m5E";

    private EmarsysSimulator sim;
    private CamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static SimulatorConfig.Builder account(int limitPerUser) {
        return SimulatorConfig.builder().rateLimitPerMinute(limitPerUser).user("api2", "Secret-2-k9Q")
                .user("api3", "Secret-3-x7W").user("api4", "Secret-4-m5E").oauthClient("client2", "Client-Secret-2")
                .oauthClient("client3", "Client-Secret-3");
    }

    /** A context whose emarsys component speaks to the simulator as its primary user plus the given pool options. */
    private ProducerTemplate start(SimulatorConfig config, Consumer<EmarsysConfiguration> options, MeterRegistry meters) {
        sim = EmarsysSimulator.start(config);
        camel = new DefaultCamelContext();
        if (meters != null) {
            camel.getRegistry().bind("meters", meters);
        }
        EmarsysComponent emarsys = new EmarsysComponent();
        EmarsysConfiguration c = emarsys.getConfiguration();
        c.setBaseUrl(sim.baseUrl());
        c.setUsername(sim.config().username());
        c.setSecret(sim.config().secret());
        c.setClientId(sim.config().clientId());
        c.setClientSecret(sim.config().clientSecret());
        c.setTokenUrl(sim.tokenUrl());
        c.setRetryInitialDelay(10);
        c.setRetryMaxDelay(50);
        options.accept(c);
        camel.addComponent("emarsys", emarsys);
        camel.start();
        return camel.createProducerTemplate();
    }

    private static void wssePool(EmarsysConfiguration c) {
        c.setPoolUsernames(POOL_USERS);
        c.setPoolSecrets(POOL_SECRETS);
    }

    private static Map<String, Object> contact(String email, String firstName) {
        return Map.of("3", email, "1", firstName);
    }

    /** Journal entries of contact writes, by user, counting the given statuses. */
    private Map<String, Long> contactWritesByUser(int status) {
        return sim.journal().last(100_000).stream()
                .filter(e -> e.path().endsWith("/contact") && e.status() == status)
                .collect(Collectors.groupingBy(Journal.Entry::claimedUser, Collectors.counting()));
    }

    @Test
    void spreadsTheCallsOverEveryUserAndCountsThemPerUser() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProducerTemplate template = start(account(1000).build(), ApiUserPoolTest::wssePool, meters);
        for (int i = 0; i < 40; i++) {
            String email = "spread" + i + "@example.com";
            Exchange done = template.send("emarsys:contact/upsert", e -> e.getMessage().setBody(contact(email, "S")));
            assertNull(done.getException());
        }
        assertEquals(Map.of("demo", 10L, "api2", 10L, "api3", 10L, "api4", 10L), contactWritesByUser(200),
                "one call to each user in turn");
        Map<String, Long> requestsByUser = sim.journal().last(100_000).stream()
                .collect(Collectors.groupingBy(Journal.Entry::user, Collectors.counting()));
        for (String user : List.of("demo", "api2", "api3", "api4")) {
            double calls = meters.get("emarsys.api.calls").tag("user", user).tag("auth", "wsse").functionCounter()
                    .count();
            assertEquals(requestsByUser.get(user), (long) calls, "emarsys.api.calls of " + user);
            double remaining = meters.get("emarsys.api.budget.remaining").tag("user", user).gauge().value();
            assertEquals(1000 - requestsByUser.get(user), (long) remaining, "emarsys.api.budget.remaining of " + user
                    + " is what X-Ratelimit-Remaining last told");
            assertEquals(1.0, meters.get("emarsys.api.pool.active").tag("user", user).gauge().value());
        }
    }

    @Test
    void oauth2ClientsArePooledToo() {
        ProducerTemplate template = start(account(1000).build(), c -> {
            c.setAuthMode(EmarsysAuthMode.oauth2);
            c.setPoolClientIds("client2, client3");
            c.setPoolClientSecrets("Client-Secret-2, Client-Secret-3");
        }, null);
        for (int i = 0; i < 9; i++) {
            template.requestBody("emarsys:contact/upsert", contact("oauth" + i + "@example.com", "O"));
        }
        assertEquals(Map.of("demo-client", 3L, "client2", 3L, "client3", 3L), contactWritesByUser(200));
    }

    @Test
    void aRefusedUserLeavesThePoolWithOneErrorAndNoRecordIsLost() throws Exception {
        List<String> emails = new ArrayList<>();
        try (LogCapture logs = LogCapture.open()) {
            ProducerTemplate template = start(account(1000).build(), c -> {
                c.setPoolUsernames(POOL_USERS);
                c.setPoolSecrets("Secret-2-k9Q,Wrong-Secret-3-zz,Secret-4-m5E"); // api3's secret is wrong
            }, null);
            for (int i = 0; i < 30; i++) {
                if (i == 12) {
                    sim.revokeUser("api2"); // an admin deletes api2 while calls flow
                }
                String email = "kept" + i + "@example.com";
                emails.add(email);
                Exchange done = template.send("emarsys:contact/upsert", e -> e.getMessage().setBody(
                        contact(email, "K")));
                assertNull(done.getException(), "call " + i + " succeeds on another user");
            }
            List<String> errors = logs.warnings().stream().filter(e -> e.getLevel() == Level.ERROR)
                    .map(e -> e.getMessage().getFormattedMessage()).toList();
            assertEquals(2, errors.size(), "one ERROR per refused user: " + errors);
            assertTrue(errors.get(0).contains("'api3'") && errors.get(0).contains("leaves the pool"), errors.get(0));
            assertTrue(errors.get(1).contains("'api2'") && errors.get(1).contains("leaves the pool"), errors.get(1));
            for (String line : logs.lines()) {
                assertFalse(line.contains("Wrong-Secret-3-zz") || line.contains("Secret-2-k9Q"), "a secret in: " + line);
            }
        }
        for (String email : emails) {
            assertEquals(1, stored(email).size(), email + " was written");
        }
        Map<String, Long> ok = contactWritesByUser(200);
        assertEquals(30L, ok.values().stream().mapToLong(Long::longValue).sum(), "each record written once: " + ok);
        assertNull(ok.get("api3"), "api3 never got through: " + ok);
        assertEquals(1L, contactWritesByUser(401).get("api3"), "api3 was tried once, then left");
        assertEquals(1L, contactWritesByUser(401).get("api2"), "api2 was tried once after its revocation");
        assertTrue(ok.get("demo") > 0 && ok.get("api4") > 0, ok.toString());
    }

    @Test
    void whenEveryUserIsRefusedTheSingleUsersRefusalApplies() {
        ProducerTemplate template = start(account(1000).build(), c -> {
            c.setSecret("Wrong-Primary");
            c.setPoolUsernames("api2");
            c.setPoolSecrets("Wrong-2");
            c.setAuthFailureInitialDelay(60_000);
            c.setAuthFailureMaxDelay(60_000);
        }, null);
        Exchange failed = template.send("emarsys:raw/call?path=/settings", e -> e.getMessage().setBody(null));
        EmarsysAuthenticationException e = assertInstanceOf(EmarsysAuthenticationException.class,
                failed.getException());
        assertEquals(401, e.getHttpResponseCode());
        assertFalse(e.getMessage().contains("Wrong-"), e.getMessage());
        Exchange notSent = template.send("emarsys:raw/call?path=/settings&rateLimitMaxWait=100",
                x -> x.getMessage().setBody(null));
        assertTrue(notSent.getException().getMessage().contains("not sent"), "the refused last user's calls wait for "
                + "its next try, as a single user's do: " + notSent.getException().getMessage());
        assertEquals(Map.of("demo", 1L, "api2", 1L), sim.journal().last(100).stream()
                .collect(Collectors.groupingBy(Journal.Entry::claimedUser, Collectors.counting())),
                "each user tried once");
    }

    @Test
    void sequentialUpdatesOfOneKeyEndWithTheLastValue() throws Exception {
        // four "partitions", each updating its own key 25 times one after another, as a sink sends a partition's
        // batches; 10 requests per user per second keep budgets running out, so calls wait and move between users
        ProducerTemplate template = start(account(10).rateLimitWindow(Duration.ofSeconds(1)).build(),
                ApiUserPoolTest::wssePool, null);
        ExecutorService partitions = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                String email = "ordered" + p + "@example.com";
                done.add(partitions.submit(() -> {
                    for (int v = 1; v <= 25; v++) {
                        template.requestBody("emarsys:contact/upsert", contact(email, "v" + v));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            partitions.shutdownNow();
        }
        for (int p = 0; p < 4; p++) {
            assertEquals("v25", stored("ordered" + p + "@example.com").get(0).path("1").asText(),
                    "partition " + p + "'s key ends with its last update");
        }
        assertEquals(4, contactWritesByUser(200).size(), "the updates went through all four users: "
                + contactWritesByUser(200));
    }

    @Test
    void aPoolOfKUsersCarriesMoreThanOneUsersCeilingInOneWindow() {
        int limit = 5;
        int users = 4;
        int calls = limit * (users - 1); // three users' ceilings, leaving room for the field list reads
        // a one-minute window and rateLimitMaxWait of 2 s: a call that must wait for a reset fails instead
        ProducerTemplate template = start(account(limit).user("solo", "Solo-Secret").build(), c -> {
            wssePool(c);
            c.setRateLimitMaxWait(2000);
        }, null);
        for (int i = 0; i < calls; i++) {
            String email = "ceiling" + i + "@example.com";
            Exchange done = template.send("emarsys:contact/upsert", e -> e.getMessage().setBody(contact(email, "C")));
            assertNull(done.getException(), "call " + (i + 1) + " of " + calls);
        }
        Map<String, Long> ok = contactWritesByUser(200);
        assertEquals((long) calls, ok.values().stream().mapToLong(Long::longValue).sum(), ok.toString());
        assertTrue(calls > limit, "more than one user's ceiling of " + limit + " in one window");
        Map<String, Long> all = sim.journal().last(1000).stream().filter(e -> e.status() == 200)
                .collect(Collectors.groupingBy(Journal.Entry::user, Collectors.counting()));
        all.values().forEach(n -> assertTrue(n <= limit, "no user beyond its own budget: " + all));
        assertEquals(users, all.size(), "every user carried calls: " + all);
        assertTrue(sim.journal().last(1000).stream().noneMatch(e -> e.status() == 429),
                "the pool used the budgets it knew, without a 429");

        // the same calls with one user (solo, whose budget is fresh): its ceiling stops the sixth call in the window
        camel.stop();
        CamelContext single = new DefaultCamelContext();
        EmarsysComponent emarsys = new EmarsysComponent();
        emarsys.getConfiguration().setBaseUrl(sim.baseUrl());
        emarsys.getConfiguration().setUsername("solo");
        emarsys.getConfiguration().setSecret("Solo-Secret");
        emarsys.getConfiguration().setRateLimitMaxWait(2000);
        single.addComponent("emarsys", emarsys);
        single.start();
        try {
            ProducerTemplate solo = single.createProducerTemplate();
            int carried = 0;
            Exchange last = null;
            for (int i = 0; i < calls && (last == null || last.getException() == null); i++) {
                last = solo.send("emarsys:raw/call?path=/settings", e -> e.getMessage().setBody(null));
                carried += last.getException() == null ? 1 : 0;
            }
            assertEquals(limit, carried, "one user carries its ceiling, no more, in the window");
            assertInstanceOf(EmarsysRateLimitException.class, last.getException());
        } finally {
            single.stop();
        }
    }

    @Test
    void mismatchedPoolOptionsFailTheStartNamingTheOptionsButNoSecret() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> start(account(1000).build(), c -> {
                    c.setPoolUsernames("api2,api3");
                    c.setPoolSecrets("Only-One-Secret");
                }, null).requestBody("emarsys:contact/upsert", contact("x@example.com", "X")));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("poolUsernames names 2 API user(s) but poolSecrets holds 1"),
                root.getMessage());
        assertFalse(root.getMessage().contains("Only-One-Secret"), root.getMessage());
    }

    private JsonNode stored(String email) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                sim.controlUrl() + "/contacts?value=" + URLEncoder.encode(email, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
