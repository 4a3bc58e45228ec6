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
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.kafka.EmbeddedKafkaExtension;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.http.Faults;

/** kafka-to-emarsys-contacts with emarsys-contact-sink, in Camel Main, on an embedded broker and the simulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactSinkRouteTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);
    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Main main;
    private KafkaProducer<String, String> producer;

    @BeforeAll
    void startApp() throws Exception {
        EmarsysSimulator sim = EMARSYS.simulator();
        main = new Main();
        main.addOverrideProperty("camel.main.name", "contact-sink-test");
        main.addOverrideProperty("camel.main.routes-include-pattern",
                "classpath:templates/kafka-to-emarsys-contacts.yaml,classpath:test-routes/contacts.yaml");
        main.addOverrideProperty("camel.component.kafka.brokers", KAFKA.bootstrapServers());
        main.addOverrideProperty("camel.component.kafka.poll-timeout-ms", "200");
        main.addOverrideProperty("camel.component.emarsys.base-url", sim.baseUrl());
        main.addOverrideProperty("camel.component.emarsys.username", sim.config().username());
        main.addOverrideProperty("camel.component.emarsys.secret", sim.config().secret());
        main.addOverrideProperty("camel.component.emarsys.max-retries", "1");
        main.addOverrideProperty("camel.component.emarsys.retry-initial-delay", "10");
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

    private void send(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private JsonNode stored(String email) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl()
                + "/contacts?value=" + URLEncoder.encode(email, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private boolean storedWith(String email, String field, String value) {
        try {
            JsonNode found = stored(email);
            return found.size() == 1 && value.equals(found.get(0).path(field).asText(null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record on the dead-letter topic so far. */
    private List<JsonNode> deadLetters() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonNode> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("test.dlq"));
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(JSON.readTree(record.value()));
                }
            }
        }
        return letters;
    }

    private long committed(String group, String topic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    @Test
    void recordsAreMappedBatchedUpsertedAndCommitted() throws Exception {
        for (int i = 0; i < 1500; i++) {
            send("test.contacts", "bulk" + i + "@example.com",
                    "{\"mail\":\"bulk" + i + "@example.com\",\"first\":\"B" + i + "\",\"gender\":\"female\"}");
        }
        await("1500 contacts", () -> storedWith("bulk1499@example.com", "1", "B1499")
                && storedWith("bulk0@example.com", "5", "2"));
        await("offsets committed", () -> {
            try {
                return committed("test-contacts", "test.contacts") >= 1500;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void recordsOfOneContactAreAppliedInOrder() throws Exception {
        for (int i = 1; i <= 5; i++) {
            send("test.contacts", "order@example.com", "{\"mail\":\"order@example.com\",\"first\":\"V" + i + "\"}");
        }
        await("the last value", () -> storedWith("order@example.com", "1", "V5"));
    }

    @Test
    void whatCannotBeDeliveredGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        send("test.contacts", "broken", "this is not json");
        send("test.contacts", "baddate@example.com", "{\"mail\":\"baddate@example.com\",\"birth_date\":\"31.12.1999\"}");
        send("test.contact-updates", "ghost@example.com", "{\"email\":\"ghost@example.com\",\"First Name\":\"G\"}");
        send("test.contacts", "fine@example.com", "{\"mail\":\"fine@example.com\"}");
        await("the good record", () -> storedWith("fine@example.com", "3", "fine@example.com"));
        List<JsonNode> letters = new ArrayList<>();
        await("three dead letters", () -> {
            try {
                letters.clear();
                letters.addAll(deadLetters());
                return letters.size() >= 3;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode notJson = letters.stream().filter(l -> l.path("record").asText().equals("this is not json"))
                .findFirst().orElseThrow();
        assertTrue(notJson.path("reason").asText().contains("not JSON"), notJson.toString());
        assertEquals("test.contacts", notJson.path("source").path("topic").asText());
        assertTrue(notJson.path("source").path("offset").asLong() >= 0);
        JsonNode badDate = letters.stream().filter(l -> l.path("record").asText().contains("baddate")).findFirst()
                .orElseThrow();
        assertEquals(-1, badDate.path("replyCode").asInt());
        assertTrue(badDate.path("replyText").asText().contains("YYYY-MM-DD"), badDate.toString());
        JsonNode ghost = letters.stream().filter(l -> l.path("record").asText().contains("ghost")).findFirst()
                .orElseThrow();
        assertEquals(2008, ghost.path("replyCode").asInt(), ghost.toString());
        assertTrue(ghost.hasNonNull("failedAt"));
    }

    @Test
    void nothingIsLostWhileEmarsysFailsTheBatchIsDeliveredAgain() throws Exception {
        EMARSYS.simulator().faults(new Faults(1.0, 0, 0, 0, 0, 0, 3));
        try {
            for (int i = 0; i < 20; i++) {
                send("test.contacts", "outage" + i + "@example.com", "{\"mail\":\"outage" + i + "@example.com\"}");
            }
            long committedBefore = committed("test-contacts", "test.contacts");
            await("failed attempts", () -> ((Number) EMARSYS.simulator().stats().get("serverErrorsInjected"))
                    .longValue() >= 6);
            assertTrue(stored("outage0@example.com").isEmpty());
            assertEquals(committedBefore, committed("test-contacts", "test.contacts"),
                    "nothing is committed while Emarsys refuses the batch");
        } finally {
            EMARSYS.simulator().faults(Faults.NONE);
        }
        await("every record after the outage", () -> {
            for (int i = 0; i < 20; i++) {
                if (!storedWith("outage" + i + "@example.com", "3", "outage" + i + "@example.com")) {
                    return false;
                }
            }
            return true;
        });
    }
}
