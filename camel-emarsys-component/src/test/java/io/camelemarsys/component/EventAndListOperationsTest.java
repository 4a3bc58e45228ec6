package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/** event/create, list, trigger and the contactlist operations, against the simulator. */
class EventAndListOperationsTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    /** API requests the simulator received so far. */
    long apiRequests() {
        return stats().path("requests").asLong();
    }



    /** Seeds contacts (by e-mail) through the control API; returns their internal ids in order. */
    private List<String> seed(String... emails) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String email : emails) {
            records.add(map("3", email));
        }
        List<String> ids = new ArrayList<>();
        control("POST", "/contacts", records).path("ids").forEach(id -> ids.add(id.asText()));
        assertEquals(emails.length, ids.size());
        return ids;
    }

    /** Creates an external event through the control API; returns its id. */
    private String event(String name) {
        return control("POST", "/events", map("name", name)).path("id").asText();
    }

    /** The accepted triggers of one event, oldest first. */
    private List<JsonNode> triggers(String eventId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode trigger : control("GET", "/triggers", null)) {
            if (trigger.path("eventId").asText().equals(eventId)) {
                found.add(trigger);
            }
        }
        return found;
    }

    private long triggerRequests(String eventId) {
        return requestsTo("POST", "/api/v2/event/" + eventId + "/trigger");
    }

    @SuppressWarnings("unchecked")
    private static List<EmarsysFailedItem> failedItems(Exchange exchange) {
        return exchange.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
    }

    // ---------------------------------------------------------------- events

    @Test
    void eventCreateWithTextOrMapBodyThenEventListContainsIt() {
        Exchange text = call("emarsys:event/create", "order_shipped");
        assertNull(text.getException());
        @SuppressWarnings("unchecked")
        Map<String, Object> shipped = text.getMessage().getBody(Map.class);
        assertEquals("order_shipped", shipped.get("name"));
        assertNotNull(shipped.get("id"));
        assertEquals(0, text.getMessage().getHeader(EmarsysConstants.REPLY_CODE));

        Exchange fromMap = call("emarsys:event/create", map("name", "cart_abandoned"));
        assertNull(fromMap.getException());
        @SuppressWarnings("unchecked")
        Map<String, Object> abandoned = fromMap.getMessage().getBody(Map.class);
        assertEquals("cart_abandoned", abandoned.get("name"));
        assertEquals(2, requestsTo("POST", "/api/v2/event"));

        Exchange list = call("emarsys:event/list", null);
        assertNull(list.getException());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = list.getMessage().getBody(List.class);
        Map<String, Object> byName = new LinkedHashMap<>();
        events.forEach(e -> byName.put((String) e.get("name"), e.get("id")));
        assertEquals(shipped.get("id"), byName.get("order_shipped"));
        assertEquals(abandoned.get("id"), byName.get("cart_abandoned"));

        Exchange again = call("emarsys:event/create", "order_shipped");
        assertInstanceOf(EmarsysApiException.class, again.getException(), "Emarsys refuses a second event of that name");
    }

    @Test
    void triggerByEventNameForAStringBodyAndForAMapWithTriggerIdAndEventTimeHeaders() {
        String contactId = seed("trig-ann@example.com").get(0);
        String eventId = event("welcome_mail");

        Exchange plain = call("emarsys:event/trigger?eventId=welcome_mail", "trig-ann@example.com");
        assertNull(plain.getException());
        assertEquals(1, plain.getMessage().getBody(EmarsysBatchResult.class).accepted());
        assertEquals(0, plain.getMessage().getHeader(EmarsysConstants.REPLY_CODE));
        List<JsonNode> recorded = triggers(eventId);
        assertEquals(1, recorded.size());
        assertEquals(contactId, recorded.get(0).path("contactId").asText());
        assertEquals("trig-ann@example.com", recorded.get(0).path("externalId").asText());
        assertTrue(recorded.get(0).path("triggerId").isNull());
        assertTrue(recorded.get(0).path("data").isNull());

        Map<String, Object> body = map("external_id", "trig-ann@example.com",
                "data", map("global", map("orderId", "991", "total", 12.5)));
        Exchange withHeaders = call("emarsys:event/trigger?eventId=welcome_mail", body, map(
                EmarsysConstants.TRIGGER_ID, "order-991",
                EmarsysConstants.EVENT_TIME, Instant.parse("2024-05-01T10:00:00.123456789Z")));
        assertNull(withHeaders.getException());
        recorded = triggers(eventId);
        assertEquals(2, recorded.size());
        JsonNode second = recorded.get(1);
        assertEquals("order-991", second.path("triggerId").asText());
        assertEquals("2024-05-01T10:00:00.123Z", second.path("eventTime").asText(), "Instant cut to milliseconds, UTC");
        assertEquals("991", second.path("data").path("global").path("orderId").asText());
        assertEquals(12.5, second.path("data").path("global").path("total").asDouble());

        // an offset time is converted to UTC in a form Emarsys takes
        call("emarsys:event/trigger?eventId=welcome_mail", "trig-ann@example.com",
                map(EmarsysConstants.EVENT_TIME, OffsetDateTime.parse("2024-05-01T12:00:00.250+02:00")));
        assertEquals("2024-05-01T10:00:00.250Z", triggers(eventId).get(2).path("eventTime").asText());

        // the name was looked up in event/list once for the endpoint
        assertEquals(1, requestsTo("GET", "/api/v2/event"));
        assertEquals(3, triggerRequests(eventId));
    }

    @Test
    void eventTimeEmarsysCannotReadIsRefusedBeforeSending() {
        seed("badtime@example.com");
        String eventId = event("bad_time_event");
        Exchange exchange = call("emarsys:event/trigger?eventId=" + eventId, "badtime@example.com",
                map(EmarsysConstants.EVENT_TIME, "yesterday at noon"));
        assertInstanceOf(EmarsysInputException.class, exchange.getException());
        assertTrue(exchange.getException().getMessage().contains("event_time"), exchange.getException().getMessage());
        assertEquals(0, triggerRequests(eventId));
    }

    @Test
    void aRepeatedTriggerIdIsDroppedByEmarsys() {
        seed("dedupe@example.com");
        String eventId = event("dedupe_event");
        long deduplicatedBefore = stats().path("eventsDeduplicated").asLong();
        for (int i = 0; i < 2; i++) {
            Exchange exchange = call("emarsys:event/trigger?eventId=dedupe_event", "dedupe@example.com",
                    map(EmarsysConstants.TRIGGER_ID, "order-77"));
            assertNull(exchange.getException());
        }
        assertEquals(2, triggerRequests(eventId), "both were sent");
        assertEquals(1, triggers(eventId).size(), "Emarsys recorded one");
        assertEquals(deduplicatedBefore + 1, stats().path("eventsDeduplicated").asLong());

        // the triggerId option works the same for a single trigger
        call("emarsys:event/trigger?eventId=dedupe_event&triggerId=order-77", "dedupe@example.com");
        assertEquals(1, triggers(eventId).size());
    }

    @Test
    void aBatchWithAnUnknownContactFailsWithThatItem() {
        List<String> ids = seed("batch-a@example.com", "batch-b@example.com");
        String eventId = event("batch_event");
        Map<String, Object> unknown = map("external_id", "batch-nobody@example.com", "data", map("global", map("n", 2)));
        List<Map<String, Object>> batch = List.of(
                map("external_id", "batch-a@example.com", "data", map("global", map("n", 1))),
                unknown,
                map("external_id", "batch-b@example.com", "data", map("global", map("n", 3))));

        Exchange failing = call("emarsys:event/trigger?eventId=batch_event", batch);
        assertInstanceOf(EmarsysPartialFailureException.class, failing.getException());
        EmarsysPartialFailureException failure = (EmarsysPartialFailureException) failing.getException();
        assertEquals(1, failure.getFailedItems().size());
        assertEquals("batch-nobody@example.com", failure.getFailedItems().get(0).key());
        assertEquals(2008, failure.getFailedItems().get(0).replyCode());
        assertEquals(unknown, failure.getFailedItems().get(0).item());
        assertEquals(2, failure.getSucceededCount());
        assertFalse(failure.getMessage().contains("@"), failure.getMessage());
        List<JsonNode> recorded = triggers(eventId);
        assertEquals(List.of("batch-a@example.com", "batch-b@example.com"),
                recorded.stream().map(t -> t.path("externalId").asText()).toList());
        assertEquals(1, triggerRequests(eventId), "one batch request");

        Exchange lenient = call("emarsys:event/trigger?eventId=batch_event&failOnPartialErrors=false", batch);
        assertNull(lenient.getException());
        List<EmarsysFailedItem> failed = failedItems(lenient);
        assertEquals(1, failed.size());
        assertEquals("batch-nobody@example.com", failed.get(0).key());
        assertEquals(2008, failed.get(0).replyCode());
        EmarsysBatchResult result = lenient.getMessage().getBody(EmarsysBatchResult.class);
        assertEquals(2, result.accepted());
        assertEquals(ids, result.ids(), "the contact ids of the accepted triggers");
        assertEquals(2, lenient.getMessage().getHeader(EmarsysConstants.SUCCEEDED_COUNT));
        assertEquals(4, triggers(eventId).size());
    }

    @Test
    void aBatchIsSplitAtBatchSize() {
        String[] emails = new String[7];
        for (int i = 0; i < emails.length; i++) {
            emails[i] = "split" + i + "@example.com";
        }
        seed(emails);
        String eventId = event("split_event");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (String email : emails) {
            batch.add(map("external_id", email));
        }
        Exchange exchange = call("emarsys:event/trigger?batchSize=3&eventId=" + eventId, batch);
        assertNull(exchange.getException());
        assertEquals(7, exchange.getMessage().getBody(EmarsysBatchResult.class).accepted());
        assertEquals(3, triggerRequests(eventId), "3 + 3 + 1");
        assertEquals(List.of(emails), triggers(eventId).stream().map(t -> t.path("externalId").asText()).toList());
    }

    @Test
    void aBatchIsSplitAtTheOneMegabyteLimit() {
        seed("bigdata@example.com");
        String eventId = event("big_data_event");
        String blob = "x".repeat(200_000);
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) { // 8 x 200 kB = 1.6 MB: more than one 1 MB request
            batch.add(map("external_id", "bigdata@example.com", "trigger_id", "big-" + i,
                    "data", map("global", map("blob", blob))));
        }
        Exchange exchange = call("emarsys:event/trigger?eventId=" + eventId, batch);
        assertNull(exchange.getException());
        assertEquals(8, exchange.getMessage().getBody(EmarsysBatchResult.class).accepted());
        assertEquals(2, triggerRequests(eventId));
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("path").asText().endsWith("/trigger")) {
                assertTrue(entry.path("requestBytes").asLong() <= 1024 * 1024, entry.toString());
            }
        }
        assertEquals(8, triggers(eventId).size());
    }

    @Test
    void anItemWithoutExternalIdIsRefusedBeforeSending() {
        seed("keyed@example.com");
        String eventId = event("keyless_event");
        Map<String, Object> keyless = map("data", map("global", map("a", 1)));
        Exchange exchange = call("emarsys:event/trigger?failOnPartialErrors=false&eventId=" + eventId,
                List.of(map("external_id", "keyed@example.com"), keyless));
        assertNull(exchange.getException());
        List<EmarsysFailedItem> failed = failedItems(exchange);
        assertEquals(1, failed.size());
        assertEquals(-1, failed.get(0).replyCode());
        assertTrue(failed.get(0).replyText().contains("external_id"), failed.get(0).replyText());
        assertEquals(keyless, failed.get(0).item());
        assertEquals(1, exchange.getMessage().getBody(EmarsysBatchResult.class).accepted());
        assertEquals(1, triggers(eventId).size());

        Exchange strict = call("emarsys:event/trigger?eventId=" + eventId,
                List.of(map("external_id", "keyed@example.com"), keyless));
        assertInstanceOf(EmarsysPartialFailureException.class, strict.getException());

        clearJournal();
        Exchange single = call("emarsys:event/trigger?eventId=" + eventId, keyless);
        assertInstanceOf(EmarsysInputException.class, single.getException());
        assertTrue(single.getException().getMessage().contains("external_id"));
        assertEquals(0, triggerRequests(eventId));
    }

    @Test
    void dataThatIsNotAMapIsRefused() {
        seed("nomap@example.com");
        String eventId = event("nomap_event");
        Exchange single = call("emarsys:event/trigger?eventId=" + eventId,
                map("external_id", "nomap@example.com", "data", "orderId=991"));
        assertInstanceOf(EmarsysInputException.class, single.getException());
        assertTrue(single.getException().getMessage().contains("data must be"), single.getException().getMessage());
        assertEquals(0, triggerRequests(eventId));

        Exchange batch = call("emarsys:event/trigger?failOnPartialErrors=false&eventId=" + eventId, List.of(
                map("external_id", "nomap@example.com", "data", List.of("a", "b")),
                map("external_id", "nomap@example.com", "data", map("global", map("ok", true)))));
        List<EmarsysFailedItem> failed = failedItems(batch);
        assertEquals(1, failed.size());
        assertEquals(-1, failed.get(0).replyCode());
        assertEquals(1, triggers(eventId).size());
        assertTrue(triggers(eventId).get(0).path("data").path("global").path("ok").asBoolean());
    }

    @Test
    void aSingleTriggerForAnUnknownContactFailsWith2008() {
        String eventId = event("unknown_contact_event");
        Exchange exchange = call("emarsys:event/trigger?eventId=" + eventId, "no-such-contact@example.com");
        assertInstanceOf(EmarsysApiException.class, exchange.getException());
        EmarsysApiException failure = (EmarsysApiException) exchange.getException();
        assertEquals(2008, failure.getReplyCode());
        assertEquals(400, failure.getHttpResponseCode());
        assertTrue(failure.getReplyText().contains("no-such-contact@example.com"), "the full text stays available");
        assertFalse(failure.getMessage().contains("no-such-contact"),
                "no contact data in the exception message: " + failure.getMessage());
        assertTrue(triggers(eventId).isEmpty());
    }

    @Test
    void aJsonTextBodyIsNotSentAsAKeyValue() {
        seed("json-a@example.com");
        String eventId = event("json_event");
        // this CamelContext has no JSON type converter enabled: the body must be refused, as contact writes refuse it
        Exchange single = call("emarsys:event/trigger?eventId=" + eventId,
                "{\"external_id\": \"json-a@example.com\", \"data\": {\"global\": {\"orderId\": \"5\"}}}");
        assertInstanceOf(EmarsysInputException.class, single.getException());
        assertTrue(single.getException().getMessage().contains("unmarshal"), single.getException().getMessage());
        Exchange batch = call("emarsys:event/trigger?eventId=" + eventId, "[{\"external_id\": \"json-a@example.com\"}]");
        assertInstanceOf(EmarsysInputException.class, batch.getException());
        assertEquals(0, triggerRequests(eventId), "the JSON was not sent as the contact's key value");

        Exchange contact = call("emarsys:contact/upsert", "{\"email\": \"json-a@example.com\"}");
        assertInstanceOf(EmarsysInputException.class, contact.getException(), "the same answer as contact writes");
    }

    @Test
    void anUnknownEventNameIsRefusedWithTheName() {
        seed("noevent@example.com");
        Exchange exchange = call("emarsys:event/trigger?eventId=no_such_event_xyz", "noevent@example.com");
        assertInstanceOf(EmarsysInputException.class, exchange.getException());
        assertTrue(exchange.getException().getMessage().contains("no_such_event_xyz"),
                exchange.getException().getMessage());
        assertEquals(0, requestsTo("POST", "/api/v2/event/"));

        Exchange header = call("emarsys:event/trigger?eventId=no_such_event_xyz", "noevent@example.com",
                map(EmarsysConstants.EVENT_ID, "also_unknown_event"));
        assertInstanceOf(EmarsysInputException.class, header.getException());
        assertTrue(header.getException().getMessage().contains("also_unknown_event"),
                "the header overrides the option: " + header.getException().getMessage());
    }

    // ---------------------------------------------------------------- contact lists

    @Test
    void contactListCreateListAddRemoveAndCountByName() {
        List<String> ids = seed("cl-a@example.com", "cl-b@example.com", "cl-c@example.com");

        Exchange created = call("emarsys:contactlist/create", "vip_customers");
        assertNull(created.getException());
        @SuppressWarnings("unchecked")
        String vipId = String.valueOf(created.getMessage().getBody(Map.class).get("id"));

        Exchange preloaded = call("emarsys:contactlist/create?failOnPartialErrors=false", map("name", "preloaded_list",
                "external_ids", List.of("cl-a@example.com", "cl-b@example.com", "cl-ghost@example.com")));
        assertNull(preloaded.getException());
        String preloadedId = preloaded.getMessage().getHeader(EmarsysConstants.CONTACT_LIST_ID, String.class);
        assertTrue(preloadedId.matches("\\d+"), preloadedId);
        @SuppressWarnings("unchecked")
        List<EmarsysFailedItem> refused = preloaded.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        assertEquals(List.of("cl-ghost@example.com"), refused.stream().map(EmarsysFailedItem::key).toList());
        assertEquals(2008, refused.get(0).replyCode());
        assertEquals(2, preloaded.getMessage().getHeader(EmarsysConstants.SUCCEEDED_COUNT));

        // by default a refused contact fails the exchange like any batch call; the list exists and is named
        Exchange strict = call("emarsys:contactlist/create", map("name", "strict_list",
                "external_ids", List.of("cl-a@example.com", "cl-ghost@example.com")));
        EmarsysPartialFailureException partial = assertInstanceOf(EmarsysPartialFailureException.class,
                strict.getException());
        assertEquals(1, partial.getFailedItems().size());
        assertTrue(strict.getMessage().getHeader(EmarsysConstants.CONTACT_LIST_ID, String.class).matches("\\d+"));
        assertTrue(stored("cl-a@example.com").get(0).path("lists").toString().contains("\"" + preloadedId + "\""));
        assertTrue(stored("cl-b@example.com").get(0).path("lists").toString().contains("\"" + preloadedId + "\""));
        assertFalse(stored("cl-c@example.com").get(0).path("lists").toString().contains("\"" + preloadedId + "\""));

        Exchange list = call("emarsys:contactlist/list", null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lists = list.getMessage().getBody(List.class);
        Map<String, String> byName = new LinkedHashMap<>();
        lists.forEach(l -> byName.put((String) l.get("name"), String.valueOf(l.get("id"))));
        assertEquals(vipId, byName.get("vip_customers"));
        assertEquals(preloadedId, byName.get("preloaded_list"));

        Exchange add = call("emarsys:contactlist/add?listId=vip_customers",
                List.of("cl-a@example.com", "cl-nobody@example.com", "cl-c@example.com"));
        assertInstanceOf(EmarsysPartialFailureException.class, add.getException());
        EmarsysPartialFailureException failure = (EmarsysPartialFailureException) add.getException();
        assertEquals(1, failure.getFailedItems().size());
        assertEquals("cl-nobody@example.com", failure.getFailedItems().get(0).key());
        assertEquals(2008, failure.getFailedItems().get(0).replyCode());
        assertEquals(2, failure.getSucceededCount());
        assertEquals(1, requestsTo("POST", "/api/v2/contactlist/" + vipId + "/add"));
        assertTrue(stored("cl-a@example.com").get(0).path("lists").toString().contains("\"" + vipId + "\""));
        assertTrue(stored("cl-c@example.com").get(0).path("lists").toString().contains("\"" + vipId + "\""));

        Exchange count = call("emarsys:contactlist/count?listId=vip_customers", null);
        assertNull(count.getException());
        assertEquals(2, count.getMessage().getBody(Integer.class));

        Exchange remove = call("emarsys:contactlist/remove?listId=vip_customers&failOnPartialErrors=false",
                List.of("cl-a@example.com", "cl-nobody@example.com"));
        assertNull(remove.getException());
        List<EmarsysFailedItem> failed = failedItems(remove);
        assertEquals(1, failed.size());
        assertEquals(2008, failed.get(0).replyCode());
        assertEquals("cl-nobody@example.com", failed.get(0).key());
        assertEquals(1, remove.getMessage().getBody(EmarsysBatchResult.class).accepted());
        assertEquals(1, requestsTo("POST", "/api/v2/contactlist/" + vipId + "/delete"));
        assertFalse(stored("cl-a@example.com").get(0).path("lists").toString().contains("\"" + vipId + "\""));

        assertEquals(1, call("emarsys:contactlist/count?listId=" + vipId, null).getMessage().getBody(Integer.class));
        assertEquals(2, call("emarsys:contactlist/count?listId=preloaded_list", null).getMessage().getBody(Integer.class));
        assertEquals(3, ids.size());

        Exchange unknown = call("emarsys:contactlist/count?listId=no_such_list_xyz", null);
        assertInstanceOf(EmarsysInputException.class, unknown.getException());
        assertTrue(unknown.getException().getMessage().contains("no_such_list_xyz"));
    }

    @Test
    void membersIsALazyIteratorThatReadsPagesAsItIsConsumed() {
        String[] emails = new String[10];
        for (int i = 0; i < emails.length; i++) {
            emails[i] = "member" + i + "@example.com";
        }
        List<String> ids = seed(emails);
        String listId = control("POST", "/lists", map("name", "members_list", "key_id", "3",
                "external_ids", List.of(emails))).path("id").asText();
        clearJournal();
        String pages = "/api/v2/contactlist/" + listId + "/contactIds";

        Exchange exchange = call("emarsys:contactlist/members?batchSize=3&listId=members_list", null);
        assertNull(exchange.getException());
        Object body = exchange.getMessage().getBody();
        assertInstanceOf(Iterator.class, body);
        long before = apiRequests();
        assertEquals(0, requestsTo("GET", pages), "nothing read before iterating");

        @SuppressWarnings("unchecked")
        Iterator<String> members = (Iterator<String>) body;
        List<String> read = new ArrayList<>();
        read.add(members.next());
        assertEquals(before + 1, apiRequests(), "the first page only");
        read.add(members.next());
        read.add(members.next());
        assertEquals(before + 1, apiRequests(), "the first page is used up before the next is read");
        assertTrue(members.hasNext());
        assertEquals(before + 2, apiRequests());
        members.forEachRemaining(read::add);
        assertFalse(members.hasNext());
        assertEquals(before + 4, apiRequests(), "3 + 3 + 3 + 1");
        assertEquals(4, requestsTo("GET", pages));
        assertEquals(10, read.size());
        assertEquals(10, new HashSet<>(read).size(), "every member once");
        assertEquals(new HashSet<>(ids), new HashSet<>(read));
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("path").asText().equals(pages)) {
                assertTrue(entry.path("query").asText().contains("$top=3"), entry.toString());
            }
        }
    }

    @Test
    void theListIdHeaderOverridesTheOption() {
        seed("hdr-a@example.com", "hdr-b@example.com");
        control("POST", "/lists", map("name", "header_small", "key_id", "3",
                "external_ids", List.of("hdr-a@example.com")));
        String bigId = control("POST", "/lists", map("name", "header_big", "key_id", "3",
                "external_ids", List.of("hdr-a@example.com", "hdr-b@example.com"))).path("id").asText();

        assertEquals(1, call("emarsys:contactlist/count?listId=header_small", null).getMessage().getBody(Integer.class));
        Exchange byName = call("emarsys:contactlist/count?listId=header_small", null,
                map(EmarsysConstants.LIST_ID, "header_big"));
        assertNull(byName.getException());
        assertEquals(2, byName.getMessage().getBody(Integer.class));
        Exchange byId = call("emarsys:contactlist/count?listId=header_small", null, map(EmarsysConstants.LIST_ID, bigId));
        assertEquals(2, byId.getMessage().getBody(Integer.class));

        Exchange members = call("emarsys:contactlist/members?listId=header_small", null,
                map(EmarsysConstants.LIST_ID, "header_big"));
        @SuppressWarnings("unchecked")
        Iterator<String> it = members.getMessage().getBody(Iterator.class);
        Set<String> read = new HashSet<>();
        it.forEachRemaining(read::add);
        assertEquals(2, read.size());
        assertEquals(1, requestsTo("GET", "/api/v2/contactlist/" + bigId + "/contactIds"));
    }
}
