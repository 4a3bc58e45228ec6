package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The segment import: full run at start (overdue), changes run, stitching, opt-in write-back, one runner (the leader
 * of the store's lease), a run fenced off when its lease is taken over, and the next leader resuming it.
 */
class SegmentImportRouteTest extends KafkaRouteTestSupport {

    private static final String ROUTES = "classpath:templates/emarsys-segment-import.yaml,"
            + "classpath:test-routes/segment-import.yaml";
    private static final Path DATA;
    private static String segmentId;

    static {
        try {
            DATA = Files.createTempDirectory("import-test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    String routes() {
        return ROUTES;
    }

    @Override
    void configure(Main main) {
        try {
            seed();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        importProperties(main);
    }

    private static void importProperties(Main main) {
        main.bind("meters", new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        main.addOverrideProperty("camel.main.routes-include-pattern", ROUTES);
        main.addOverrideProperty("emarsys.import.segments", segmentId);
        main.addOverrideProperty("emarsys.import.fields", "First Name");
        main.addOverrideProperty("emarsys.import.phone-fields", "Phone");
        main.addOverrideProperty("emarsys.import.cron", "0 0 0 1 1 ? 2099");
        main.addOverrideProperty("emarsys.import.start-delay-ms", "100");
        main.addOverrideProperty("emarsys.import.profiles-topic", "test.profiles");
        main.addOverrideProperty("emarsys.store.jdbc-url", "jdbc:h2:mem:import-test;DB_CLOSE_DELAY=-1");
        main.addOverrideProperty("camel.health.enabled", "true");
        main.addOverrideProperty("camel.health.exposure-level", "full"); // the details of UP checks too
        main.addOverrideProperty("emarsys.import.lease-seconds", "3");
        main.addOverrideProperty("emarsys.import.lease-renew-seconds", "0.5");
        main.addOverrideProperty("camel.component.emarsys.poll-interval", "50");
    }

    private void seed() throws Exception {
        post("/contacts", "[{\"3\":\"ann@example.com\",\"1\":\"Ann\",\"15\":\"+49 30 1111111\",\"31\":1},"
                + "{\"3\":\"anna@example.org\",\"1\":\"Anna\",\"15\":\"030 1111111\",\"31\":2},"
                + "{\"3\":\"bob@example.com\",\"1\":\"Bob\",\"15\":\"12\"},"
                + "{\"3\":\"carl@example.com\",\"1\":\"Carl\"}]");
        segmentId = post("/segments", "{\"name\":\"Import\"}").path("id").asText();
        http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl() + "/settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"exportDelayMillis\":300,\"segmentEvaluationMillis\":0}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(String path, String body) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private long exportsStarted() {
        return ((Number) EMARSYS.simulator().stats().get("exportsStarted")).longValue();
    }

    @Test
    void importRunsAtStartStitchesWritesBackOptInsThenReadsOnlyChangesAndRunsOnce() throws Exception {
        // 1. the overdue run at start: a full import
        List<JsonNode> first = new ArrayList<>();
        await("the profiles of the first run", () -> {
            try {
                first.clear();
                first.addAll(json("test.profiles"));
                return first.size() >= 3;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(3, first.size(), first.toString());
        JsonNode annAndAnna = first.stream().filter(p -> p.path("emails").size() == 2).findFirst().orElseThrow();
        assertEquals("[\"+49301111111\"]", annAndAnna.path("phones").toString(), "same phone, two e-mails: one profile");
        JsonNode bob = first.stream().filter(p -> p.path("emails").toString().contains("bob")).findFirst().orElseThrow();
        assertEquals(0, bob.path("phones").size(), "an invalid phone is no key");
        // anna's row came last: the profile's opt-in (False) is written back to ann
        await("ann's opt-in written back", () -> storedWith("ann@example.com", "31", "2"));
        assertTrue(requestsTo("/api/v2/export/filter") >= 1, "a full segment export");
        io.micrometer.core.instrument.MeterRegistry registry = main.getCamelContext().getRegistry()
                .lookupByNameAndType("meters", io.micrometer.core.instrument.MeterRegistry.class);
        assertEquals(4.0, registry.get("emarsys.import.rows").gauge().value(), "the progress gauges");

        // 2. a change, then a run that reads only the changes
        main.getCamelContext().createProducerTemplate().sendBody("emarsys:contact/update",
                Map.of("email", "carl@example.com", "First Name", "Carlos"));
        long changesBefore = requestsTo("/api/v2/contact/getchanges");
        main.getCamelContext().createProducerTemplate().sendBody("direct:emarsys-segment-import-now", null);
        assertEquals(changesBefore + 1, requestsTo("/api/v2/contact/getchanges"), "the second run reads changes");
        // (the topic has two partitions: records are compared as a set, not by position)
        List<JsonNode> all = json("test.profiles");
        assertTrue(all.stream().anyMatch(p -> "Carlos".equals(p.path("fields").path("First Name").asText())),
                all.toString());
        assertEquals(1, all.stream().filter(p -> p.path("emails").toString().contains("bob")).count(),
                "an unchanged profile is not published again: " + all);

        // 3. two instances: the leader runs, the other skips
        Main other = new Main();
        other.addOverrideProperty("camel.main.name", "second-import-instance");
        other.addOverrideProperty("camel.component.kafka.brokers", KAFKA.bootstrapServers());
        other.addOverrideProperty("camel.component.emarsys.base-url", EMARSYS.simulator().baseUrl());
        other.addOverrideProperty("camel.component.emarsys.username", EMARSYS.simulator().config().username());
        other.addOverrideProperty("camel.component.emarsys.secret", EMARSYS.simulator().config().secret());
        importProperties(other);
        other.start();
        try {
            long exports = exportsStarted();
            http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl() + "/settings"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"exportDelayMillis\":1500}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            CompletableFuture<Object> a = main.getCamelContext().createProducerTemplate()
                    .asyncRequestBody("direct:emarsys-segment-import-now", null);
            CompletableFuture<Object> b = other.getCamelContext().createProducerTemplate()
                    .asyncRequestBody("direct:emarsys-segment-import-now", null);
            a.get();
            b.get();
            assertEquals(exports + 1, exportsStarted(), "exactly one instance ran the import");
            assertEquals("never run", other.getCamelContext().getRegistry().lookupByNameAndType("emarsysSegmentImport",
                    io.camelemarsys.routes.importer.SegmentImport.class).status(), "the other instance skipped");
            assertEquals(1.0, leaderGauge(main), "the leader's gauge");
            assertEquals(0.0, leaderGauge(other), "the other's gauge");
            HealthCheck.Result leaderHealth = importLeaderHealth(main);
            HealthCheck.Result otherHealth = importLeaderHealth(other);
            assertEquals(HealthCheck.State.UP, otherHealth.getState());
            assertEquals(Boolean.TRUE, leaderHealth.getDetails().get("leader"));
            assertEquals(Boolean.FALSE, otherHealth.getDetails().get("leader"));
            assertEquals(leaderHealth.getDetails().get("member.id"), otherHealth.getDetails().get("leader.id"),
                    "the other shows who leads");
            assertTrue(otherHealth.getMessage().orElse("").endsWith("leads the import; this instance ("
                    + otherHealth.getDetails().get("member.id") + ") stands by"), otherHealth.getMessage().toString());
        } finally {
            other.stop();
        }

        // 4. the lease is taken over while the leader's run exports: the run stops before it publishes anything;
        // when the leadership comes back (here, to the same instance), the unfinished run is resumed
        main.getCamelContext().createProducerTemplate().sendBody("emarsys:contact/update",
                Map.of("email", "carl@example.com", "First Name", "Carl IV"));
        javax.sql.DataSource store = main.getCamelContext().getRegistry().lookupByNameAndType("emarsysStore",
                javax.sql.DataSource.class);
        try (LogCapture log = new LogCapture()) {
            long exports = exportsStarted();
            CompletableFuture<Object> run = main.getCamelContext().createProducerTemplate()
                    .asyncRequestBody("direct:emarsys-segment-import-now", null);
            await("the run's export", () -> exportsStarted() > exports);
            sql(store, "UPDATE emarsys_lease SET holder = 'intruder', token = token + 1, "
                    + "expires_at = CURRENT_TIMESTAMP + INTERVAL '60' SECOND");
            run.get();
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("stops and writes nothing more: Instance "
                    + "contact-sink-test@") && line.contains("(now held by intruder with token")), log.lines().toString());
            await("the gauge shows the lost leadership", () -> leaderGauge(main) == 0.0);
        }
        assertTrue(json("test.profiles").stream().noneMatch(p -> "Carl IV".equals(p.path("fields").path("First Name")
                .asText())), "the fenced run published nothing");
        sql(store, "UPDATE emarsys_lease SET holder = NULL, expires_at = CURRENT_TIMESTAMP"); // the intruder stops
        await("the resumed run's profile", () -> {
            try {
                return json("test.profiles").stream().anyMatch(p -> "Carl IV".equals(p.path("fields")
                        .path("First Name").asText()));
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(1.0, leaderGauge(main));
        assertEquals(1, json("test.profiles").stream().filter(p -> "Carl IV".equals(p.path("fields").path("First Name")
                .asText())).count(), "published once");
    }

    private static double leaderGauge(Main app) {
        return app.getCamelContext().getRegistry().lookupByNameAndType("meters",
                io.micrometer.core.instrument.MeterRegistry.class).get("emarsys.import.leader").gauge().value();
    }

    private static HealthCheck.Result importLeaderHealth(Main app) {
        return org.apache.camel.health.HealthCheckHelper.invoke(app.getCamelContext()).stream()
                .filter(result -> result.getCheck().getId().equals("emarsys-import-leader")).findFirst()
                .orElseThrow(() -> new AssertionError("no health check emarsys-import-leader"));
    }

    private static void sql(javax.sql.DataSource store, String update) throws Exception {
        try (java.sql.Connection connection = store.getConnection();
             java.sql.Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate(update), update);
        }
    }

    private long requestsTo(String path) {
        try {
            long n = 0;
            for (JsonNode entry : JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(
                    EMARSYS.simulator().controlUrl() + "/journal?limit=10000")).build(),
                    HttpResponse.BodyHandlers.ofString()).body())) {
                if (entry.path("path").asText().equals(path)) {
                    n++;
                }
            }
            return n;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
