package io.camelemarsys.simulator;

import static io.camelemarsys.simulator.Replies.assertOk;
import static io.camelemarsys.simulator.Replies.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** External events (section 4.5): list, create, trigger single and in batches, with Emarsys' limits and errors. */
class EventApiTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private static final String ANN = "ev.ann@example.com";
    private static final String BOB = "ev.bob@example.com";
    private static final String NOBODY = "nobody@example.com";
    /** e-mail -> internal contact id, as the control API created them */
    private static final Map<String, String> IDS = new HashMap<>();

    private static ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    @BeforeAll
    static void seedContacts() {
        ApiClient.Reply seeded = client().control("POST", "/contacts", List.of(
                Map.of("3", ANN, "1", "Ann"), Map.of("3", BOB, "1", "Bob")));
        assertEquals(200, seeded.status(), seeded.body());
        IDS.put(ANN, seeded.json().path("ids").get(0).asText());
        IDS.put(BOB, seeded.json().path("ids").get(1).asText());
    }

    @Test
    void createdEventIsListedWithIdNameAndCreated() {
        ApiClient.Reply created = client().v2("POST", "/event", Map.of("name", "order_shipped"));
        assertOk(created);
        String id = created.data().path("id").asText();
        assertTrue(id.matches("\\d+"), "numeric id, was " + created.body());
        assertEquals("order_shipped", created.data().path("name").asText());

        ApiClient.Reply list = client().v2("GET", "/event", null);
        assertOk(list);
        assertTrue(list.data().isArray(), list.body());
        JsonNode listed = null;
        for (JsonNode event : list.data()) {
            if (event.path("id").asText().equals(id)) {
                listed = event;
            }
        }
        assertTrue(listed != null, "the new event is listed: " + list.body());
        assertEquals("order_shipped", listed.path("name").asText());
        assertTrue(listed.path("created").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"),
                "created as YYYY-MM-DD HH:MM:SS: " + listed);
    }

    @Test
    void singleTriggerIsRecordedAndCounted() {
        String eventId = newEvent("single_trigger");
        long triggeredBefore = stat("eventsTriggered");

        ApiClient.Reply reply = trigger(eventId, single(ANN, Map.of("global", Map.of("orderId", "991"))));
        assertOk(reply);
        assertTrue(reply.data().isObject(), "single trigger answers an object in data: " + reply.body());

        List<JsonNode> triggers = triggersOf(eventId);
        assertEquals(1, triggers.size(), triggers.toString());
        JsonNode recorded = triggers.get(0);
        assertEquals(IDS.get(ANN), recorded.path("contactId").asText());
        assertEquals(ANN, recorded.path("externalId").asText());
        assertEquals("991", recorded.path("data").path("global").path("orderId").asText());
        assertEquals(triggeredBefore + 1, stat("eventsTriggered"));
    }

    @Test
    void aBatchTriggerWithoutRefusalsAnswersAnEmptyErrorsArray() {
        String eventId = newEvent("batch_clean");
        ApiClient.Reply reply = trigger(eventId, Map.of("key_id", "3", "contacts", List.of(Map.of("external_id", ANN))));
        assertOk(reply);
        // as the vendor's Scala SDK parses it (BatchTriggerResponseDataEmptyErrors): a list when nothing is refused
        assertTrue(reply.data().path("errors").isArray() && reply.data().path("errors").isEmpty(), reply.body());
    }

    @Test
    void batchTriggerAnswers200WithIdsAndErrorsKeyedByExternalId() {
        String eventId = newEvent("batch_trigger");
        long triggeredBefore = stat("eventsTriggered");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key_id", "3");
        body.put("contacts", List.of(
                Map.of("external_id", ANN, "data", Map.of("global", Map.of("orderId", "1"))),
                Map.of("external_id", NOBODY),
                Map.of("external_id", BOB, "event_time", "2024-05-01T10:00:00Z")));

        ApiClient.Reply reply = trigger(eventId, body);
        assertOk(reply);
        List<String> ids = new ArrayList<>();
        reply.data().path("ids").forEach(id -> ids.add(id.asText()));
        assertEquals(List.of(IDS.get(ANN), IDS.get(BOB)), ids);
        JsonNode errors = reply.data().path("errors");
        assertEquals(1, errors.size(), reply.body());
        String message = errors.path(NOBODY).path("2008").asText();
        assertTrue(message.contains(NOBODY), "errors.<external_id>.2008 names the value: " + reply.body());

        assertEquals(2, triggersOf(eventId).size());
        assertEquals(triggeredBefore + 2, stat("eventsTriggered"));
    }

    @Test
    void repeatedTriggerIdIsDroppedSilently() {
        String eventId = newEvent("dedup_trigger");
        long triggeredBefore = stat("eventsTriggered");
        long dedupBefore = stat("eventsDeduplicated");
        Map<String, Object> body = single(ANN, Map.of("global", Map.of("orderId", "991")));
        body.put("trigger_id", "order-991");

        assertOk(trigger(eventId, body));
        ApiClient.Reply repeat = trigger(eventId, body);
        assertOk(repeat);

        List<JsonNode> triggers = triggersOf(eventId);
        assertEquals(1, triggers.size(), "the repeat is not recorded: " + triggers);
        assertEquals("order-991", triggers.get(0).path("triggerId").asText());
        assertEquals(triggeredBefore + 1, stat("eventsTriggered"));
        assertEquals(dedupBefore + 1, stat("eventsDeduplicated"));

        Map<String, Object> other = single(ANN, null);
        other.put("trigger_id", "order-992");
        assertOk(trigger(eventId, other));
        assertEquals(2, triggersOf(eventId).size(), "another trigger_id is a new trigger");
        assertEquals(dedupBefore + 1, stat("eventsDeduplicated"));
    }

    @Test
    void eventTimeAcceptsOnlyUtcWithOptionalMillis() {
        String eventId = newEvent("event_time");
        for (String accepted : List.of("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z")) {
            Map<String, Object> body = single(ANN, null);
            body.put("event_time", accepted);
            assertOk(trigger(eventId, body));
        }
        List<String> times = new ArrayList<>();
        triggersOf(eventId).forEach(t -> times.add(t.path("eventTime").asText()));
        assertEquals(List.of("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z"), times);

        for (String refused : List.of("2024-05-01 10:00:00", "2024-05-01T10:00:00+02:00")) {
            Map<String, Object> body = single(ANN, null);
            body.put("event_time", refused);
            assertError(trigger(eventId, body), 400, 5010);
        }
        assertEquals(2, triggersOf(eventId).size(), "refused triggers are not recorded");
    }

    @Test
    void dataThatIsNotAnObjectIsRefused() {
        String eventId = newEvent("data_not_object");
        for (Object data : List.of("global", List.of(1, 2), 5)) {
            Map<String, Object> body = single(ANN, null);
            body.put("data", data);
            assertError(trigger(eventId, body), 400, 5011);
        }
        assertEquals(0, triggersOf(eventId).size());
    }

    @Test
    void dataOverOneMegabyteIsRefused() {
        String eventId = newEvent("data_size");
        ApiClient.Reply tooBig = trigger(eventId, single(ANN, Map.of("blob", "x".repeat(1024 * 1024 + 10))));
        assertError(tooBig, 400, 5008);

        assertOk(trigger(eventId, single(ANN, Map.of("blob", "x".repeat(900_000)))));
        assertEquals(1, triggersOf(eventId).size());
    }

    @Test
    void batchOfMoreThan1000ContactsIsRefusedWhole() {
        String eventId = newEvent("batch_size");
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            contacts.add(Map.of("external_id", ANN));
        }
        assertError(trigger(eventId, Map.of("key_id", "3", "contacts", contacts)), 400, 1000);
        assertEquals(0, triggersOf(eventId).size(), "nothing of a refused batch is recorded");

        ApiClient.Reply thousand = trigger(eventId, Map.of("key_id", "3", "contacts", contacts.subList(0, 1000)));
        assertOk(thousand);
        assertEquals(1000, thousand.data().path("ids").size());
        assertEquals(1000, triggersOf(eventId).size());
    }

    @Test
    void unknownEventIdIs5001AsTheVendorRecordsIt() {
        ApiClient.Reply reply = trigger("987654321", single(ANN, null));
        assertError(reply, 400, 5001);
        assertEquals("Invalid event ID for customer.", reply.replyText());
    }

    @Test
    void anEventIdThatIsNoIdIs5001() {
        assertError(trigger("order_shipped", single(ANN, null)), 400, 5001);
        assertError(trigger("12abc", Map.of("key_id", "3", "contacts", List.of(single(ANN, null)))), 400, 5001);
    }

    @Test
    void singleTriggerForUnknownContactIs400With2008() {
        String eventId = newEvent("unknown_contact");
        ApiClient.Reply reply = trigger(eventId, single(NOBODY, null));
        assertError(reply, 400, 2008);
        assertTrue(reply.replyText().contains(NOBODY), reply.replyText());
        assertEquals(0, triggersOf(eventId).size());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String newEvent(String name) {
        ApiClient.Reply reply = client().v2("POST", "/event", Map.of("name", name));
        assertOk(reply);
        return reply.data().path("id").asText();
    }

    private static Map<String, Object> single(String externalId, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key_id", "3");
        body.put("external_id", externalId);
        if (data != null) {
            body.put("data", data);
        }
        return body;
    }

    private static ApiClient.Reply trigger(String eventId, Object body) {
        return client().v2("POST", "/event/" + eventId + "/trigger", body);
    }

    /** The accepted triggers of one event, oldest first, from the control API. */
    private static List<JsonNode> triggersOf(String eventId) {
        ApiClient.Reply reply = client().control("GET", "/triggers?limit=100000", null);
        assertEquals(200, reply.status(), reply.body());
        List<JsonNode> triggers = new ArrayList<>();
        for (JsonNode trigger : reply.json()) {
            if (trigger.path("eventId").asText().equals(eventId)) {
                triggers.add(trigger);
            }
        }
        return triggers;
    }

    private static long stat(String name) {
        ApiClient.Reply reply = client().control("GET", "/stats", null);
        assertEquals(200, reply.status(), reply.body());
        assertTrue(reply.json().has(name), reply.body());
        return reply.json().path(name).asLong();
    }

}
