package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.simulator.http.Faults;

/**
 * A poison record (one Emarsys refuses for what it says) is dead-lettered with its reason and reply code, the records
 * around it are delivered, and the batch is committed: the partition is never blocked. Only a fault of Emarsys or of
 * the connection holds the batch for redelivery. One route per sink, each with its own topics (test-routes/poison.yaml).
 */
class PoisonRecordRouteTest extends KafkaMainTestSupport {

    private static final String UNKNOWN_EVENT_ID = "987654321";
    private static final String UNKNOWN_LIST_ID = "987654";

    @Override
    String routes() {
        return "classpath:templates/*.yaml,classpath:test-routes/poison.yaml";
    }

    @BeforeAll
    void seed() throws Exception {
        control("POST", "/events", "{\"name\":\"poison_ok\"}");
        control("POST", "/contacts", "[{\"3\":\"ann@example.com\"},{\"3\":\"bob@example.com\"},{\"3\":\"cid@example.com\"},"
                + "{\"3\":\"b1@example.com\"},{\"3\":\"b2@example.com\"},{\"3\":\"b3@example.com\"}]");
        // a free-text field for aCallRefusedAsAWhole...: made before the app reads the account's field list
        control("POST", "/fields", "{\"name\":\"Narrowing Notes\",\"application_type\":\"largetext\"}");
    }

    /** A poison record: the fragment that identifies it in its dead letter, and the reply code the letter must carry. */
    private record Poison(String fragment, int replyCode, String reasonOrText) {
    }

    @Test
    void eventsOfAnUnknownEventOrWithInvalidValuesAreDeadLetteredAndTheBatchIsCommitted() throws Exception {
        String path = ".*/event(/.*)?";
        long callsBefore = calls(path);
        List<String> records = List.of(
                event("poison_ok", "ann@example.com", "\"data\":{\"global\":{\"n\":1}}"),
                event("no_such_event", "ann@example.com", "\"data\":{\"global\":{\"n\":2}}"),
                "{\"eventId\":\"" + UNKNOWN_EVENT_ID + "\",\"key\":\"ann@example.com\",\"data\":{\"global\":{\"n\":3}}}",
                event("poison_ok", "ann@example.com", "\"eventTime\":\"yesterday\""),
                event("poison_ok", "ann@example.com", "\"data\":\"not an object\""),
                event("poison_ok", "nobody@example.com", "\"data\":{\"global\":{\"n\":6}}"),
                event("poison_ok", "bob@example.com", "\"data\":{\"global\":{\"n\":7}}"));
        for (String record : records) {
            send("poison.events", "k", record);
        }
        assertDeadLetteredAndCommitted("poison.events", "poison-events", "poison.dlq.events", records.size(), List.of(
                new Poison("no_such_event", -1, "Unknown external event"),
                new Poison(UNKNOWN_EVENT_ID, 5001, "Invalid event ID for customer."),
                new Poison("yesterday", -1, "event_time"),
                new Poison("not an object", -1, "data must be a JSON object"),
                new Poison("nobody@example.com", 2008, "No contact found")), path, callsBefore, 12);
        assertEquals(1, triggers("ann@example.com", "{\"global\":{\"n\":1}}"), "the good record before the poison");
        assertEquals(1, triggers("bob@example.com", "{\"global\":{\"n\":7}}"), "the good record after the poison");
    }

    @Test
    void contactsWithInvalidValuesUnknownFieldsOrNoKeyAreDeadLetteredAndTheBatchIsCommitted() throws Exception {
        String path = ".*/contact";
        long callsBefore = calls(path);
        List<String> records = List.of(
                "{\"email\":\"good1@example.com\",\"First Name\":\"G1\"}",
                "{\"email\":\"baddate@example.com\",\"birth_date\":\"31.12.1999\"}",
                "{\"email\":\"choice@example.com\",\"gender\":\"not a choice\"}",
                "{\"email\":\"nofield@example.com\",\"no_such_field\":\"x\"}",
                "{\"First Name\":\"no key\"}",
                "[1, 2]",
                "{\"email\":\"good2@example.com\",\"First Name\":\"G2\"}");
        for (int i = 0; i < records.size(); i++) {
            send("poison.contacts", "c" + i, records.get(i));
        }
        assertDeadLetteredAndCommitted("poison.contacts", "poison-contacts", "poison.dlq.contacts", records.size(), List.of(
                new Poison("baddate@", -1, "YYYY-MM-DD"),
                new Poison("choice@", -1, "not a choice"),
                new Poison("nofield@", -1, "no_such_field"),
                new Poison("no key", -1, "no value for the key field"),
                new Poison("[1, 2]", 0, "not an object")), path, callsBefore, 6);
        assertTrue(storedWith("good1@example.com", "1", "G1"));
        assertTrue(storedWith("good2@example.com", "1", "G2"));
    }

    @Test
    void listChangesToAnUnknownListOrOfUnknownContactsAreDeadLetteredAndTheBatchIsCommitted() throws Exception {
        String path = ".*/contactlist.*";
        long callsBefore = calls(path);
        List<String> records = List.of(
                "{\"listName\":\"poison-good\",\"key\":\"ann@example.com\",\"action\":\"add\"}",
                "{\"listId\":" + UNKNOWN_LIST_ID + ",\"key\":\"bob@example.com\",\"action\":\"add\"}",
                "{\"listName\":\"poison-good\",\"key\":\"nobody@example.com\",\"action\":\"add\"}",
                "{\"listName\":\"poison-good\",\"key\":\"bob@example.com\",\"action\":\"toggle\"}",
                "{\"listName\":\"poison-good\",\"key\":\"cid@example.com\",\"action\":\"add\"}");
        for (int i = 0; i < records.size(); i++) {
            send("poison.contactlists", "l" + i, records.get(i));
        }
        assertDeadLetteredAndCommitted("poison.contactlists", "poison-contactlists", "poison.dlq.contactlists",
                records.size(), List.of(
                        new Poison(UNKNOWN_LIST_ID, 3004, "Invalid contact list id"),
                        new Poison("nobody@example.com", 2008, "No contact found"),
                        new Poison("toggle", -1, "action add or remove")), path, callsBefore, 10);
        JsonNode ann = stored("ann@example.com").get(0);
        JsonNode cid = stored("cid@example.com").get(0);
        assertEquals(1, ann.path("lists").size(), ann.toString());
        assertEquals(ann.path("lists"), cid.path("lists"), "both good records reached the list");
    }

    @Test
    void optInsOfUnknownChannelsInvalidConsentsOrUnknownContactsAreDeadLetteredAndTheBatchIsCommitted()
            throws Exception {
        String path = ".*/contact";
        long callsBefore = calls(path);
        List<String> records = List.of(
                "{\"key\":\"ann@example.com\",\"channel\":\"email\",\"granted\":false}",
                "{\"key\":\"bob@example.com\",\"channel\":\"pigeon\",\"granted\":true}",
                "{\"key\":\"bob@example.com\",\"channel\":\"email\",\"granted\":\"maybe\"}",
                "{\"key\":\"nobody@example.com\",\"channel\":\"email\",\"granted\":true}",
                "{\"key\":\"cid@example.com\",\"channel\":\"email\",\"granted\":true}");
        for (int i = 0; i < records.size(); i++) {
            send("poison.optins", "o" + i, records.get(i));
        }
        assertDeadLetteredAndCommitted("poison.optins", "poison-optins", "poison.dlq.optins", records.size(), List.of(
                new Poison("pigeon", 0, "Unknown opt-in channel"),
                new Poison("maybe", 0, "granted must be true or false"),
                new Poison("nobody@example.com", 2008, "No contact found")), path, callsBefore, 6);
        assertTrue(storedWith("ann@example.com", "31", "2"));
        assertTrue(storedWith("cid@example.com", "31", "1"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOptInKameletHandsBackPoisonOptInsAsFailedItemsAndWritesTheOthers() throws Exception {
        List<Map<String, Object>> optIns = List.of(
                Map.of("key", "bob@example.com", "channel", "email", "granted", true),
                Map.of("key", "bob@example.com", "channel", "pigeon", "granted", true),
                Map.of("key", "cid@example.com", "channel", "email", "granted", "maybe"),
                Map.of("key", "nobody@example.com", "channel", "email", "granted", true));
        Exchange result = template.send("direct:optin-kamelet", e -> e.getMessage().setBody(optIns));
        assertNull(result.getException(), "poison opt-ins do not fail the exchange");
        List<EmarsysFailedItem> failed = result.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        assertEquals(3, failed.size(), String.valueOf(failed));
        assertTrue(failed.get(0).replyText().contains("Unknown opt-in channel 'pigeon'"), failed.get(0).replyText());
        assertTrue(failed.get(1).replyText().contains("granted must be true or false"), failed.get(1).replyText());
        assertEquals(2008, failed.get(2).replyCode(), "an update of an unknown contact");
        assertTrue(storedWith("bob@example.com", "31", "1"), "the good opt-in is written");
    }

    @Test
    void segmentEventsMappedToUnknownEventsAreDeadLetteredAndTheBatchIsCommitted() throws Exception {
        String path = ".*/(contact|contactlist|event)(/.*)?";
        long callsBefore = calls(path);
        List<String> records = List.of(
                "{\"type\":\"identify\",\"messageId\":\"s1\",\"userId\":\"u-dan\",\"traits\":{\"email\":\"dan@example.com\"}}",
                "{\"type\":\"track\",\"messageId\":\"s2\",\"userId\":\"u-dan\",\"event\":\"Refund Issued\",\"properties\":{}}",
                "{\"type\":\"track\",\"messageId\":\"s3\",\"userId\":\"u-dan\",\"event\":\"Cart Viewed\",\"properties\":{}}",
                "{\"type\":\"track\",\"messageId\":\"s4\",\"userId\":\"u-dan\",\"event\":\"Order Completed\",\"properties\":{\"n\":4}}",
                "{\"type\":\"identify\",\"messageId\":\"s5\",\"userId\":\"u-eve\",\"traits\":{\"email\":\"eve@example.com\",\"phone\":{\"nested\":true}}}",
                "{\"type\":\"track\",\"messageId\":\"s6\",\"userId\":\"u-dan\",\"event\":\"Never Mapped\"}",
                // a second message of the unknown event id: one call refused for its event, both messages dead-lettered
                "{\"type\":\"track\",\"messageId\":\"s7\",\"userId\":\"u-dan\",\"event\":\"Refund Issued\",\"properties\":{\"n\":7}}");
        for (String record : records) {
            send("poison.segment-events", "u", record);
        }
        assertDeadLetteredAndCommitted("poison.segment-events", "poison-segment-events", "poison.dlq.segment-events",
                records.size(), List.of(
                        new Poison("\"s2\"", 5001, "Emarsys refused the record (replyCode 5001) Invalid event ID for customer."),
                        new Poison("\"s3\"", -1, "the component refused it before sending"),
                        new Poison("\"s5\"", 2007, "Emarsys refused the record (replyCode 2007)"),
                        new Poison("\"s6\"", -1, "The sink refused the record itself; it was not sent to Emarsys"),
                        new Poison("\"s7\"", 5001, "Emarsys refused the record (replyCode 5001) Invalid event ID for customer.")),
                path, callsBefore, 12);
        assertEquals(1, triggers("dan@example.com", "{\"n\":4}"), "the good track after the poison, its properties as data");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallRefusedAsAWholeForOneRecordsContentIsNarrowedDownToThatRecord() throws Exception {
        // Emarsys answers 413/1000 to a contact write of more than 8 MB: one contact with a 9 MB note refuses the
        // contact sink's whole call, the good contact after it never sent
        Map<String, Object> huge = Map.of("email", "b2@example.com", "Narrowing Notes", "x".repeat(9 * 1024 * 1024));
        List<Map<String, Object>> contacts = List.of(Map.of("email", "b1@example.com", "First Name", "B1"), huge,
                Map.of("email", "b3@example.com", "First Name", "B3"));
        long callsBefore = calls(".*/contact");
        Exchange result = template.send("direct:contact-kamelet", e -> e.getMessage().setBody(contacts));
        assertNull(result.getException(), "a refusal for one contact's content does not fail the exchange");
        List<EmarsysFailedItem> refused = result.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        assertEquals(1, refused.size(), String.valueOf(refused));
        assertEquals(1000, refused.get(0).replyCode(), refused.get(0).replyText());
        assertEquals(huge, refused.get(0).item(), "only the guilty record is refused");
        assertEquals(2, result.getMessage().getHeader(EmarsysConstants.SUCCEEDED_COUNT, Integer.class));
        assertTrue(storedWith("b1@example.com", "1", "B1"));
        assertTrue(storedWith("b3@example.com", "1", "B3"), "the contact after the guilty one is written");
        // the whole call (b1 written, then the 9 MB request refused), then one call per contact
        assertEquals(5, calls(".*/contact") - callsBefore);
    }

    @Test
    void anEmarsysOutageOrAnUnreachableEmarsysHoldsTheBatchNothingIsCommittedNorDeadLettered() throws Exception {
        for (Faults outage : List.of(new Faults(1.0, 0, 0, 0, 0, 0, 7), new Faults(0, 0, 0, 1.0, 0, 0, 7))) {
            long before = committed("held-events", "held.events");
            long failedBefore = failedCalls();
            EMARSYS.simulator().faults(outage);
            String record = event("poison_ok", "ann@example.com",
                    "\"data\":{\"global\":{\"held\":\"" + outage.errorRate() + "\"}}");
            try {
                send("held.events", "h", record);
                await("failed attempts", () -> failedCalls() >= failedBefore + 4);
                assertEquals(Math.max(before, 0), Math.max(committed("held-events", "held.events"), 0),
                        "nothing is committed while Emarsys cannot be reached");
                assertTrue(records("held.dlq.events").isEmpty(), "nothing is dead-lettered for an outage");
            } finally {
                EMARSYS.simulator().faults(Faults.NONE);
            }
            await("the held record delivered after the outage", () -> committed("held-events", "held.events")
                    == Math.max(before, 0) + 1);
            assertEquals(1, triggers("ann@example.com", "{\"global\":{\"held\":\"" + outage.errorRate() + "\"}}"));
        }
        assertTrue(records("held.dlq.events").isEmpty(), "nothing is dead-lettered for an outage");
    }

    @Test
    void aWrongSinkOptionHoldsTheBatchInsteadOfDeadLetteringEveryRecord() throws Exception {
        // keyField names no Emarsys field: every record would fail the same way, so none of them is the poison
        NotifyBuilder failed = new NotifyBuilder(context).fromRoute("held-config-events").whenFailed(1).create();
        send("held.config-events", "h", event("poison_ok", "ann@example.com", "\"data\":{\"global\":{\"x\":1}}"));
        assertTrue(failed.matches(30, TimeUnit.SECONDS), "the batch fails, its redeliveries exhausted");
        assertTrue(committed("held-config-events", "held.config-events") <= 0, "nothing is committed");
        assertTrue(records("held.dlq.config-events").isEmpty(), "nothing is dead-lettered for a wrong option");
    }

    /**
     * Waits for the consumer group to commit every record of the topic, then checks the dead-letter topic holds
     * exactly the poison records (each with its reply code and reason or reply text), that the sink made at most
     * {@code maxCalls} calls to paths matching {@code pathRegex}, and that it makes none after the commit (no re-read loop).
     */
    private void assertDeadLetteredAndCommitted(String topic, String group, String dlq, int sent, List<Poison> poisons,
                                                String pathRegex, long callsBefore, int maxCalls) throws Exception {
        await("the consumer group committed every record of " + topic, () -> committed(group, topic) == sent);
        List<JsonNode> letters = json(dlq);
        assertEquals(poisons.size(), letters.size(), "one dead letter per poison record: " + letters);
        for (Poison poison : poisons) {
            JsonNode letter = letters.stream().filter(l -> l.path("record").asText().contains(poison.fragment()))
                    .findFirst().orElseThrow(() -> new AssertionError("no dead letter for " + poison + " in " + letters));
            if (poison.replyCode() == 0) { // refused before the Emarsys call: the reason alone
                assertFalse(letter.has("replyCode"), letter.toString());
            } else {
                assertEquals(poison.replyCode(), letter.path("replyCode").asInt(), letter.toString());
            }
            String why = letter.path("reason").asText() + " " + letter.path("replyText").asText();
            assertTrue(why.contains(poison.reasonOrText()), "the reason of " + poison + ": " + letter);
            assertEquals(topic, letter.path("source").path("topic").asText(), letter.toString());
            assertTrue(letter.path("source").path("offset").asLong() >= 0, letter.toString());
            assertTrue(letter.hasNonNull("failedAt"), letter.toString());
        }
        long calls = calls(pathRegex) - callsBefore;
        assertTrue(calls <= maxCalls, "a bounded number of Emarsys calls, made " + calls);
        Thread.sleep(1500);
        assertEquals(calls, calls(pathRegex) - callsBefore, "no call after the commit: the batch is not read again; "
                + "the last calls: " + control("GET", "/journal?limit=5", null));
        assertEquals(sent, committed(group, topic));
    }

    private static String event(String eventName, String key, String more) {
        return "{\"eventName\":\"" + eventName + "\",\"key\":\"" + key + "\"," + more + "}";
    }

    /** How many triggers the simulator recorded for this contact with exactly this data. */
    private int triggers(String externalId, String data) throws Exception {
        JsonNode expected = JSON.readTree(data);
        int found = 0;
        for (JsonNode trigger : control("GET", "/triggers?limit=100000", null)) {
            if (externalId.equals(trigger.path("externalId").asText()) && expected.equals(trigger.path("data"))) {
                found++;
            }
        }
        return found;
    }

    /** How many API calls the simulator's journal holds whose path matches {@code pathRegex}. */
    private long calls(String pathRegex) throws Exception {
        long count = 0;
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("path").asText().matches(pathRegex)) {
                count++;
            }
        }
        return count;
    }

    private long failedCalls() {
        Map<String, Object> stats = new LinkedHashMap<>(EMARSYS.simulator().stats());
        return ((Number) stats.get("serverErrorsInjected")).longValue()
                + ((Number) stats.get("connectionsDropped")).longValue();
    }
}
