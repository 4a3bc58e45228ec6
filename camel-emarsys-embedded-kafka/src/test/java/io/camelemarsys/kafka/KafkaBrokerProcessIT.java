package io.camelemarsys.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The standalone broker ({@code target/camel-emarsys-kafka.jar}) as a user runs it for several app processes: its own
 * process, a port and a data directory; SIGTERM stops it with exit code 0, and a restart on the same directory still
 * has the records.
 */
class KafkaBrokerProcessIT {

    private static final String TOPIC = "broker-process-it";
    /** Generous: the CI machine's cores are shared; an idle machine starts the broker in a few seconds. */
    private static final long START_SECONDS = 120;

    @Test
    void servesRecordsStopsOnSigtermAndKeepsThemAcrossARestart() throws Exception {
        int port = freePort();
        Path dataDir = Files.createTempDirectory("camel-emarsys-kafka-it");
        String bootstrap = "127.0.0.1:" + port;
        String ready = "Kafka broker listening on " + bootstrap;
        try {
            try (PackagedBroker broker = PackagedBroker.start("--port", Integer.toString(port),
                    "--data-dir", dataDir.toString(), "--partitions", "2")) {
                assertTrue(broker.awaitLine(ready, START_SECONDS), "no '" + ready + "' line:\n" + broker.output());
                produce(bootstrap, "contact-1", "{\"email\":\"ada@example.com\"}");
                List<ConsumerRecord<String, String>> read = readAll(bootstrap, 1);
                assertEquals(1, read.size(), read.toString());
                assertEquals("contact-1", read.get(0).key());
                assertEquals(2, partitions(bootstrap), "--partitions 2 for topics created on first use");

                assertEquals(0, broker.terminate(60), "exit code after SIGTERM; output:\n" + broker.output());
                assertTrue(broker.output().contains("Kafka broker stopped"), broker.output());
            }
            try (PackagedBroker restarted = PackagedBroker.start("--port", Integer.toString(port),
                    "--data-dir", dataDir.toString())) {
                assertTrue(restarted.awaitLine(ready, START_SECONDS), "no restart:\n" + restarted.output());
                List<ConsumerRecord<String, String>> kept = readAll(bootstrap, 1);
                assertEquals(1, kept.size(), "the record written before the restart: " + kept);
                assertEquals("contact-1", kept.get(0).key());
                assertEquals("{\"email\":\"ada@example.com\"}", kept.get(0).value());
                assertEquals(0, restarted.terminate(60), restarted.output());
            }
        } finally {
            Utils.delete(dataDir.toFile());
        }
    }

    @Test
    void refusesABadPortWithTheFlagTheValueAndTheFix() throws Exception {
        try (PackagedBroker broker = PackagedBroker.start("--port", "70000", "--data-dir", "unused")) {
            assertEquals(2, broker.awaitExit(60), broker.output());
            assertTrue(broker.output().contains("--port '70000' is not a TCP port from 1 to 65535: give, for example, "
                    + "--port 9092"), broker.output());
            assertTrue(broker.output().contains("Usage: java -jar camel-emarsys-kafka.jar --port N --data-dir DIR"),
                    broker.output());
        }
    }

    private static void produce(String bootstrap, String key, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        }
    }

    /** The topic's records from the start, read until {@code expected} came or 60 s passed (no group to join). */
    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(bootstrap))) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(60)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(found::add);
            }
            return found;
        }
    }

    private static int partitions(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(bootstrap))) {
            return consumer.partitionsFor(TOPIC, Duration.ofSeconds(60)).size();
        }
    }

    private static Properties consumerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
