package io.camelemarsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.camelemarsys.kafka.EmbeddedKafkaBroker;
import io.camelemarsys.kafka.KafkaTopics;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.TriggerAudit;
import io.camelemarsys.simulator.http.Faults;

/**
 * The packaged app against "real" Kafka and Emarsys (a broker and the simulator in this JVM, 10% server errors, 30%
 * dropped replies), killed hard twice in the middle of the stream: afterwards every contact record is in Emarsys or
 * on the dead-letter topic, the counts add up, and, counted on what the app sent (the simulator's journal), no
 * event fired twice and every re-sent trigger reused its id.
 */
class AppKilledMidStreamIT {

    private static final int CONTACTS = 3000;
    private static final int EVENTS = 600;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(180);

    @Test
    void everyRecordEndsInEmarsysOrTheDeadLetterTopicAndNoEventFiresTwice() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(3);
             EmarsysSimulator sim = EmarsysSimulator.start(SimulatorConfig.builder().rateLimitPerMinute(0)
                     .journalCapacity(1_000_000).build())) {
            sim.account().events().create("order_completed", sim.account().now());
            produce(kafka);
            sim.faults(new Faults(0.10, 0, 0, 0, 0, 0, 5, 0.30));
            Path work = Files.createTempDirectory("app-killed");
            PackagedApp first = start(kafka, sim, work);
            Wait.until("some contacts", WAIT, () -> count(sim) > 300, () -> first.tail(40));
            first.kill();
            PackagedApp second = start(kafka, sim, work);
            Wait.until("more contacts", WAIT, () -> count(sim) > 1500, () -> second.tail(40));
            second.kill();
            PackagedApp third = start(kafka, sim, work);
            Wait.until("every offset committed", WAIT, () -> KafkaTopics.committed(kafka.bootstrapServers(),
                    "emarsys-contacts", "emarsys.contacts") == CONTACTS && KafkaTopics.committed(kafka.bootstrapServers(),
                    "emarsys-events", "emarsys.events") == EVENTS, () -> third.tail(40));
            third.close();
            sim.faults(Faults.NONE);
            assertTrue(((Number) sim.stats().get("repliesDropped")).longValue() > 0, sim.stats().toString());

            Set<String> deadLettered = new HashSet<>();
            for (var record : KafkaTopics.records(kafka.bootstrapServers(), "emarsys.dlq", Duration.ofSeconds(4))) {
                JsonNode letter = JSON.readTree(record.value());
                if ("emarsys.contacts".equals(letter.path("source").path("topic").asText())) {
                    deadLettered.add(JSON.readTree(letter.path("record").asText()).path("email").asText());
                }
            }
            HttpClient http = HttpClient.newHttpClient();
            int stored = 0;
            for (int i = 0; i < CONTACTS; i++) {
                String email = "kill" + i + "@example.com";
                JsonNode found = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sim.controlUrl()
                        + "/contacts?value=" + email)).build(), HttpResponse.BodyHandlers.ofString()).body());
                boolean inEmarsys = found.size() == 1;
                assertTrue(inEmarsys ^ deadLettered.contains(email), email + " must be in Emarsys or dead-lettered, once");
                stored += inEmarsys ? 1 : 0;
            }
            assertEquals(CONTACTS / 100, deadLettered.size(), "exactly the refused records are dead letters");
            assertEquals(CONTACTS, stored + deadLettered.size(), "the counts add up");
            // what was sent, not only what the simulator kept after dropping repeated trigger ids
            TriggerAudit audit = TriggerAudit.of(sim);
            assertEquals(EVENTS, audit.fired(), "every event triggered: " + audit);
            assertEquals(0, audit.firedTwice(), "no event fired twice: " + audit);
            assertEquals(EVENTS, audit.sent(), "one trigger id per record, however often it was sent: " + audit);
            assertEquals(0, audit.sentNotFired(), "every re-sent trigger reused its id: " + audit);
        }
    }

    private static PackagedApp start(EmbeddedKafkaBroker kafka, EmarsysSimulator sim, Path work) throws Exception {
        return PackagedApp.start(work, Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "EMARSYS_BASE_URL", sim.baseUrl(), "EMARSYS_USERNAME", sim.config().username(),
                "EMARSYS_SECRET", sim.config().secret(),
                "EMARSYS_HTTP_PORT", Integer.toString(PackagedApp.freePort()),
                "EMARSYS_MANAGEMENT_PORT", Integer.toString(PackagedApp.freePort())), "-Xmx512m");
    }

    private static void produce(EmbeddedKafkaBroker kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < CONTACTS; i++) {
                String email = "kill" + i + "@example.com";
                String birth = i % 100 == 0 ? "31.12.1999" : "1990-01-01"; // refused: must be dead-lettered
                producer.send(new ProducerRecord<>("emarsys.contacts", email,
                        "{\"email\":\"" + email + "\",\"birth_date\":\"" + birth + "\"}"));
            }
            for (int i = 0; i < EVENTS; i++) {
                // events of valid contacts only (i * 5 + 1 is never one of the refused multiples of 100)
                String email = "kill" + (i * 5 + 1) + "@example.com";
                producer.send(new ProducerRecord<>("emarsys.events", email,
                        "{\"eventName\":\"order_completed\",\"key\":\"" + email + "\"}"));
            }
        }
    }

    private static long count(EmarsysSimulator sim) {
        return ((Number) sim.stats().get("contacts")).longValue();
    }
}
