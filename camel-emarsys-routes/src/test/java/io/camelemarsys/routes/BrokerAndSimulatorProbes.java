package io.camelemarsys.routes;

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
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import io.camelemarsys.kafka.KafkaTopics;
import io.camelemarsys.simulator.EmarsysSimulator;

/**
 * What a route test asks the embedded broker and the simulator: records sent and read, offsets committed, contacts
 * stored, the simulator's control API, and the one wait for a condition. Shared by both route test bases:
 * {@link KafkaMainTestSupport} (Camel's test support) and {@link KafkaRouteTestSupport} (a Camel Main by hand).
 */
interface BrokerAndSimulatorProbes {

    ObjectMapper JSON = new ObjectMapper();

    String bootstrapServers();

    EmarsysSimulator simulator();

    KafkaProducer<String, String> producer();

    HttpClient http();

    /** The app's connection to the broker and the simulator, as Camel Main properties. */
    default Properties connectionProperties() {
        Properties properties = new Properties();
        properties.put("camel.component.kafka.brokers", bootstrapServers());
        properties.put("camel.component.kafka.poll-timeout-ms", "200");
        properties.put("camel.component.emarsys.base-url", simulator().baseUrl());
        properties.put("camel.component.emarsys.username", simulator().config().username());
        properties.put("camel.component.emarsys.secret", simulator().config().secret());
        properties.put("camel.component.emarsys.max-retries", "1");
        properties.put("camel.component.emarsys.retry-initial-delay", "10");
        return properties;
    }

    /** A producer of string records to the broker, each acknowledged by all replicas. */
    static KafkaProducer<String, String> newProducer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    /** Waits up to 30 s for the condition; an exception while asking counts as "not yet". */
    default void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(condition);
    }

    default void send(String topic, String key, String value) throws Exception {
        producer().send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** The simulator's contacts whose key is this email. */
    default JsonNode stored(String email) throws Exception {
        return control("GET", "/contacts?value=" + URLEncoder.encode(email, StandardCharsets.UTF_8), null);
    }

    default boolean storedWith(String email, String field, String value) {
        try {
            JsonNode found = stored(email);
            return found.size() == 1 && value.equals(found.get(0).path(field).asText(null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record on the dead-letter topic so far. */
    default List<JsonNode> deadLetters() throws Exception {
        return json("test.dlq");
    }

    /** Every record on a topic so far (read for three seconds from the start), values parsed as JSON. */
    default List<JsonNode> json(String topic) throws Exception {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records(topic)) {
            values.add(JSON.readTree(record.value()));
        }
        return values;
    }

    /** Every record on a topic so far, read for three seconds from the start by a new consumer group. */
    default List<ConsumerRecord<String, String>> records(String topic) {
        return KafkaTopics.records(bootstrapServers(), topic, Duration.ofSeconds(3));
    }

    default long committed(String group, String topic) {
        return KafkaTopics.committed(bootstrapServers(), group, topic);
    }

    /** A call to the simulator's control API; the answer as JSON. */
    default JsonNode control(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http().send(HttpRequest.newBuilder(URI.create(simulator().controlUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
