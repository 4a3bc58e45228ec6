package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * What the Kamelets used to do by hand, done by the component: events and lists by name (options and per-message
 * headers, names cached per account and read again once for a new name), ensureContact, createMissingList, and the
 * key field per message. One static endpoint serves every message.
 */
class NamedEventsAndListsTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    private void seed(String... emails) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String email : emails) {
            records.add(map("3", email));
        }
        control("POST", "/contacts", records);
    }

    private String event(String name) {
        return control("POST", "/events", map("name", name)).path("id").asText();
    }

    private List<JsonNode> triggers(String eventId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode trigger : control("GET", "/triggers", null)) {
            if (trigger.path("eventId").asText().equals(eventId)) {
                found.add(trigger);
            }
        }
        return found;
    }

    /** The ids of the lists named so in the account. */
    private List<String> listsNamed(String name) {
        List<String> ids = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lists = call("emarsys:contactlist/list", null).getMessage().getBody(List.class);
        lists.stream().filter(l -> name.equals(l.get("name"))).forEach(l -> ids.add(String.valueOf(l.get("id"))));
        return ids;
    }

    /** Requests to exactly this path (without its query). */
    private long exactRequests(String method, String path) {
        long count = 0;
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("method").asText().equals(method) && entry.path("path").asText().equals(path)) {
                count++;
            }
        }
        return count;
    }

    @SuppressWarnings("unchecked")
    private static List<EmarsysFailedItem> failedItems(Exchange exchange) {
        return exchange.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
    }

    @Test
    void eventNameOptionAndHeaderResolveThroughTheCachedEventList() {
        seed("named-a@example.com");
        String shipped = event("named_shipped");
        String paid = event("named_paid");
        clearJournal();

        Exchange byOption = call("emarsys:event/trigger?eventName=named_shipped", "named-a@example.com");
        assertNull(byOption.getException());
        assertEquals(1, triggers(shipped).size());

        Exchange byHeader = call("emarsys:event/trigger?eventName=named_shipped", "named-a@example.com",
                map(EmarsysConstants.EVENT_NAME, "named_paid"));
        assertNull(byHeader.getException());
        assertEquals(1, triggers(paid).size(), "the header beats the option");

        Exchange byIdHeader = call("emarsys:event/trigger?eventName=named_shipped", "named-a@example.com",
                map(EmarsysConstants.EVENT_ID, paid));
        assertNull(byIdHeader.getException());
        assertEquals(2, triggers(paid).size());
        assertEquals(1, exactRequests("GET", "/api/v2/event"), "the event list read once for three messages");

        // an event created after the list was read: the unknown name reads the list once more
        String later = event("named_later");
        Exchange newName = call("emarsys:event/trigger?eventName=named_shipped", "named-a@example.com",
                map(EmarsysConstants.EVENT_NAME, "named_later"));
        assertNull(newName.getException());
        assertEquals(1, triggers(later).size());
        assertEquals(2, exactRequests("GET", "/api/v2/event"));
    }

    @Test
    void theEventNamesAreSharedByTheAccountsEndpoints() {
        seed("shared-ev@example.com");
        event("shared_event_one");
        clearJournal();
        assertNull(call("emarsys:event/trigger?eventName=shared_event_one", "shared-ev@example.com").getException());
        assertNull(call("emarsys:event/trigger?eventName=shared_event_one&batchSize=10", "shared-ev@example.com")
                .getException());
        assertNull(call("emarsys:event/trigger?eventId=shared_event_one", "shared-ev@example.com").getException());
        assertEquals(1, exactRequests("GET", "/api/v2/event"), "one read for three endpoints of the account");
    }

    @Test
    void anUnknownEventNameIsReadAgainOnceThenRefusedNamingItAndTheFix() {
        event("known_event");
        call("emarsys:event/trigger?eventName=known_event", "nobody@example.com");
        clearJournal();
        Exchange unknown = call("emarsys:event/trigger", "nobody@example.com",
                map(EmarsysConstants.EVENT_NAME, "no_such_named_event"));
        EmarsysInputException error = assertInstanceOf(EmarsysInputException.class, unknown.getException());
        assertEquals("Unknown external event 'no_such_named_event' (from header CamelEmarsysEventName): the account "
                + "has no event of that name; create it (event/create or the Emarsys UI) or use an existing name or id "
                + "from event/list", error.getMessage());
        assertEquals(1, exactRequests("GET", "/api/v2/event"), "one read again for the unknown name, no more");
        assertEquals(0, requestsTo("POST", "/api/v2/event/"), "nothing triggered");
    }

    @Test
    void badEventHeadersAreRefusedBeforeAnyCall() {
        event("hdr_event");
        clearJournal();
        Exchange both = call("emarsys:event/trigger", "x@example.com",
                map(EmarsysConstants.EVENT_ID, "1", EmarsysConstants.EVENT_NAME, "hdr_event"));
        assertEquals("Headers CamelEmarsysEventId ('1') and CamelEmarsysEventName ('hdr_event') are both set: set "
                + "only one of them", assertInstanceOf(EmarsysInputException.class, both.getException()).getMessage());
        Exchange list = call("emarsys:event/trigger", "x@example.com", map(EmarsysConstants.EVENT_NAME, List.of("a")));
        assertTrue(assertInstanceOf(EmarsysInputException.class, list.getException()).getMessage()
                .startsWith("Header CamelEmarsysEventName is "), list.getException().getMessage());
        Exchange none = call("emarsys:event/trigger", "x@example.com");
        assertEquals("No external event given: set the eventId or eventName option, or the CamelEmarsysEventId or "
                + "CamelEmarsysEventName header, to an external event id or name (see event/list)",
                assertInstanceOf(EmarsysConfigurationException.class, none.getException()).getMessage());
        assertEquals(0, exactRequests("GET", "/api/v2/event") + requestsTo("POST", "/api/v2/event/"), "no call at all");
    }

    @Test
    void bothEventIdAndEventNameOptionsAreRefusedWhenTheEndpointStarts() {
        Exception error = assertThrows(Exception.class,
                () -> call("emarsys:event/trigger?eventId=1&eventName=x", "x@example.com"));
        assertTrue(error.getMessage().contains("both eventId ('1') and eventName ('x') are set; set only one of them"),
                error.getMessage());
    }

    @Test
    void ensureContactCreatesTheMissingContactOfASingleTriggerThenTriggersAgain() {
        String welcome = event("ensure_single");
        Exchange without = call("emarsys:event/trigger?eventName=ensure_single", "ensure-new@example.com");
        assertEquals(2008, assertInstanceOf(EmarsysApiException.class, without.getException()).getReplyCode());
        assertEquals(0, stored("ensure-new@example.com").size());

        Exchange with = call("emarsys:event/trigger?eventName=ensure_single&ensureContact=true",
                "ensure-new@example.com");
        assertNull(with.getException());
        assertEquals(1, stored("ensure-new@example.com").size(), "a contact holding only its key");
        assertEquals(1, triggers(welcome).size());
    }

    @Test
    void ensureContactRetriesEachMissingItemOfABatchOnce() {
        seed("ens-known@example.com");
        String event = event("ensure_batch");
        clearJournal();
        Exchange exchange = call("emarsys:event/trigger?eventName=ensure_batch&ensureContact=true",
                List.of(map("external_id", "ens-known@example.com"), map("external_id", "ens-new1@example.com"),
                        map("external_id", "ens-new2@example.com", "data", map("global", map("a", 1)))));
        assertNull(exchange.getException());
        assertEquals(3, triggers(event).size());
        assertEquals(1, stored("ens-new1@example.com").size());
        assertEquals(1, stored("ens-new2@example.com").size());
        assertEquals(3, exchange.getMessage().getBody(EmarsysBatchResult.class).accepted());
        assertNull(failedItems(exchange));
        assertEquals(1, exactRequests("PUT", "/api/v2/contact"), "one upsert for the batch's missing contacts");
        assertEquals(2, exactRequests("POST", "/api/v2/event/" + event + "/trigger"), "the batch, then the two again");
        JsonNode retried = triggers(event).stream()
                .filter(t -> t.path("externalId").asText().equals("ens-new2@example.com")).findFirst().orElseThrow();
        assertEquals(1, retried.path("data").path("global").path("a").asInt(), "the retried trigger keeps its data");

        // contacts cannot be created by internal id: the item stays refused, saying why, with the item as given
        String knownId = stored("ens-known@example.com").get(0).path("id").asText();
        Exchange byId = call("emarsys:event/trigger?eventName=ensure_batch&ensureContact=true&failOnPartialErrors=false",
                List.of(map("external_id", knownId), map("external_id", "987654321")),
                map(EmarsysConstants.KEY_FIELD, "id"));
        assertNull(byId.getException());
        assertEquals(4, triggers(event).size());
        List<EmarsysFailedItem> failed = failedItems(byId);
        assertEquals(1, failed.size(), String.valueOf(failed));
        assertEquals("987654321", failed.get(0).key());
        assertEquals(2008, failed.get(0).replyCode());
        assertTrue(failed.get(0).replyText().startsWith("No contact with this key value, and creating it "
                + "(ensureContact) was refused: replyCode 2004: "), failed.get(0).replyText());
        assertEquals(map("external_id", "987654321"), failed.get(0).item(), "the item as given");
    }

    @Test
    void listNameOptionAndHeadersServeOneStaticEndpoint() {
        seed("ln-a@example.com", "ln-b@example.com");
        String gold = control("POST", "/lists", map("name", "ln_gold")).path("id").asText();
        String silver = control("POST", "/lists", map("name", "ln_silver")).path("id").asText();
        clearJournal();

        assertNull(call("emarsys:contactlist/add?listName=ln_gold", "ln-a@example.com").getException());
        assertNull(call("emarsys:contactlist/add?listName=ln_gold", "ln-b@example.com",
                map(EmarsysConstants.LIST_NAME, "ln_silver")).getException());
        assertNull(call("emarsys:contactlist/add?listName=ln_gold", "ln-a@example.com",
                map(EmarsysConstants.LIST_ID, silver)).getException());
        assertEquals(1, call("emarsys:contactlist/count", null, map(EmarsysConstants.LIST_NAME, "ln_gold"))
                .getMessage().getBody(Integer.class));
        assertEquals(2, call("emarsys:contactlist/count?listId=" + gold, null,
                map(EmarsysConstants.LIST_NAME, "ln_silver")).getMessage().getBody(Integer.class));
        assertNull(call("emarsys:contactlist/remove?listName=ln_gold", "ln-a@example.com",
                map(EmarsysConstants.LIST_NAME, "ln_silver")).getException());
        assertEquals(1, call("emarsys:contactlist/count?listName=ln_silver", null).getMessage().getBody(Integer.class));
        assertEquals(1, exactRequests("GET", "/api/v2/contactlist"), "the list names read once for every endpoint");
    }

    @Test
    void anUnknownListNameIsRefusedUnlessCreateMissingList() {
        seed("cm-a@example.com");
        Exchange refused = call("emarsys:contactlist/add?listName=cm_new_list", "cm-a@example.com");
        assertEquals("Unknown contact list 'cm_new_list' (from option listName): the account has no list of that "
                + "name; create it (contactlist/create, or createMissingList=true on contactlist/add) or use an "
                + "existing name or id from contactlist/list",
                assertInstanceOf(EmarsysInputException.class, refused.getException()).getMessage());
        assertTrue(listsNamed("cm_new_list").isEmpty());

        Exchange created = call("emarsys:contactlist/add?createMissingList=true", "cm-a@example.com",
                map(EmarsysConstants.LIST_NAME, "cm_new_list"));
        assertNull(created.getException());
        List<String> ids = listsNamed("cm_new_list");
        assertEquals(1, ids.size());
        assertTrue(stored("cm-a@example.com").get(0).path("lists").toString().contains("\"" + ids.get(0) + "\""));
        clearJournal();
        assertNull(call("emarsys:contactlist/add?createMissingList=true&listName=cm_new_list", "cm-a@example.com")
                .getException());
        assertEquals(0, exactRequests("POST", "/api/v2/contactlist"), "the created list is known: no second create");
        assertEquals(1, listsNamed("cm_new_list").size());

        // a remove from a missing list creates it as well (as the contactlist Kamelet always did): it removes none
        Exchange remove = call("emarsys:contactlist/remove?createMissingList=true&listName=cm_remove_list",
                "cm-a@example.com");
        assertNull(remove.getException());
        assertEquals(1, listsNamed("cm_remove_list").size());
        Exchange strictRemove = call("emarsys:contactlist/remove?listName=cm_other_missing", "cm-a@example.com");
        assertInstanceOf(EmarsysInputException.class, strictRemove.getException());
    }

    @Test
    void aListCreatedElsewhereSinceTheReadIsUsedNotCreatedTwice() {
        seed("race@example.com");
        call("emarsys:contactlist/count?listName=race_known", null); // reads the lists (and is refused)
        control("POST", "/lists", map("name", "race_list"));
        Exchange exchange = call("emarsys:contactlist/add?createMissingList=true&listName=race_list", "race@example.com");
        assertNull(exchange.getException());
        assertEquals(1, listsNamed("race_list").size());
    }

    @Test
    void theKeyFieldHeaderServesEveryKeyedOperation() {
        seed("kf@example.com");
        Exchange upsert = call("emarsys:contact/upsert", map("email", "kf@example.com", "First Name", "Kay"));
        assertNull(upsert.getException());
        String id = stored("kf@example.com").get(0).path("id").asText();
        Map<String, Object> byId = map(EmarsysConstants.KEY_FIELD, "id");

        Exchange get = call("emarsys:contact/get?fields=email", id, byId);
        assertNull(get.getException());
        assertEquals("kf@example.com", ((Map<?, ?>) get.getMessage().getBody(List.class).get(0)).get("email"));
        String event = event("kf_event");
        assertNull(call("emarsys:event/trigger?eventName=kf_event", id, byId).getException());
        assertEquals(1, triggers(event).size());
        control("POST", "/lists", map("name", "kf_list"));
        assertNull(call("emarsys:contactlist/add?listName=kf_list", id, byId).getException());
        assertEquals(1, call("emarsys:contactlist/count?listName=kf_list", null).getMessage().getBody(Integer.class));
        Exchange checkids = call("emarsys:contact/checkids", List.of(id), byId);
        assertNull(checkids.getException());
        assertTrue(checkids.getMessage().getBody(String.class).contains("kf@example.com")
                || checkids.getMessage().getBody(String.class).contains(id), checkids.getMessage().getBody(String.class));
        Exchange update = call("emarsys:contact/update", map("id", id, "First Name", "Kai"), byId);
        assertNull(update.getException());
        assertEquals("Kai", stored("kf@example.com").get(0).path("1").asText());

        Exchange bad = call("emarsys:contact/get", "kf@example.com", map(EmarsysConstants.KEY_FIELD, "no_such_key"));
        EmarsysInputException error = assertInstanceOf(EmarsysInputException.class, bad.getException());
        assertFalse(error instanceof EmarsysConfigurationException, "a bad header is the message's fault");
        assertTrue(error.getMessage().startsWith("Header CamelEmarsysKeyField is 'no_such_key': Unknown Emarsys field"),
                error.getMessage());
        Exchange notText = call("emarsys:contact/get", "kf@example.com", map(EmarsysConstants.KEY_FIELD, List.of(3)));
        assertTrue(assertInstanceOf(EmarsysInputException.class, notText.getException()).getMessage()
                .startsWith("Header CamelEmarsysKeyField is "), notText.getException().getMessage());
    }
}
