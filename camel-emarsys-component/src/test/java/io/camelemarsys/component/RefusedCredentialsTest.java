package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.logging.log4j.core.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.http.Faults;

/**
 * Credentials Emarsys refuses: the calls of that API user are not sent for a growing delay, one call tries again
 * when it has passed, the cause is logged once per try (one line, no stack trace, no credential) and shown by the
 * producer health check, and a success ends it. Callers that loop on failure, as a Kafka route redelivering a batch
 * does, are what would hammer the API.
 */
class RefusedCredentialsTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private static final String WRONG_SECRET = "wrong-Secret-5e1d";
    private static final long INITIAL_DELAY = 200;
    private static final long MAX_DELAY = 800;
    private static final int CALLERS = 4;
    private static final long RUN_MILLIS = 4000;

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    @BeforeEach
    void resetSimulator() {
        control("POST", "/reset", null);
    }

    @AfterEach
    void clearFaults() {
        EMARSYS.simulator().faults(Faults.NONE);
    }

    private String settingsUri(String options) {
        return "emarsys:settings/get?authFailureInitialDelay=" + INITIAL_DELAY + "&authFailureMaxDelay=" + MAX_DELAY
                + options;
    }

    /** CALLERS threads calling the URI back to back for RUN_MILLIS, as consumers redelivering a failed batch. */
    private List<Exchange> hammer(String uri) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            long deadline = System.nanoTime() + RUN_MILLIS * 1_000_000;
            List<Future<List<Exchange>>> futures = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                futures.add(pool.submit(() -> {
                    List<Exchange> exchanges = new ArrayList<>();
                    while (System.nanoTime() < deadline) {
                        exchanges.add(call(uri, null));
                    }
                    return exchanges;
                }));
            }
            List<Exchange> all = new ArrayList<>();
            for (Future<List<Exchange>> future : futures) {
                all.addAll(future.get(RUN_MILLIS + 30_000, TimeUnit.MILLISECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private long apiRequests(String path) {
        long count = 0;
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("path").asText().equals(path)) {
                count++;
            }
        }
        return count;
    }

    /**
     * At most one try per initial delay (the delays only grow), plus the calls that were already in flight when the
     * first refusal arrived.
     */
    private static long bound() {
        return RUN_MILLIS / INITIAL_DELAY + CALLERS + 1;
    }

    @Test
    void wrongWsseSecretIsTriedOncePerDelayLoggedOncePerTryAndShownInHealth() throws Exception {
        String uri = settingsUri("&secret=RAW(" + WRONG_SECRET + ")");
        List<Exchange> exchanges;
        try (LogCapture logs = LogCapture.open()) {
            exchanges = hammer(uri);

            long requests = apiRequests("/api/v2/settings");
            assertTrue(requests >= 2, "the credentials were tried more than once: " + requests);
            assertTrue(requests <= bound(), CALLERS + " callers for " + RUN_MILLIS + " ms sent " + requests
                    + " requests; refused credentials allow at most " + bound());

            List<LogEvent> warnings = logs.warnings();
            assertFalse(warnings.isEmpty(), "the refusal is logged");
            assertTrue(warnings.size() <= requests, "at most one WARN line per refused try: " + warnings.size()
                    + " lines for " + requests + " requests");
            for (LogEvent warning : warnings) {
                assertNull(warning.getThrown(), "no stack trace: " + warning.getMessage().getFormattedMessage());
            }
            String first = warnings.get(0).getMessage().getFormattedMessage();
            assertTrue(first.contains("Emarsys refused the credentials of wsse API user")
                    && first.contains("HTTP 401") && first.contains("next try in"), first);
            for (String line : logs.lines()) {
                assertFalse(line.contains(WRONG_SECRET), "a credential in the log: " + line);
                assertFalse(line.contains(simulator().config().username()), "the API user name in the log: " + line);
            }
        }

        assertTrue(exchanges.size() > CALLERS, "the callers went on calling: " + exchanges.size());
        for (Exchange exchange : exchanges) {
            EmarsysAuthenticationException e = assertInstanceOf(EmarsysAuthenticationException.class,
                    exchange.getException());
            assertEquals(401, e.getHttpResponseCode());
            assertFalse(e.getMessage().contains(WRONG_SECRET), e.getMessage());
        }

        EmarsysComponent component = context.getComponent("emarsys", EmarsysComponent.class);
        component.setHealthCheckProducerEnabled(true);
        EmarsysProducer producer = (EmarsysProducer) context.getEndpoint(uri).createProducer();
        producer.start();
        HealthCheck.Result health = producer.healthCheck().call();
        assertEquals(HealthCheck.State.DOWN, health.getState());
        String message = String.valueOf(health.getMessage().orElse(""));
        assertTrue(message.startsWith("Emarsys refused the credentials of wsse API user") && message.contains("since")
                && message.contains("next try"), message);
        assertEquals(401, health.getDetails().get(HealthCheck.HTTP_RESPONSE_CODE));
        assertFalse(message.contains(WRONG_SECRET), message);
    }

    @Test
    void refusingTokenEndpointIsTriedOncePerDelay() throws Exception {
        EmarsysSimulator sim = EMARSYS.simulator();
        String uri = settingsUri("&authMode=oauth2&clientId=" + sim.config().clientId() + "&clientSecret=RAW("
                + WRONG_SECRET + ")&tokenUrl=" + sim.tokenUrl());

        List<Exchange> exchanges = hammer(uri);

        long tokenRequests = apiRequests("/oauth2/token");
        assertTrue(tokenRequests >= 2 && tokenRequests <= bound(), CALLERS + " callers for " + RUN_MILLIS
                + " ms sent " + tokenRequests + " token requests; at most " + bound() + " allowed");
        assertEquals(0, apiRequests("/api/v3/settings"), "no API call without a token");
        EmarsysAuthenticationException e = assertInstanceOf(EmarsysAuthenticationException.class,
                exchanges.get(exchanges.size() - 1).getException());
        assertTrue(e.getMessage().contains("check client-id, client-secret"), e.getMessage());
    }

    @Test
    void callsFlowAgainWhenEmarsysAcceptsTheCredentialsAgain() throws Exception {
        EmarsysSimulator sim = EMARSYS.simulator();
        String uri = settingsUri("");
        sim.faults(new Faults(0, 0, 0, 0, 0, 0, 1, false, true));
        AtomicInteger refused = new AtomicInteger();
        try (LogCapture logs = LogCapture.open()) {
            for (long end = System.nanoTime() + 1_500_000_000L; System.nanoTime() < end; ) {
                if (call(uri, null).getException() instanceof EmarsysAuthenticationException) {
                    refused.incrementAndGet();
                }
            }
            assertTrue(refused.get() > 0);
            long refusedRequests = apiRequests("/api/v2/settings");
            assertTrue(refusedRequests <= 1_500 / INITIAL_DELAY + 1, "tried " + refusedRequests + " times");

            sim.faults(Faults.NONE); // the API user's credentials are accepted again

            Exchange recovered = call(uri, null);
            assertNull(recovered.getException(), () -> "the next try succeeds: " + recovered.getException());
            assertNull(call(uri, null).getException(), "and the calls after it are sent at once");
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("accepts the credentials of wsse API user")),
                    "the recovery is logged: " + logs.lines());
        }

        List<Integer> statuses = new ArrayList<>();
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("path").asText().equals("/api/v2/settings")) {
                statuses.add(entry.path("status").asInt());
            }
        }
        assertEquals(List.of(200, 200), statuses.subList(statuses.size() - 2, statuses.size()), statuses.toString());
        assertTrue(statuses.subList(0, statuses.size() - 2).stream().allMatch(s -> s == 401), statuses.toString());
    }
}
