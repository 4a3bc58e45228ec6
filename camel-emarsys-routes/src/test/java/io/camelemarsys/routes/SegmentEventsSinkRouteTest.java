package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
class SegmentEventsSinkRouteTest extends KafkaMainTestSupport {

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
                List<Map<String, Object>> lists = template.requestBody("emarsys:contactlist/list", null, List.class);
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
            letters.clear();
            for (JsonNode letter : deadLetters()) {
                if (letter.path("record").asText().contains("nobody-knows")) {
                    letters.add(letter);
                }
            }
            return letters.size() >= 2;
        });
        assertTrue(letters.stream().anyMatch(l -> l.path("replyText").asText().contains("not linked to a contact")),
                letters.toString());
        assertTrue(letters.stream().anyMatch(l -> l.path("replyText").asText().contains("not mapped")), letters.toString());
        assertEquals(-1, letters.get(0).path("replyCode").asInt());
        for (JsonNode letter : letters) { // the sink refused them itself: the reason must not blame Emarsys
            assertTrue(letter.path("reason").asText().contains("The sink refused the record itself"), letter.toString());
            assertFalse(letter.path("reason").asText().contains("Emarsys refused"), letter.toString());
        }
    }

    /** The trigger the simulator recorded with this trigger id (the messageId), or null. */
    private JsonNode trigger(String triggerId) {
        try {
            for (JsonNode t : control("GET", "/triggers?limit=100000", null)) {
                if (triggerId.equals(t.path("triggerId").asText())) {
                    return t;
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> lettersWith(String topic, String fragment) {
        try {
            return json(topic).stream().filter(l -> l.path("record").asText().contains(fragment)).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Segment's destination sends the mapped properties as data as they are, and no data when there are none. */
    @Test
    void eventDataIsThePropertiesAsTheyAreOrWrappedAsGlobalAndAbsentWhenThereAreNone() throws Exception {
        send("test.segment-events", "u-data", "{\"type\":\"identify\",\"messageId\":\"d-1\",\"userId\":\"u-data\","
                + "\"traits\":{\"email\":\"data@example.com\"}}");
        send("test.segment-events", "u-data", "{\"type\":\"track\",\"messageId\":\"d-2\",\"userId\":\"u-data\","
                + "\"event\":\"Order Completed\",\"properties\":{\"orderId\":\"991\",\"revenue\":25}}");
        send("test.segment-events", "u-data", "{\"type\":\"track\",\"messageId\":\"d-3\",\"userId\":\"u-data\","
                + "\"event\":\"Order Completed\",\"properties\":{}}");
        send("test.segment-events", "u-data", "{\"type\":\"page\",\"messageId\":\"d-4\",\"userId\":\"u-data\"}");
        await("the three triggers", () -> trigger("d-2") != null && trigger("d-3") != null && trigger("d-4") != null);
        assertEquals(JSON.readTree("{\"orderId\":\"991\",\"revenue\":25}"), trigger("d-2").path("data"));
        assertTrue(trigger("d-3").path("data").isNull() || trigger("d-3").path("data").isMissingNode(),
                "no data when the properties are empty: " + trigger("d-3"));
        assertTrue(trigger("d-4").path("data").isNull() || trigger("d-4").path("data").isMissingNode(),
                "no data when there are no properties: " + trigger("d-4"));

        // eventData=global: today's wrapped form, still without data when there is nothing to send
        send("test.segment-events-options", "u-data", "{\"type\":\"track\",\"messageId\":\"d-5\","
                + "\"anonymousId\":\"a-data\",\"context\":{\"traits\":{\"email\":\"data@example.com\"}},"
                + "\"event\":\"Order Completed\",\"properties\":{\"orderId\":\"992\"}}");
        await("the wrapped trigger", () -> trigger("d-5") != null);
        assertEquals(JSON.readTree("{\"global\":{\"orderId\":\"992\"}}"), trigger("d-5").path("data"));
    }

    /** Engage's track-style audiences, as segment-docs show them, join and leave lists like identify-style ones. */
    @Test
    void trackStyleAudiencesAddAndRemoveTheContact() throws Exception {
        send("test.segment-events", "u-aud", "{\"type\":\"identify\",\"messageId\":\"a-1\",\"userId\":\"u-aud\","
                + "\"traits\":{\"email\":\"aud@example.com\"}}");
        send("test.segment-events", "u-aud", "{\"type\":\"track\",\"messageId\":\"a-2\",\"userId\":\"u-aud\","
                + "\"event\":\"Audience Entered\",\"properties\":{\"audience_key\":\"first_time_shopper\","
                + "\"first_time_shopper\":true},\"context\":{\"personas\":{\"computation_key\":\"first_time_shopper\","
                + "\"computation_class\":\"audience\"}}}");
        send("test.segment-events", "u-aud", "{\"type\":\"track\",\"messageId\":\"a-3\",\"userId\":\"u-aud\","
                + "\"event\":\"Audience Entered\",\"properties\":{\"Big Spenders\":true},"
                + "\"context\":{\"personas\":{\"computation_key\":\"Big Spenders\",\"computation_class\":\"audience\"}}}");
        await("the contact is on both audiences' lists", () -> listNamesOf("aud@example.com")
                .containsAll(List.of("first_time_shopper", "Big Spenders")));
        send("test.segment-events", "u-aud", "{\"type\":\"track\",\"messageId\":\"a-4\",\"userId\":\"u-aud\","
                + "\"event\":\"Audience Exited\",\"properties\":{\"audience_key\":\"first_time_shopper\","
                + "\"first_time_shopper\":false}}");
        await("the contact left the audience's list", () -> !listNamesOf("aud@example.com").contains("first_time_shopper")
                && listNamesOf("aud@example.com").contains("Big Spenders"));
        assertTrue(lettersWith("test.dlq", "u-aud").isEmpty(), "no audience message is dead-lettered");
    }

    /** In the Segment spec a null trait unsets it: the field is cleared (unless writeNullTraits=false). */
    @Test
    void aNullTraitClearsTheField() throws Exception {
        send("test.segment-events", "u-null", "{\"type\":\"identify\",\"messageId\":\"n-1\",\"userId\":\"u-null\","
                + "\"traits\":{\"email\":\"null@example.com\",\"firstName\":\"Nia\",\"lastName\":\"Nash\"}}");
        await("the contact with its names", () -> storedWith("null@example.com", "1", "Nia"));
        send("test.segment-events", "u-null", "{\"type\":\"identify\",\"messageId\":\"n-2\",\"userId\":\"u-null\","
                + "\"traits\":{\"firstName\":null}}");
        await("the first name cleared", () -> {
            JsonNode first = stored("null@example.com").get(0).path("1");
            return first.isMissingNode() || first.isNull();
        });
        assertTrue(storedWith("null@example.com", "2", "Nash"), "a trait the message does not name is kept");

        // writeNullTraits=false: the null is left out, the contact keeps its value
        send("test.segment-events-options", "u-keep", "{\"type\":\"identify\",\"messageId\":\"n-3\","
                + "\"userId\":\"u-keep\",\"traits\":{\"email\":\"keep@example.com\",\"firstName\":\"Kai\"}}");
        await("the contact", () -> storedWith("keep@example.com", "1", "Kai"));
        send("test.segment-events-options", "u-keep", "{\"type\":\"identify\",\"messageId\":\"n-4\","
                + "\"userId\":\"u-keep\",\"traits\":{\"firstName\":null,\"lastName\":\"Kent\"}}");
        await("the second identify", () -> storedWith("keep@example.com", "2", "Kent"));
        assertTrue(storedWith("keep@example.com", "1", "Kai"), "the null was left out");
    }

    /** Any call's path feeds a field; each action has its own key; events never fall back to context.traits.email. */
    @Test
    void pathMappingFeedsFieldsFromAnyCallAndEachActionHasItsOwnKey() throws Exception {
        // the default route: a track from ids linked to no contact is dead-lettered, whatever context.traits.email says
        send("test.segment-events", "u-fb", "{\"type\":\"identify\",\"messageId\":\"k-0\",\"userId\":\"u-fb\","
                + "\"traits\":{\"email\":\"fallback@example.com\"}}");
        send("test.segment-events", "u-fb", "{\"type\":\"track\",\"messageId\":\"k-1\",\"anonymousId\":\"a-stranger\","
                + "\"context\":{\"traits\":{\"email\":\"fallback@example.com\"}},\"event\":\"Order Completed\"}");
        await("the stranger's event dead-lettered", () -> !lettersWith("test.dlq", "a-stranger").isEmpty());
        assertTrue(trigger("k-1") == null, "not triggered through context.traits.email");

        // the options route: track properties.plan and context.traits.city upsert fields; the event's key is field 3
        // (the e-mail's id) taken from context.traits.email
        send("test.segment-events-options", "u-plan", "{\"type\":\"identify\",\"messageId\":\"k-2\","
                + "\"userId\":\"u-plan\",\"traits\":{\"email\":\"plan@example.com\"}}");
        send("test.segment-events-options", "u-plan", "{\"type\":\"track\",\"messageId\":\"k-3\","
                + "\"userId\":\"u-plan\",\"event\":\"Plan Changed\",\"properties\":{\"plan\":\"gold\"},"
                + "\"context\":{\"traits\":{\"city\":\"Vienna\"}}}");
        await("the plan and the city from a track", () -> storedWith("plan@example.com", "18", "gold")
                && storedWith("plan@example.com", "11", "Vienna"));
        send("test.segment-events-options", "u-other", "{\"type\":\"track\",\"messageId\":\"k-4\","
                + "\"anonymousId\":\"a-nobody\",\"event\":\"Order Completed\","
                + "\"context\":{\"traits\":{\"email\":\"plan@example.com\"}},\"properties\":{\"n\":1}}");
        await("the event keyed by its path", () -> trigger("k-4") != null);
        assertEquals("plan@example.com", trigger("k-4").path("externalId").asText());
        // the group's own key: field 3 from context.traits.email, for ids the identity table does not know
        send("test.segment-events-options", "u-other", "{\"type\":\"group\",\"messageId\":\"k-6\","
                + "\"anonymousId\":\"a-nobody\",\"groupId\":\"beta\","
                + "\"context\":{\"traits\":{\"email\":\"plan@example.com\"}},\"traits\":{\"name\":\"Beta Inc\"}}");
        await("the group keyed by its path", () -> listNamesOf("plan@example.com").contains("segment-group-beta"));
        // a path that holds an object is a bad mapping: the sink refuses the message itself
        send("test.segment-events-options", "u-plan", "{\"type\":\"track\",\"messageId\":\"k-5\","
                + "\"userId\":\"u-plan\",\"event\":\"Plan Changed\",\"properties\":{\"plan\":{\"name\":\"gold\"}}}");
        await("the bad mapping dead-lettered", () -> lettersWith("test.dlq.options", "k-5").stream()
                .anyMatch(l -> l.path("replyText").asText().contains("properties.plan=Company")));
        JsonNode letter = lettersWith("test.dlq.options", "k-5").stream()
                .filter(l -> l.path("replyText").asText().contains("properties.plan=Company")).findFirst().orElseThrow();
        assertTrue(letter.path("reason").asText().contains("The sink refused the record itself"), letter.toString());
    }
}
