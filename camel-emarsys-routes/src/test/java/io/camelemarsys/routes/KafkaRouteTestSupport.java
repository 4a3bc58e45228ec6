package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Properties;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.kafka.EmbeddedKafkaExtension;
import io.camelemarsys.kafka.KafkaTopics;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.http.Faults;

/**
 * Runs route templates as a user would: Camel Main loads the template files and a file of templated routes, the
 * components are configured by properties, one embedded Kafka broker and one simulator serve the test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KafkaRouteTestSupport {


    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);
    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();
    Main main;
    private KafkaProducer<String, String> producer;

    /** The route files to load, as a routes-include-pattern. */
    abstract String routes();

    /** More properties for the app under test. */
    void configure(Main main) {
    }

    @BeforeAll
    void startApp() throws Exception {
        EmarsysSimulator sim = EMARSYS.simulator();
        main = new Main();
        main.addOverrideProperty("camel.main.name", "contact-sink-test");
        main.addOverrideProperty("camel.main.routes-include-pattern", routes());
        main.addOverrideProperty("camel.component.kafka.brokers", KAFKA.bootstrapServers());
        main.addOverrideProperty("camel.component.kafka.poll-timeout-ms", "200");
        main.addOverrideProperty("camel.component.emarsys.base-url", sim.baseUrl());
        main.addOverrideProperty("camel.component.emarsys.username", sim.config().username());
        main.addOverrideProperty("camel.component.emarsys.secret", sim.config().secret());
        main.addOverrideProperty("camel.component.emarsys.max-retries", "1");
        main.addOverrideProperty("camel.component.emarsys.retry-initial-delay", "10");
        // each class its own store (webhook keys, import state), never a file that outlives the run
        main.addOverrideProperty("emarsys.store.jdbc-url", "jdbc:h2:mem:" + getClass().getSimpleName() + "-"
                + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        configure(main);
        main.start();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props);
    }

    @AfterAll
    void stopApp() {
        producer.close();
        main.stop();
    }

    void send(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    JsonNode stored(String email) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl()
                + "/contacts?value=" + URLEncoder.encode(email, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    boolean storedWith(String email, String field, String value) {
        try {
            JsonNode found = stored(email);
            return found.size() == 1 && value.equals(found.get(0).path(field).asText(null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record on the dead-letter topic so far. */
    List<JsonNode> deadLetters() throws Exception {
        return json("test.dlq");
    }

    /** Starts the platform-http server (webhooks, bot API) on a loopback port. */
    static void serveHttpOn(Main main, int port) {
        main.addOverrideProperty("camel.server.enabled", "true");
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
        main.addOverrideProperty("camel.server.port", Integer.toString(port));
    }

    /** Every record on a topic so far (read for three seconds from the start), values parsed as JSON. */
    List<JsonNode> json(String topic) throws Exception {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records(topic)) {
            values.add(JSON.readTree(record.value()));
        }
        return values;
    }

    /** Every record on a topic so far, read for three seconds from the start by a new consumer group. */
    List<ConsumerRecord<String, String>> records(String topic) {
        return KafkaTopics.records(KAFKA.bootstrapServers(), topic, Duration.ofSeconds(3));
    }

    long committed(String group, String topic) {
        return KafkaTopics.committed(KAFKA.bootstrapServers(), group, topic);
    }

    /** A call to the simulator's control API; the answer as JSON. */
    JsonNode control(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** A free loopback port for an HTTP server of the app under test. */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
