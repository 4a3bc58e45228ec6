package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kafka-to-emarsys-events with emarsys-event-sink. */
class EventSinkRouteTest extends KafkaMainTestSupport {

    @Override
    String routes() {
        return "classpath:templates/kafka-to-emarsys-events.yaml,classpath:test-routes/events.yaml";
    }

    @BeforeAll
    void seedEventsAndContacts() throws Exception {
        control("POST", "/events", "{\"name\":\"order_shipped\"}");
        control("POST", "/events", "{\"name\":\"welcome\"}");
        control("POST", "/contacts", "[{\"3\":\"ann@example.com\"},{\"3\":\"bob@example.com\"}]");
    }

    private List<JsonNode> triggers(String externalId) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode trigger : control("GET", "/triggers?limit=100000", null)) {
            if (externalId.equals(trigger.path("externalId").asText())) {
                found.add(trigger);
            }
        }
        return found;
    }

    private long deduplicated() throws Exception {
        return control("GET", "/stats", null).path("eventsDeduplicated").asLong();
    }

    @Test
    void eventsAreTriggeredWithATriggerIdFromTheirOffsetAndNeverTwiceAfterARedelivery() throws Exception {
        for (int i = 0; i < 3; i++) {
            send("test.events", "ann@example.com", "{\"eventName\":\"order_shipped\",\"key\":\"ann@example.com\","
                    + "\"data\":{\"global\":{\"order\":" + i + "}}}");
        }
        await("three triggers", () -> triggers("ann@example.com").size() == 3);
        for (JsonNode trigger : triggers("ann@example.com")) {
            assertTrue(trigger.path("triggerId").asText().matches("test\\.events:\\d+:\\d+"), trigger.toString());
        }
        await("offsets committed", () -> committed("test-events", "test.events") >= 3);

        // a redelivery: the consumer group is rewound and reads the same records again
        long deduplicatedBefore = deduplicated();
        context.getRouteController().stopRoute("events");
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> rewind = new java.util.HashMap<>();
            admin.listConsumerGroupOffsets("test-events").partitionsToOffsetAndMetadata().get()
                    .keySet().forEach(tp -> rewind.put(tp, new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets("test-events", rewind).all().get();
        }
        context.getRouteController().startRoute("events");
        await("the redelivered triggers dropped by their trigger_id", () -> deduplicated() >= deduplicatedBefore + 3);
        assertEquals(3, triggers("ann@example.com").size(), "no campaign fired twice");
    }

    @Test
    void aMissingContactIsCreatedWithEnsureContactAndDeadLetteredWithout() throws Exception {
        send("test.events-ensure", "new@example.com", "{\"key\":\"new@example.com\",\"data\":{\"global\":{\"x\":1}}}");
        await("the trigger after creating the contact", () -> triggers("new@example.com").size() == 1);
        assertEquals(1, stored("new@example.com").size(), "a minimal contact was created");

        send("test.events", "nobody@example.com", "{\"eventName\":\"order_shipped\",\"key\":\"nobody@example.com\"}");
        List<JsonNode> letters = new ArrayList<>();
        await("the dead letter", () -> {
            letters.clear();
            letters.addAll(deadLetters());
            return letters.stream().anyMatch(l -> l.path("record").asText().contains("nobody@example.com"));
        });
        JsonNode letter = letters.stream().filter(l -> l.path("record").asText().contains("nobody@example.com"))
                .findFirst().orElseThrow();
        assertEquals(2008, letter.path("replyCode").asInt(), letter.toString());
        assertEquals("test.events", letter.path("source").path("topic").asText());
        assertTrue(stored("nobody@example.com").isEmpty(), "without ensureContact no contact is made");
    }
}
