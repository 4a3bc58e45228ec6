package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kafka-to-emarsys-segment-events: identify, track, page, alias, group, audiences and the identity table. */
class SegmentEventsSinkRouteTest extends KafkaRouteTestSupport {

    @Override
    String routes() {
        return "classpath:templates/kafka-to-emarsys-segment-events.yaml,classpath:test-routes/segment-events.yaml";
    }

    @BeforeAll
    void seedEvents() throws Exception {
        control("POST", "/events", "{\"name\":\"order_completed\"}");
        control("POST", "/events", "{\"name\":\"page_view\"}");
    }

    private List<String> triggerIds() {
        try {
            List<String> ids = new ArrayList<>();
            control("GET", "/triggers?limit=100000", null).forEach(t -> ids.add(t.path("triggerId").asText()));
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names of the lists the contact is on (the simulator knows the ids, the component the names). */
    @SuppressWarnings("unchecked")
    private List<String> listNamesOf(String email) {
        try {
            JsonNode contact = stored(email);
            List<String> names = new ArrayList<>();
            if (contact.size() == 1) {
                List<String> ids = new ArrayList<>();
                contact.get(0).path("lists").forEach(l -> ids.add(l.asText()));
                List<Map<String, Object>> lists = main.getCamelContext().createProducerTemplate()
                        .requestBody("emarsys:contactlist/list", null, List.class);
                lists.stream().filter(l -> ids.contains(String.valueOf(l.get("id"))))
                        .forEach(l -> names.add(String.valueOf(l.get("name"))));
            }
            return names;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void identifyTrackAliasGroupAndAudiencesReachEmarsys() throws Exception {
        send("test.segment-events", "user-1", "{\"type\":\"identify\",\"messageId\":\"m-1\",\"anonymousId\":\"anon-1\","
                + "\"userId\":\"user-1\",\"traits\":{\"email\":\"seg@example.com\",\"firstName\":\"Sam\","
                + "\"order_completed_last_30days\":true}}");
        send("test.segment-events", "user-1", "{\"type\":\"track\",\"messageId\":\"m-2\",\"anonymousId\":\"anon-1\","
                + "\"event\":\"Order Completed\",\"properties\":{\"total\":10}}");
        send("test.segment-events", "user-1", "{\"type\":\"page\",\"messageId\":\"m-3\",\"userId\":\"user-1\",\"name\":\"Home\"}");
        send("test.segment-events", "user-1", "{\"type\":\"group\",\"messageId\":\"m-4\",\"userId\":\"user-1\",\"groupId\":\"acme\"}");
        await("the contact, its audience and its group", () -> storedWith("seg@example.com", "1", "Sam")
                && listNamesOf("seg@example.com").containsAll(List.of("order_completed_last_30days", "segment-group-acme")));
        await("the track and the page", () -> triggerIds().containsAll(List.of("m-2", "m-3")));

        // an alias links a second anonymous id; an event with only that id resolves through the identity table
        send("test.segment-events", "user-1", "{\"type\":\"alias\",\"messageId\":\"m-5\",\"previousId\":\"anon-2\",\"userId\":\"user-1\"}");
        send("test.segment-events", "user-1", "{\"type\":\"track\",\"messageId\":\"m-6\",\"anonymousId\":\"anon-2\","
                + "\"event\":\"Order Completed\",\"properties\":{\"total\":20}}");
        await("the event resolved through the alias", () -> triggerIds().contains("m-6"));

        // the audience ends: the contact leaves its list
        send("test.segment-events", "user-1", "{\"type\":\"identify\",\"messageId\":\"m-7\",\"userId\":\"user-1\","
                + "\"traits\":{\"order_completed_last_30days\":false}}");
        await("the contact left the audience's list", () -> !listNamesOf("seg@example.com")
                .contains("order_completed_last_30days"));
    }

    @Test
    void unmappedEventsAndUnknownIdentitiesAreDeadLettered() throws Exception {
        send("test.segment-events", "x", "{\"type\":\"track\",\"messageId\":\"m-90\",\"anonymousId\":\"nobody-knows\","
                + "\"event\":\"Order Completed\"}");
        send("test.segment-events", "x", "{\"type\":\"track\",\"messageId\":\"m-91\",\"anonymousId\":\"nobody-knows\","
                + "\"event\":\"Unmapped Thing\"}");
        List<JsonNode> letters = new ArrayList<>();
        await("two dead letters", () -> {
            try {
                letters.clear();
                for (JsonNode letter : deadLetters()) {
                    if (letter.path("record").asText().contains("nobody-knows")) {
                        letters.add(letter);
                    }
                }
                return letters.size() >= 2;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(letters.stream().anyMatch(l -> l.path("replyText").asText().contains("not linked to a contact")),
                letters.toString());
        assertTrue(letters.stream().anyMatch(l -> l.path("replyText").asText().contains("not mapped")), letters.toString());
        assertEquals(-1, letters.get(0).path("replyCode").asInt());
    }
}
