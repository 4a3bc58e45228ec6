package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

class ContactOperationsTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }



    @Test
    void upsertResolvesNamesLabelsOptInAndDates() {
        Exchange exchange = call("emarsys:contact/upsert", map("email", "ann@example.com", "First Name", "Ann",
                "gender", "female", "optin", true, "birth_date", java.time.LocalDate.of(1980, 2, 29),
                "Preferred channels", List.of("Email", "WhatsApp"), "100001", 3));
        assertNull(exchange.getException());
        EmarsysBatchResult result = exchange.getMessage().getBody(EmarsysBatchResult.class);
        assertEquals(1, result.accepted());
        assertEquals(1, result.ids().size());
        assertEquals(0, exchange.getMessage().getHeader(EmarsysConstants.REPLY_CODE));
        JsonNode stored = stored("ann@example.com").get(0);
        assertEquals(result.ids().get(0), stored.path("id").asText());
        assertEquals("Ann", stored.path("1").asText());
        assertEquals("2", stored.path("5").asText(), "gender label female -> choice 2");
        assertEquals("1", stored.path("31").asText(), "opt-in true -> 1");
        assertEquals("1980-02-29", stored.path("4").asText());
        assertEquals("[\"1\",\"3\"]", stored.path("100002").toString());
        assertEquals("3", stored.path("100001").asText());

        call("emarsys:contact/upsert", map("email", "ANN@example.com", "optin", "false"));
        assertEquals("2", stored("ann@example.com").get(0).path("31").asText(), "same contact updated, opt-in false -> 2");
    }

    @Test
    void collectionIsSplitIntoRequestsOfBatchSize() {
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            contacts.add(map("3", "batch" + i + "@example.com", "1", "N" + i));
        }
        Exchange exchange = call("emarsys:contact/upsert?batchSize=10", contacts);
        assertNull(exchange.getException());
        assertEquals(25, exchange.getMessage().getBody(EmarsysBatchResult.class).accepted());
        assertEquals(25, exchange.getMessage().getHeader(EmarsysConstants.SUCCEEDED_COUNT));
        assertEquals(3, requestsTo("PUT", "/api/v2/contact"));
        assertEquals("N24", stored("batch24@example.com").get(0).path("1").asText());
    }

    @Test
    void requestsAreSplitAtTheByteLimit() {
        Map<String, Object> field = new HashMap<>();
        field.put("name", "Notes");
        field.put("application_type", "largetext");
        control("POST", "/fields", field);
        String big = "x".repeat(300_000);
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // 40 x 300 kB = 12 MB: more than one 8 MB request
            contacts.add(map("email", "big" + i + "@example.com", "Notes", big));
        }
        Exchange exchange = call("emarsys:contact/upsert", contacts);
        assertNull(exchange.getException());
        assertEquals(40, exchange.getMessage().getBody(EmarsysBatchResult.class).accepted());
        assertEquals(2, requestsTo("PUT", "/api/v2/contact"));
    }

    @Test
    void refusedItemsFailTheExchangeWithThePartialFailure() {
        Exchange exchange = call("emarsys:contact/update", List.of(
                map("email", "nobody-here@example.com", "1", "X"),
                map("email", "ann-update@example.com", "1", "Y")));
        // the second does not exist either: update never creates
        assertInstanceOf(EmarsysPartialFailureException.class, exchange.getException());
        EmarsysPartialFailureException failure = (EmarsysPartialFailureException) exchange.getException();
        assertEquals(2, failure.getFailedItems().size());
        assertEquals(2008, failure.getFailedItems().get(0).replyCode());
        assertEquals("nobody-here@example.com", failure.getFailedItems().get(0).key());
        assertFalse(failure.getMessage().contains("@"), "no contact data in the message: " + failure.getMessage());
        assertTrue(stored("nobody-here@example.com").isEmpty());
    }

    @Test
    void withFailOnPartialErrorsFalseTheRefusedItemsTravelInAHeader() {
        call("emarsys:contact/upsert", map("email", "exists@example.com"));
        Exchange exchange = call("emarsys:contact/create?failOnPartialErrors=false", List.of(
                map("email", "exists@example.com", "1", "Dup"),
                map("email", "fresh@example.com", "1", "Fresh")));
        assertNull(exchange.getException());
        @SuppressWarnings("unchecked")
        List<EmarsysFailedItem> failed = exchange.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        assertEquals(1, failed.size());
        assertEquals(2009, failed.get(0).replyCode());
        assertEquals(map("email", "exists@example.com", "1", "Dup"), failed.get(0).item(),
                "the original item travels along so that it can be dead-lettered");
        assertEquals(1, exchange.getMessage().getHeader(EmarsysConstants.SUCCEEDED_COUNT));
        assertEquals("Fresh", stored("fresh@example.com").get(0).path("1").asText());
    }

    @Test
    void duplicateKeysInOneBatchAreRefusedBeforeSending() {
        Exchange exchange = call("emarsys:contact/upsert?failOnPartialErrors=false", List.of(
                map("email", "twice@example.com", "1", "A"),
                map("email", "Twice@Example.com", "1", "B"),
                map("email", "once@example.com", "1", "C")));
        @SuppressWarnings("unchecked")
        List<EmarsysFailedItem> failed = exchange.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        assertEquals(2, failed.size());
        assertEquals(-1, failed.get(0).replyCode());
        assertTrue(failed.get(0).replyText().contains("2 times"), failed.get(0).replyText());
        assertTrue(stored("twice@example.com").isEmpty());
        assertEquals("C", stored("once@example.com").get(0).path("1").asText());
    }

    @Test
    void nullsAreLeftOutUnlessWriteNulls() {
        call("emarsys:contact/upsert", map("email", "nulls@example.com", "1", "Keep", "2", "Me"));
        Map<String, Object> withNull = map("email", "nulls@example.com", "2", "Changed");
        withNull.put("1", null);
        call("emarsys:contact/upsert", withNull);
        assertEquals("Keep", stored("nulls@example.com").get(0).path("1").asText(), "null skipped: no data wiped");
        call("emarsys:contact/upsert?writeNulls=true", withNull);
        assertTrue(stored("nulls@example.com").get(0).path("1").isMissingNode(), "writeNulls clears the field");
    }

    @Test
    void unknownFieldNameIsRefusedBeforeAnyCall() {
        call("emarsys:contact/upsert", map("email", "warmup@example.com")); // loads the field list
        control("DELETE", "/journal", null);
        Exchange exchange = call("emarsys:contact/upsert", map("email", "x@example.com", "favourite_colour", "red"));
        assertInstanceOf(EmarsysInputException.class, exchange.getException());
        assertTrue(exchange.getException().getMessage().contains("favourite_colour"));
        assertEquals(0, requestsTo("PUT", "/api/v2/contact"));
    }

    @Test
    void badValuesAreRefusedPerItemWithTheFieldAndTheFix() {
        Exchange exchange = call("emarsys:contact/upsert?failOnPartialErrors=false", List.of(
                map("email", "baddate@example.com", "birth_date", "29.02.1980"),
                map("email", "badchoice@example.com", "gender", "robot"),
                map("email", "good@example.com", "gender", "Male")));
        @SuppressWarnings("unchecked")
        List<EmarsysFailedItem> failed = exchange.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        assertEquals(2, failed.size());
        assertTrue(failed.get(0).replyText().contains("YYYY-MM-DD"), failed.get(0).replyText());
        assertTrue(failed.get(1).replyText().contains("Gender"), failed.get(1).replyText());
        assertEquals("1", stored("good@example.com").get(0).path("5").asText());
    }

    @Test
    void getReturnsFieldsKeyedAsAskedWithLabelsAndListsUnknownKeys() {
        call("emarsys:contact/upsert", map("email", "get@example.com", "First Name", "Gina", "gender", 2,
                "Preferred channels", List.of(1, 2)));
        Exchange exchange = call("emarsys:contact/get?fields=email,1,gender,Preferred channels&resolveChoices=true"
                + "&language=de", List.of("get@example.com", "missing@example.com"));
        assertNull(exchange.getException());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> contacts = exchange.getMessage().getBody(List.class);
        assertEquals(1, contacts.size());
        Map<String, Object> gina = contacts.get(0);
        assertEquals("get@example.com", gina.get("email"));
        assertEquals("Gina", gina.get("1"));
        assertEquals("Weiblich", gina.get("gender"));
        assertEquals(List.of("E-Mail", "SMS"), gina.get("Preferred channels"));
        assertTrue(gina.containsKey("id") && gina.containsKey("uid"));
        assertEquals(List.of("missing@example.com"), exchange.getMessage().getHeader(EmarsysConstants.NOT_FOUND_KEYS));

        Exchange ids = call("emarsys:contact/get?fields=gender", "get@example.com");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> plain = ids.getMessage().getBody(List.class);
        assertEquals("2", plain.get(0).get("gender"), "without resolveChoices the choice id");
    }

    @Test
    void deleteAndCheckIds() {
        call("emarsys:contact/upsert", List.of(map("email", "del1@example.com"), map("email", "del2@example.com")));
        Exchange check = call("emarsys:contact/checkids", List.of("del1@example.com", "zzz@example.com"));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = check.getMessage().getBody(Map.class);
        assertEquals(stored("del1@example.com").get(0).path("id").asText(),
                ((Map<?, ?>) data.get("ids")).get("del1@example.com"));
        Exchange delete = call("emarsys:contact/delete?failOnPartialErrors=false",
                List.of("del1@example.com", "del2@example.com", "zzz@example.com"));
        assertEquals(2, delete.getMessage().getBody(EmarsysBatchResult.class).accepted());
        assertEquals(1, delete.getMessage().getBody(EmarsysBatchResult.class).failedItems().size());
        assertTrue(stored("del1@example.com").isEmpty());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> firstContact(Exchange exchange) {
        assertNull(exchange.getException());
        List<Map<String, Object>> contacts = exchange.getMessage().getBody(List.class);
        assertEquals(1, contacts.size(), String.valueOf(contacts));
        return contacts.get(0);
    }

    @Test
    void withoutFieldsTheValuesAreKeyedByStringIdUnlessIdsAreAsked() {
        call("emarsys:contact/upsert", map("email", "keys@example.com", "First Name", "Kay"));
        Map<String, Object> named = firstContact(call("emarsys:contact/get", "keys@example.com"));
        assertEquals("keys@example.com", named.get("email"));
        assertEquals("Kay", named.get("first_name"));
        assertFalse(named.containsKey("3"), named.toString());

        Map<String, Object> ids = firstContact(call("emarsys:contact/get?fieldKeys=id", "keys@example.com"));
        assertEquals("keys@example.com", ids.get("3"));
        assertEquals("Kay", ids.get("1"));
    }

    @Test
    void aFieldCreatedSinceTheFieldListWasReadCostsOneRefreshAndIsNamed() {
        call("emarsys:contact/upsert", map("email", "late@example.com"));
        firstContact(call("emarsys:contact/get", "late@example.com"));
        assertEquals(1, requestsTo("GET", "/api/v2/field"), "the field list is read once");

        // created and written around the component's back, as another tool would
        Exchange created = call("emarsys:raw/call?httpMethod=POST&path=/field",
                map("name", "Late Field", "application_type", "shorttext"));
        assertNull(created.getException());
        String fieldId = String.valueOf(((Map<?, ?>) created.getMessage().getBody(Map.class)).get("id"));
        assertNull(call("emarsys:raw/call?httpMethod=PUT&path=/contact",
                map("key_id", "3", "3", "late@example.com", fieldId, "arrived late")).getException());

        Map<String, Object> contact = firstContact(call("emarsys:contact/get", "late@example.com"));
        assertEquals("arrived late", contact.get("late_field"), contact.toString());
        assertEquals(2, requestsTo("GET", "/api/v2/field"), "one refresh for the unknown id");
        firstContact(call("emarsys:contact/get", "late@example.com"));
        assertEquals(2, requestsTo("GET", "/api/v2/field"), "no further refresh");
    }

    @Test
    void anIdTheFieldListLacksPassesThroughKeyedByItsIdAndNeverFailsTheRead() {
        control("PUT", "/settings", map("unlistedFieldIds", List.of(1)));
        try {
            assertNull(call("emarsys:raw/call?httpMethod=PUT", map("key_id", "3", "3", "hidden@example.com"),
                    map(EmarsysConstants.PATH, "/contact?create_if_not_exists=1")).getException());
            assertNull(call("emarsys:raw/call?httpMethod=PUT&path=/contact",
                    map("key_id", "3", "3", "hidden@example.com", "1", "Hidde")).getException());
            for (int read = 0; read < 2; read++) {
                Map<String, Object> contact = firstContact(call("emarsys:contact/get", "hidden@example.com"));
                assertEquals("Hidde", contact.get("1"), contact.toString());
                assertEquals("hidden@example.com", contact.get("email"));
            }
            assertEquals(2, requestsTo("GET", "/api/v2/field"), "read, one refresh, then the id is known to be unlisted");
        } finally {
            control("PUT", "/settings", map("unlistedFieldIds", List.of()));
        }
    }
}
