package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.camelemarsys.simulator.http.Faults;

/** kafka-to-emarsys-contacts with emarsys-contact-sink, in Camel Main, on an embedded broker and the simulator. */
class ContactSinkRouteTest extends KafkaMainTestSupport {

    @Override
    String routes() {
        return "classpath:templates/kafka-to-emarsys-contacts.yaml,classpath:test-routes/contacts.yaml";
    }

    @Test
    void recordsAreMappedBatchedUpsertedAndCommitted() throws Exception {
        for (int i = 0; i < 1500; i++) {
            send("test.contacts", "bulk" + i + "@example.com",
                    "{\"mail\":\"bulk" + i + "@example.com\",\"first\":\"B" + i + "\",\"gender\":\"female\"}");
        }
        await("1500 contacts", () -> storedWith("bulk1499@example.com", "1", "B1499")
                && storedWith("bulk0@example.com", "5", "2"));
        await("offsets committed", () -> committed("test-contacts", "test.contacts") >= 1500);
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
        send("test.contacts", "colour@example.com", "{\"mail\":\"colour@example.com\",\"favourite_colour\":\"red\"}");
        send("test.contacts", "fine@example.com", "{\"mail\":\"fine@example.com\"}");
        await("the good record", () -> storedWith("fine@example.com", "3", "fine@example.com"));
        List<JsonNode> letters = new ArrayList<>();
        await("four dead letters", () -> {
            letters.clear();
            letters.addAll(deadLetters());
            return letters.size() >= 4;
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
        JsonNode colour = letters.stream().filter(l -> l.path("record").asText().contains("colour@")).findFirst()
                .orElseThrow();
        assertTrue(colour.path("replyText").asText().contains("favourite_colour"), "a mapping error: " + colour);
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

    @Test
    void aRouteRestartedInTheMiddleOfTheStreamLosesNothing() throws Exception {
        EMARSYS.simulator().faults(new Faults(0, 1.0, 150, 0, 0, 0, 5)); // every call slow: batches are in flight
        try {
            for (int i = 0; i < 40; i++) {
                send("test.contacts-small", "restart" + i + "@example.com", "{\"mail\":\"restart" + i + "@example.com\"}");
            }
            await("the first batches", () -> storedWith("restart0@example.com", "3", "restart0@example.com"));
            context.getRouteController().stopRoute("contacts-small-batches");
            context.getRouteController().startRoute("contacts-small-batches");
        } finally {
            EMARSYS.simulator().faults(Faults.NONE);
        }
        await("every record after the restart", () -> {
            for (int i = 0; i < 40; i++) {
                if (!storedWith("restart" + i + "@example.com", "3", "restart" + i + "@example.com")) {
                    return false;
                }
            }
            return true;
        });
        await("all offsets committed", () -> committed("test-contacts-small", "test.contacts-small") == 40);
    }

    @Test
    void twoAppInstancesInOneGroupShareThePartitions() throws Exception {
        // a second app instance, as a second deployment of the same app would be
        org.apache.camel.main.Main second = new org.apache.camel.main.Main();
        second.addOverrideProperty("camel.main.name", "second-instance");
        second.addOverrideProperty("camel.main.routes-include-pattern", routes());
        connectionProperties().forEach((key, value) -> second.addOverrideProperty((String) key, (String) value));
        second.start();
        try {
            java.util.Properties props = new java.util.Properties();
            props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
                await("both instances own partitions of test.contacts", () -> {
                    var group = admin.describeConsumerGroups(List.of("test-contacts")).all().get().get("test-contacts");
                    return group.members().size() == 2 && group.members().stream()
                            .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
                });
            }
            for (int i = 0; i < 50; i++) {
                send("test.contacts", "shared" + i + "@example.com", "{\"mail\":\"shared" + i + "@example.com\"}");
            }
            await("every record, whichever instance took it", () -> {
                for (int i = 0; i < 50; i++) {
                    if (!storedWith("shared" + i + "@example.com", "3", "shared" + i + "@example.com")) {
                        return false;
                    }
                }
                return true;
            });
        } finally {
            second.stop();
        }
    }
}
