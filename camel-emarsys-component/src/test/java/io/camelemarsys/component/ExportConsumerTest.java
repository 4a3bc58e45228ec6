package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/** The export consumers: changes with a watermark, overlap and resume; segment snapshots. */
class ExportConsumerTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .rateLimitPerMinute(0).seedContacts(30).exportDelay(Duration.ofMillis(100)).build());

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    private static final String SINCE = Instant.now().minusSeconds(3600).toString();

    /** Each test starts from the seeded account, so that one test's changes are not in another's window. */
    @BeforeEach
    void resetSimulator() {
        control("POST", "/reset", null);
    }

    /** A context of its own, as an app instance that can be stopped and started again. */
    private CamelContext app(String uri, List<Map<String, Object>> received, AtomicBoolean failOnce, int failAt,
                             Object state) throws Exception {
        CamelContext app = new DefaultCamelContext();
        EmarsysComponent emarsys = new EmarsysComponent();
        emarsys.getConfiguration().setBaseUrl(simulator().baseUrl());
        emarsys.getConfiguration().setUsername(simulator().config().username());
        emarsys.getConfiguration().setSecret(simulator().config().secret());
        app.addComponent("emarsys", emarsys);
        app.getRegistry().bind("state", state);
        app.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("export-consumer").process(exchange -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> row = exchange.getMessage().getBody(Map.class);
                    if (failOnce != null && received.size() == failAt && failOnce.compareAndSet(true, false)) {
                        throw new IllegalStateException("the app dies while processing row " + failAt);
                    }
                    received.add(row);
                });
            }
        });
        return app;
    }

    private static void awaitSize(List<?> list, int size) {
        Awaitility.await(size + " rows").atMost(Duration.ofSeconds(20)).until(() -> list.size() >= size);
    }

    /** Waits until the consumer has exported {@code polls} more windows. */
    private void awaitMorePolls(int polls) {
        long target = requestsTo("POST", "/api/v2/contact/getchanges") + polls;
        Awaitility.await("the consumer kept polling").atMost(Duration.ofSeconds(20))
                .until(() -> requestsTo("POST", "/api/v2/contact/getchanges") >= target);
    }

    private static List<String> emails(List<Map<String, Object>> rows) {
        List<String> emails = new ArrayList<>();
        rows.forEach(r -> emails.add(String.valueOf(r.get("email"))));
        return emails;
    }

    @Test
    void eachChangesRowCarriesItsWindowAndIndexAsDocumentedHeaders() throws Exception {
        template.sendBody("emarsys:contact/upsert", List.of(Map.of("email", "hdr0@example.com"),
                Map.of("email", "hdr1@example.com")));
        List<Map<String, Object>> headers = Collections.synchronizedList(new ArrayList<>());
        context.getRegistry().bind("headerState", new MemoryStateRepository());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("emarsys:export/changes?fields=email&since=" + SINCE + "&delay=100&pollInterval=20"
                        + "&stateKey=headers&stateRepository=#headerState")
                        .process(e -> headers.add(Map.copyOf(e.getMessage().getHeaders())));
            }
        });
        awaitSize(headers, 2);
        Map<String, Object> first = headers.get(0);
        assertEquals(0L, first.get(EmarsysConstants.ROW_INDEX));
        assertEquals(1L, headers.get(1).get(EmarsysConstants.ROW_INDEX));
        Instant start = (Instant) first.get(EmarsysConstants.WINDOW_START);
        Instant end = (Instant) first.get(EmarsysConstants.WINDOW_END);
        assertTrue(start.isBefore(end), start + " " + end);
        assertTrue(String.valueOf(first.get(EmarsysConstants.EXPORT_ID)).matches("\\d+"), String.valueOf(first));
    }

    @Test
    void aConsumerWithOutputTypeStreamIsRefusedAtStart() {
        Exception error = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> context.addRoutes(
                new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("emarsys:export/segment?segmentId=1&outputType=stream").to("log:rows");
                    }
                }));
        Throwable cause = error;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertEquals("emarsys:export/segment as a consumer emits one exchange per row; outputType 'stream' is for "
                + "to(...): leave it out (rows)", cause.getMessage());
    }

    @Test
    void changesAreEmittedOnceAcrossOverlappingWindowsAndAgainWhenTheyChange() throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(Map.of("email", "watch" + i + "@example.com", "First Name", "W" + i));
        }
        template.sendBody("emarsys:contact/upsert", batch);
        List<Map<String, Object>> received = Collections.synchronizedList(new ArrayList<>());
        CamelContext app = app("emarsys:export/changes?fields=email,First Name&since=" + SINCE
                + "&delay=100&pollInterval=20&stateKey=watch&stateRepository=#state", received, null, 0,
                new MemoryStateRepository());
        app.start();
        try {
            awaitSize(received, 5);
            awaitMorePolls(3); // three more windows over the overlap: nothing new may come
            assertEquals(5, received.size(), "overlap duplicates dropped: " + emails(received));
            assertTrue(received.get(0).containsKey("id"), "changes rows carry the contact id");

            template.sendBody("emarsys:contact/upsert", List.of(Map.of("email", "watch1@example.com", "First Name", "Changed"),
                    Map.of("email", "watch9@example.com", "First Name", "New")));
            awaitSize(received, 7);
            awaitMorePolls(2);
            assertEquals(7, received.size(), emails(received).toString());
            assertTrue(received.stream().anyMatch(r -> "Changed".equals(r.get("First Name"))));
        } finally {
            app.close();
        }
    }

    @Test
    void aConsumerRestartedInTheMiddleOfAWindowResumesWithoutLosingOrRepeatingRows() throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            batch.add(Map.of("email", "resume" + i + "@example.com"));
        }
        template.sendBody("emarsys:contact/upsert", batch);
        Path stateFile = Files.createTempFile("emarsys-state", ".dat");
        String uri = "emarsys:export/changes?fields=email&since=" + SINCE + "&delay=100&pollInterval=20"
                + "&stateKey=resume&stateFile=" + stateFile + "&initialDelay=0";
        List<Map<String, Object>> received = Collections.synchronizedList(new ArrayList<>());

        // first run: the app dies on the 4th row of the window
        AtomicBoolean failOnce = new AtomicBoolean(true);
        CamelContext first = app(uri, received, failOnce, 3, new Object());
        first.start();
        Awaitility.await("the failure on the 4th row").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10)).untilFalse(failOnce);
        first.close();
        int beforeRestart = received.size();
        assertEquals(3, beforeRestart, "rows 0..2 were processed before the failure");

        // second run, same state file: it resumes at row 3
        CamelContext second = app(uri, received, null, 0, new Object());
        second.start();
        try {
            awaitSize(received, 8);
            awaitMorePolls(2);
        } finally {
            second.close();
        }
        List<String> emails = emails(received);
        assertEquals(8, emails.size(), "every row exactly once: " + emails);
        for (int i = 0; i < 8; i++) {
            assertTrue(emails.contains("resume" + i + "@example.com"), "row resume" + i + " lost: " + emails);
        }
    }

    @Test
    void segmentConsumerEmitsASnapshotEachPoll() throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> segments = template.requestBody("emarsys:segment/list", null, List.class);
        String segmentId = segments.get(0).get("id").toString();
        int contacts = stats().path("contacts").asInt();
        List<Map<String, Object>> received = Collections.synchronizedList(new ArrayList<>());
        CamelContext app = app("emarsys:export/segment?fields=email,optin&segmentId=" + segmentId
                + "&delay=60000&pollInterval=20&stateRepository=#state", received, null, 0, new MemoryStateRepository());
        app.start();
        try {
            awaitSize(received, contacts);
            assertEquals(contacts, emails(received).stream().distinct().count());
        } finally {
            app.close();
        }
    }
}
