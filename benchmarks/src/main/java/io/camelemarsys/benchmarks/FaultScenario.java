package io.camelemarsys.benchmarks;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.camelemarsys.kafka.EmbeddedKafkaBroker;
import io.camelemarsys.kafka.KafkaTopics;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.TriggerAudit;
import io.camelemarsys.simulator.http.Faults;

/**
 * The fault suite at full size: the app (its own process, examples/target/camel-emarsys-app.jar) against a broker and the simulator with
 * 10% server errors, 5% dropped replies (processed, then no answer), 429 bursts and 2-second latency spikes; the
 * broker restarted once and the app killed hard twice while N contact and N/10 event records stream. Then: every
 * contact record in Emarsys or on the dead-letter topic, exactly once; and, counted on what the app sent (the
 * simulator's journal, see {@link TriggerAudit}), triggers sent twice (re-sends), no event fired twice, every
 * re-sent trigger under its first id.
 */
final class FaultScenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int contacts;
    private final int events;

    FaultScenario(long records) {
        this.contacts = (int) records;
        this.events = (int) Math.max(1, records / 10);
    }

    Benchmarks.Report run() throws Exception {
        Path work = Files.createTempDirectory("fault-bench");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(3);
             EmarsysSimulator sim = EmarsysSimulator.start(SimulatorConfig.builder().rateLimitPerMinute(0)
                     .rateLimitWindow(Duration.ofSeconds(5)).journalCapacity(1_000_000).build())) {
            sim.account().events().create("order_completed", sim.account().now());
            sim.faults(new Faults(0.10, 0.01, 2000, 0, 20, 0, 7, 0.05));
            long started = System.nanoTime();
            produce(kafka, 0, contacts / 2);
            Process app = start(kafka, sim, work);
            await(() -> contacts(sim) > contacts / 6);
            kafka.restart();
            produce(kafka, contacts / 2, contacts);
            await(() -> contacts(sim) > contacts / 3);
            app.destroyForcibly().waitFor();
            app = start(kafka, sim, work);
            await(() -> contacts(sim) > contacts * 2 / 3);
            app.destroyForcibly().waitFor();
            app = start(kafka, sim, work);
            await(() -> KafkaTopics.committed(kafka.bootstrapServers(), "emarsys-contacts", "emarsys.contacts") == contacts
                    && KafkaTopics.committed(kafka.bootstrapServers(), "emarsys-events", "emarsys.events") == events);
            double seconds = (System.nanoTime() - started) / 1e9;
            app.toHandle().destroy();
            app.waitFor();
            Map<String, Object> stats = sim.stats();
            sim.faults(Faults.NONE);

            Set<String> deadLettered = new HashSet<>();
            for (var record : KafkaTopics.records(kafka.bootstrapServers(), "emarsys.dlq", Duration.ofSeconds(8))) {
                JsonNode letter = JSON.readTree(record.value());
                if ("emarsys.contacts".equals(letter.path("source").path("topic").asText())) {
                    deadLettered.add(JSON.readTree(letter.path("record").asText()).path("email").asText());
                }
            }
            int stored = 0;
            int lost = 0;
            int both = 0;
            for (int i = 0; i < contacts; i++) {
                String email = "fault" + i + "@example.com";
                boolean inEmarsys = !sim.account().contacts().find(sim.account().contacts().keyField("3"), email).isEmpty();
                boolean dead = deadLettered.contains(email);
                stored += inEmarsys ? 1 : 0;
                lost += !inEmarsys && !dead ? 1 : 0;
                both += inEmarsys && dead ? 1 : 0;
            }
            // what the app sent (the journal), not only what the simulator kept after dropping repeated trigger ids
            TriggerAudit triggers = TriggerAudit.of(sim);
            String table = "| figure | value |\n| --- | --- |\n"
                    + String.format("| contact records | %d |%n| in Emarsys | %d |%n| dead-lettered | %d |%n| lost | %d |%n"
                            + "| in both | %d |%n| event records | %d |%n| trigger ids sent | %d |%n"
                            + "| trigger ids sent twice or more (re-sends) | %d |%n| events triggered | %d |%n"
                            + "| events triggered twice | %d |%n| trigger ids sent, never triggered (re-sent under a new id) | %d |%n"
                            + "| server errors injected | %s |%n| replies dropped | %s |%n| 429s | %s |%n"
                            + "| broker restarts | 1 |%n| app hard kills | 2 |%n| seconds | %.0f |%n",
                    contacts, stored, deadLettered.size(), lost, both, events, triggers.sent(), triggers.sentTwice(),
                    triggers.fired(), triggers.firedTwice(), triggers.sentNotFired(), stats.get("serverErrorsInjected"),
                    stats.get("repliesDropped"), stats.get("rateLimited"), seconds);
            return new Benchmarks.Report(table, String.format("RESULT faults records=%d stored=%d dead_lettered=%d lost=%d "
                    + "duplicated=%d events=%d events_sent=%d events_sent_twice=%d events_triggered=%d events_twice=%d "
                    + "events_sent_not_triggered=%d server_errors=%s replies_dropped=%s rate_limited=%s seconds=%.0f",
                    contacts, stored, deadLettered.size(), lost, both, events, triggers.sent(), triggers.sentTwice(),
                    triggers.fired(), triggers.firedTwice(), triggers.sentNotFired(), stats.get("serverErrorsInjected"),
                    stats.get("repliesDropped"), stats.get("rateLimited"), seconds));
        } finally {
            Benchmarks.deleteQuietly(work);
        }
    }

    private void produce(EmbeddedKafkaBroker kafka, int from, int to) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = from; i < to; i++) {
                String email = "fault" + i + "@example.com";
                String birth = i % 100 == 0 ? "31.12.1999" : "1990-01-01"; // refused: must be dead-lettered
                producer.send(new ProducerRecord<>("emarsys.contacts", email, "{\"email\":\"" + email
                        + "\",\"birth_date\":\"" + birth + "\"}"));
                if (i % 10 == 1 && i / 10 < events) {
                    producer.send(new ProducerRecord<>("emarsys.events", email,
                            "{\"eventName\":\"order_completed\",\"key\":\"" + email + "\"}"));
                }
            }
        }
    }

    private static Process start(EmbeddedKafkaBroker kafka, EmarsysSimulator sim, Path work) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        File jar = new File("examples/target/camel-emarsys-app.jar").getAbsoluteFile(); // run from the repository root
        if (!jar.isFile()) {
            throw new IllegalStateException("Build the app first (mvn package) and run the harness from the repository root: "
                    + jar + " is missing");
        }
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-jar", jar.getPath())
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("app.log").toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("EMARSYS_"));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        builder.environment().put("EMARSYS_BASE_URL", sim.baseUrl());
        builder.environment().put("EMARSYS_USERNAME", sim.config().username());
        builder.environment().put("EMARSYS_SECRET", sim.config().secret());
        builder.environment().put("EMARSYS_HTTP_PORT", Integer.toString(freePort()));
        builder.environment().put("EMARSYS_MANAGEMENT_PORT", Integer.toString(freePort()));
        return builder.start();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long contacts(EmarsysSimulator sim) {
        return ((Number) sim.stats().get("contacts")).longValue();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the fault run did not finish in 30 minutes");
            }
            Thread.sleep(200);
        }
    }
}
