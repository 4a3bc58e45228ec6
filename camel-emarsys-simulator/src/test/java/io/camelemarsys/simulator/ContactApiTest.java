package io.camelemarsys.simulator;

import static io.camelemarsys.simulator.Replies.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /contact} over HTTP with WSSE: create, update, upsert, per-item errors, limits, getdata, delete and
 * checkids, as /work/shared/emarsys-api.md sections 2, 4.1, 4.2 and 6 describe them. Every test uses its own e-mail
 * addresses, so the tests share one simulator without depending on each other.
 */
class ContactApiTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private static final String UPSERT = "/contact?create_if_not_exists=1";

    private static ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    // ------------------------------------------------------------------------------------------------ create/update

    @Test
    void upsertCreatesThenUpdatesWithStableIdsAndValuesShowInGetdata() {
        ApiClient.Reply created = ok(client().v2("PUT", UPSERT, batch(
                record("3", "ann.upsert@example.com", "1", "Ann", "31", 1),
                record("3", "bob.upsert@example.com", "2", "Berg", "4", "1980-02-29"))));
        List<String> ids = texts(created.data().path("ids"));
        assertEquals(2, ids.size(), created.body());
        assertNotEquals(ids.get(0), ids.get(1));
        assertTrue(created.data().path("errors").isMissingNode() || created.data().path("errors").isEmpty(),
                created.body());

        ApiClient.Reply updated = ok(client().v2("PUT", UPSERT, batch(
                record("3", "ann.upsert@example.com", "1", "Anna"),
                record("3", "bob.upsert@example.com", "11", "Wien"))));
        assertEquals(ids, texts(updated.data().path("ids")), "an upsert of existing contacts keeps their ids");

        JsonNode data = getData(Map.of("keyId", "3",
                "keyValues", List.of("ann.upsert@example.com", "bob.upsert@example.com")));
        assertTrue(data.path("errors").isArray() && data.path("errors").isEmpty(), data.toString());
        JsonNode ann = byId(data.path("result"), ids.get(0));
        JsonNode bob = byId(data.path("result"), ids.get(1));
        assertEquals("Anna", ann.path("1").asText());
        assertEquals("ann.upsert@example.com", ann.path("3").asText());
        assertEquals("1", ann.path("31").asText());
        assertEquals("Berg", bob.path("2").asText(), "the first write's values survive a partial update");
        assertEquals("1980-02-29", bob.path("4").asText());
        assertEquals("Wien", bob.path("11").asText());
        assertFalse(ann.path("uid").asText().isEmpty(), data.toString());
        assertNotEquals(ann.path("uid").asText(), bob.path("uid").asText());
    }

    @Test
    void updateWithoutCreateFlagReports2008KeyedByTheKeyValueAndUpdatesTheOthers() {
        String existingId = createOne("present.update@example.com");

        ApiClient.Reply reply = ok(client().v2("PUT", "/contact", batch(
                record("3", "present.update@example.com", "1", "Paula"),
                record("3", "missing.update@example.com", "1", "Ghost"))));
        assertEquals(List.of(existingId), texts(reply.data().path("ids")), reply.body());
        JsonNode errors = reply.data().path("errors");
        assertTrue(errors.isObject(), "errors is an object keyed by key value: " + reply.body());
        assertEquals(Set.of("missing.update@example.com"), names(errors));
        JsonNode error = errors.path("missing.update@example.com");
        assertEquals(Set.of("2008"), names(error), reply.body());
        assertTrue(error.path("2008").asText().contains("missing.update@example.com"), reply.body());

        assertEquals("Paula", contact("present.update@example.com").path("1").asText());
        assertNotFound("missing.update@example.com");
    }

    @Test
    void createOnAnExistingKeyGives2009PerItem() {
        createOne("taken.create@example.com");

        ApiClient.Reply reply = ok(client().v2("POST", "/contact", batch(
                record("3", "taken.create@example.com", "1", "Second"),
                record("3", "fresh.create@example.com", "1", "Fresh"))));
        assertEquals(1, reply.data().path("ids").size(), reply.body());
        assertEquals(Set.of("taken.create@example.com"), names(reply.data().path("errors")));
        assertEquals(Set.of("2009"), names(reply.data().path("errors").path("taken.create@example.com")));
        assertEquals("Fresh", contact("fresh.create@example.com").path("1").asText());
        assertNotEquals("Second", contact("taken.create@example.com").path("1").asText(),
                "a refused create does not overwrite");
    }

    @Test
    void nonUniqueKeyGives2010InWritesAndInGetdata() {
        ApiClient.Reply seeded = client().control("POST", "/contacts", List.of(
                record("3", "twin@example.com", "1", "Castor"),
                record("3", "twin@example.com", "1", "Pollux")));
        assertEquals(200, seeded.status(), seeded.body());
        assertEquals(2, seeded.json().path("created").asInt(), seeded.body());

        ApiClient.Reply reply = ok(client().v2("PUT", UPSERT, batch(record("3", "twin@example.com", "2", "Gemini"))));
        assertEquals(0, reply.data().path("ids").size(), reply.body());
        JsonNode error = reply.data().path("errors").path("twin@example.com");
        assertEquals(Set.of("2010"), names(error), reply.body());

        JsonNode data = getData(Map.of("keyId", "3", "keyValues", List.of("twin@example.com")));
        assertEquals(2010, data.path("errors").get(0).path("errorCode").asInt(), data.toString());
    }

    @Test
    void unknownFieldIdGives2006() {
        assertItemRefused(record("3", "badfield@example.com", "999999", "x"), "2006");
        assertItemRefused(record("3", "badfield2@example.com", "shoe_size_that_does_not_exist", "x"), "2006");
    }

    @Test
    void invalidDatesGive2007() {
        assertItemRefused(record("3", "date1@example.com", "4", "01.02.1980"), "2007");
        assertItemRefused(record("3", "date2@example.com", "4", "2023-02-30"), "2007");
        assertItemRefused(record("3", "date3@example.com", "40", "tomorrow"), "2007");
    }

    @Test
    void unknownChoiceIdGives2007() {
        assertItemRefused(record("3", "choice1@example.com", "5", 9), "2007");
        assertItemRefused(record("3", "choice2@example.com", "5", "male"), "2007");
        assertItemRefused(record("3", "choice3@example.com", "100002", List.of(1, 99)), "2007");
    }

    @Test
    void multichoiceAsScalarOrEmptyArrayGives2007AndAnArrayIsAccepted() {
        assertItemRefused(record("3", "multi1@example.com", "100002", 1), "2007");
        assertItemRefused(record("3", "multi2@example.com", "100002", "1"), "2007");
        assertItemRefused(record("3", "multi3@example.com", "100002", List.of()), "2007");

        ok(client().v2("PUT", UPSERT, batch(record("3", "multi4@example.com", "100002", List.of(1, 3), "5", 2))));
        JsonNode stored = contact("multi4@example.com");
        assertEquals(List.of("1", "3"), texts(stored.path("100002")));
        assertEquals("2", stored.path("5").asText());
    }

    @Test
    void writingReadOnlyFieldsGives2007() {
        assertItemRefused(record("3", "ro1@example.com", "32", "1"), "2007");
        assertItemRefused(record("3", "ro2@example.com", "0", List.of(1)), "2007");
        assertItemRefused(record("3", "ro3@example.com", "uid", "abc"), "2007");
    }

    @Test
    void missingKeyValueGives2005AndTheOtherItemsStillSucceed() {
        ApiClient.Reply reply = ok(client().v2("PUT", UPSERT, batch(
                record("1", "Nokey"),
                record("3", "", "1", "Blank"),
                record("3", "withkey.2005@example.com", "1", "Keyed"))));
        assertEquals(1, reply.data().path("ids").size(), reply.body());
        // as recorded from the real API (Segment's destination fixtures): keyed "", one entry for every key-less item
        JsonNode errors = reply.data().path("errors");
        assertEquals(Set.of(""), names(errors), reply.body());
        assertEquals("No value provided for key field: 3", errors.path("").path("2005").asText(), reply.body());
        assertEquals("Keyed", contact("withkey.2005@example.com").path("1").asText());
    }

    // ------------------------------------------------------------------------------------------------ limits

    @Test
    void batchOfExactly1000IsAccepted() {
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            contacts.add(record("3", "k" + i + ".thousand@example.com", "1", "N" + i));
        }
        ApiClient.Reply reply = ok(client().v2("PUT", UPSERT, batch(contacts.toArray())));
        assertEquals(1000, reply.data().path("ids").size());
        assertEquals(1000, new HashSet<>(texts(reply.data().path("ids"))).size(), "1000 distinct ids");
        assertEquals("N999", contact("k999.thousand@example.com").path("1").asText());
    }

    @Test
    void batchOf1001IsRefusedWholeWith1000() {
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            contacts.add(record("3", "k" + i + ".toomany@example.com"));
        }
        ApiClient.Reply reply = client().v2("PUT", UPSERT, batch(contacts.toArray()));
        assertError(reply, 400, 1000);
        assertNotFound("k0.toomany@example.com");
    }

    @Test
    void bodyOver8MbIsRefusedWith413() {
        String big = "x".repeat(8 * 1024 * 1024 + 1024);
        ApiClient.Reply reply = client().v2("PUT", UPSERT, batch(record("3", "huge@example.com", "10", big)));
        assertEquals(413, reply.status(), () -> reply.body().substring(0, Math.min(300, reply.body().length())));
        assertNotEquals(0, reply.replyCode());
        assertNotFound("huge@example.com");
    }

    // ------------------------------------------------------------------------------------------------ single form

    @Test
    void singleContactFormAnswersDataIdAndErrorsAsHttp400() {
        ApiClient.Reply created = client().v2("POST", "/contact",
                record("key_id", "3", "3", "single@example.com", "1", "Sam"));
        assertEquals(200, created.status(), created.body());
        assertEquals(0, created.replyCode(), created.body());
        String id = created.data().path("id").asText();
        assertFalse(id.isEmpty(), created.body());
        assertEquals(id, contact("single@example.com").path("id").asText());

        ApiClient.Reply updated = client().v2("PUT", "/contact",
                record("key_id", "3", "3", "single@example.com", "1", "Samantha"));
        assertEquals(200, updated.status(), updated.body());
        assertEquals(id, updated.data().path("id").asText());
        assertEquals("Samantha", contact("single@example.com").path("1").asText());

        assertError(client().v2("POST", "/contact", record("key_id", "3", "3", "single@example.com")), 400, 2009);
        assertError(client().v2("PUT", "/contact", record("key_id", "3", "3", "nobody.single@example.com")), 400,
                2008);
        assertError(client().v2("PUT", UPSERT, record("key_id", "3", "3", "baddate.single@example.com", "4", "soon")),
                400, 2007);
        assertNotFound("nobody.single@example.com");
        assertNotFound("baddate.single@example.com");
    }

    @Test
    void singleContactFormWithContactListIdAddsToTheList() {
        ApiClient.Reply list = client().control("POST", "/lists", Map.of("name", "Single form list"));
        assertEquals(200, list.status(), list.body());
        long listId = list.json().path("id").asLong();

        ApiClient.Reply created = client().v2("PUT", UPSERT,
                record("key_id", "3", "contact_list_id", listId, "3", "listed.single@example.com", "1", "Lis"));
        assertEquals(200, created.status(), created.body());
        assertEquals(0, created.replyCode(), created.body());
        String id = created.data().path("id").asText();
        assertTrue(client().v2("GET", "/contactlist/" + listId + "/contacts/" + id, null).data().asBoolean(),
                "the single contact is in the list");
        assertEquals("Lis", contact("listed.single@example.com").path("1").asText());

        assertError(client().v2("PUT", UPSERT,
                record("key_id", "3", "contact_list_id", 987654321, "3", "nolist.single@example.com")), 400, 2020);
        assertNotFound("nolist.single@example.com");
    }

    @Test
    void singleContactFormWithoutKeyIdUsesEmail() {
        ApiClient.Reply created = client().v2("PUT", UPSERT, record("3", "nokeyid.single@example.com", "2", "Doe"));
        assertEquals(200, created.status(), created.body());
        assertEquals(created.data().path("id").asText(), contact("nokeyid.single@example.com").path("id").asText());
    }

    // ------------------------------------------------------------------------------------------------ lists, keys

    @Test
    void contactListIdAddsEveryWrittenContactToTheList() {
        ApiClient.Reply list = client().control("POST", "/lists", Map.of("name", "Contact API test list"));
        assertEquals(200, list.status(), list.body());
        long listId = list.json().path("id").asLong();

        Map<String, Object> body = batch(record("3", "member1.list@example.com"),
                record("3", "member2.list@example.com"));
        body.put("contact_list_id", listId);
        ApiClient.Reply reply = ok(client().v2("PUT", UPSERT, body));
        for (String id : texts(reply.data().path("ids"))) {
            ApiClient.Reply member = client().v2("GET", "/contactlist/" + listId + "/contacts/" + id, null);
            assertEquals(200, member.status(), member.body());
            assertTrue(member.data().asBoolean(), "contact " + id + " is in the list: " + member.body());
        }
        assertEquals(2, client().v2("GET", "/contactlist/" + listId + "/count", null).data().asInt());
    }

    @Test
    void unknownContactListIdGives400With2020AndWritesNothing() {
        Map<String, Object> body = batch(record("3", "nolist@example.com"));
        body.put("contact_list_id", 987654321);
        assertError(client().v2("PUT", UPSERT, body), 400, 2020);
        assertNotFound("nolist@example.com");
    }

    @Test
    void keyIdIdCannotCreateButUpdatesByInternalId() {
        String id = createOne("byid@example.com");

        Map<String, Object> body = batch(record("id", id, "1", "ById"), record("id", "999999999", "1", "Nobody"));
        body.put("key_id", "id");
        ApiClient.Reply reply = ok(client().v2("PUT", UPSERT, body));
        assertEquals(List.of(id), texts(reply.data().path("ids")), reply.body());
        assertEquals(Set.of("2004"), names(reply.data().path("errors").path("999999999")), reply.body());
        assertEquals("ById", contact("byid@example.com").path("1").asText());
    }

    @Test
    void invalidKeyIdGives2004() {
        for (String keyId : List.of("999999", "no_such_field")) {
            Map<String, Object> body = batch(record("3", "badkey@example.com"));
            body.put("key_id", keyId);
            assertError(client().v2("PUT", UPSERT, body), 400, 2004);
        }
        assertNotFound("badkey@example.com");
    }

    @Test
    void emailKeysMatchCaseInsensitively() {
        String id = createOne("Mixed.Case@Example.com");

        ApiClient.Reply reply = ok(client().v2("PUT", UPSERT, batch(record("3", "MIXED.CASE@EXAMPLE.COM", "1", "Upper"))));
        assertEquals(List.of(id), texts(reply.data().path("ids")), "same contact, not a new one");
        JsonNode data = getData(Map.of("keyId", "3", "keyValues", List.of("mixed.case@example.com")));
        assertEquals(1, data.path("result").size(), data.toString());
        assertEquals(id, data.path("result").get(0).path("id").asText());
        assertEquals("Upper", data.path("result").get(0).path("1").asText());
        ApiClient.Reply create = client().v2("POST", "/contact", batch(record("3", "mixed.case@EXAMPLE.com")));
        assertEquals(Set.of("2009"), names(create.data().path("errors").path("mixed.case@EXAMPLE.com")),
                create.body());
    }

    // ------------------------------------------------------------------------------------------------ getdata

    @Test
    void getdataReturnsResultsKeyedByFieldIdAndErrorsAsAnArray() {
        String id = createOne("getdata.found@example.com");

        JsonNode data = getData(Map.of("keyId", "3",
                "keyValues", List.of("getdata.found@example.com", "getdata.missing@example.com")));
        JsonNode result = data.path("result");
        assertTrue(result.isArray(), data.toString());
        assertEquals(1, result.size());
        JsonNode found = result.get(0);
        assertEquals(id, found.path("id").asText());
        assertTrue(found.has("uid"));
        for (String fieldId : List.of("0", "1", "3", "4", "5", "31", "48", "100002")) {
            assertTrue(found.has(fieldId), "all fields by default, as string ids, incl. " + fieldId + ": " + found);
        }
        assertEquals("getdata.found@example.com", found.path("3").asText());

        JsonNode errors = data.path("errors");
        assertTrue(errors.isArray(), "getdata errors are an array, not a map: " + data);
        assertEquals(1, errors.size());
        JsonNode error = errors.get(0);
        assertEquals("getdata.missing@example.com", error.path("key").asText());
        assertEquals(2008, error.path("errorCode").asInt(), error.toString());
        assertFalse(error.path("errorMsg").asText().isEmpty(), error.toString());
    }

    @Test
    void getdataAnswersResultFalseWhenNoKeyMatched() {
        ApiClient.Reply reply = client().v2("POST", "/contact/getdata", Map.of("keyId", "3",
                "keyValues", List.of("nobody1.getdata@example.com", "nobody2.getdata@example.com")));
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, reply.replyCode(), "not found is not an envelope error: " + reply.body());
        assertTrue(reply.data().path("result").isBoolean(), reply.body());
        assertFalse(reply.data().path("result").asBoolean(true), reply.body());
        assertEquals(2, reply.data().path("errors").size(), reply.body());
    }

    @Test
    void getdataWithFieldsReturnsOnlyThoseFields() {
        ok(client().v2("PUT", UPSERT, batch(record("3", "fields.getdata@example.com", "1", "Fiona", "2", "Field"))));
        JsonNode data = getData(Map.of("keyId", "3", "keyValues", List.of("fields.getdata@example.com"),
                "fields", List.of(1, 3)));
        JsonNode found = data.path("result").get(0);
        assertEquals(Set.of("id", "uid", "1", "3"), names(found), found.toString());
        assertEquals("Fiona", found.path("1").asText());

        assertError(client().v2("POST", "/contact/getdata", Map.of("keyId", "3",
                "keyValues", List.of("fields.getdata@example.com"), "fields", List.of(999999))), 400, 2006);
    }

    @Test
    void getdataWith1001KeyValuesGives400With2002() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            values.add("v" + i + "@example.com");
        }
        assertError(client().v2("POST", "/contact/getdata", Map.of("keyId", "3", "keyValues", values)), 400, 2002);

        ApiClient.Reply thousand = client().v2("POST", "/contact/getdata",
                Map.of("keyId", "3", "keyValues", values.subList(0, 1000)));
        assertEquals(200, thousand.status(), "1000 key values are allowed");
    }

    @Test
    void getdataByInternalId() {
        String id = createOne("internal.getdata@example.com");
        JsonNode data = getData(Map.of("keyId", "id", "keyValues", List.of(id)));
        assertEquals("internal.getdata@example.com", data.path("result").get(0).path("3").asText());
    }

    // ------------------------------------------------------------------------------------------------ delete, checkids

    @Test
    void deleteRemovesContactsAndReportsUnknownKeys() {
        createOne("gone.delete@example.com");
        String keptId = createOne("kept.delete@example.com");

        ApiClient.Reply reply = ok(client().v2("POST", "/contact/delete", Map.of("key_id", "3",
                "3", List.of("gone.delete@example.com", "never.delete@example.com"))));
        assertEquals(1, reply.data().path("deleted_contacts").asInt(), reply.body());
        assertEquals(Set.of("2008"), names(reply.data().path("errors").path("never.delete@example.com")),
                reply.body());

        assertNotFound("gone.delete@example.com");
        assertEquals(keptId, contact("kept.delete@example.com").path("id").asText());
    }

    @Test
    void checkidsMapsExternalIdsToInternalIds() {
        String id = createOne("check.ids@example.com");

        ApiClient.Reply reply = ok(client().v2("POST", "/contact/checkids", Map.of("key_id", "3",
                "external_ids", List.of("check.ids@example.com", "unknown.checkids@example.com"))));
        assertEquals(id, reply.data().path("ids").path("check.ids@example.com").asText(), reply.body());
        assertFalse(reply.data().path("ids").has("unknown.checkids@example.com"), reply.body());
        assertEquals(Set.of("2008"), names(reply.data().path("errors").path("unknown.checkids@example.com")),
                reply.body());
    }

    // ------------------------------------------------------------------------------------------------ protocol

    @Test
    void malformedJsonGives400With1010() {
        assertError(client().v2("PUT", UPSERT, "{\"key_id\": \"3\", \"contacts\": [ {"), 400, 1010);
        assertError(client().v2("POST", "/contact/getdata", "not json at all"), 400, 1010);
        assertError(client().v2("POST", "/contact", "[]"), 400, 1010);
    }

    @Test
    void wrongMethodOnAKnownPathGives400With1009() {
        assertError(client().v2("GET", "/contact", null), 400, 1009);
        assertError(client().v2("DELETE", "/contact", null), 400, 1009);
        assertError(client().v2("GET", "/contact/getdata", null), 400, 1009);
    }

    @Test
    void unknownPathGives404() {
        ApiClient.Reply reply = client().v2("POST", "/contact/frobnicate", Map.of("key_id", "3"));
        assertEquals(404, reply.status(), reply.body());
        assertNotEquals(0, reply.replyCode());
        assertEquals(404, client().v2("GET", "/no-such-resource", null).status());
        ApiClient.Reply outside = client().raw(HttpRequest.newBuilder(
                URI.create(EMARSYS.simulator().baseUrl() + "/api/v9/contact")).GET());
        assertEquals(404, outside.status(), outside.body());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Sends the record alone and together with a valid one: the record is refused with {@code code}, nothing of
     * it is stored, and the valid neighbour is written. */
    private static void assertItemRefused(Map<String, Object> record, String code) {
        String email = (String) record.get("3");
        String neighbour = "ok." + email;
        ApiClient.Reply reply = ok(client().v2("PUT", UPSERT, batch(record, record("3", neighbour, "1", "Fine"))));
        assertEquals(1, reply.data().path("ids").size(), reply.body());
        JsonNode errors = reply.data().path("errors");
        assertEquals(Set.of(email), names(errors), reply.body());
        JsonNode error = errors.path(email);
        assertEquals(Set.of(code), names(error), reply.body());
        assertFalse(error.path(code).asText().isBlank(), "the reason is named: " + reply.body());
        assertNotFound(email);
        assertEquals("Fine", contact(neighbour).path("1").asText());
    }

    private static String createOne(String email) {
        ApiClient.Reply reply = ok(client().v2("PUT", UPSERT, batch(record("3", email, "1", "Initial"))));
        assertEquals(1, reply.data().path("ids").size(), reply.body());
        return reply.data().path("ids").get(0).asText();
    }

    /** The one contact with this e-mail, as getdata returns it. */
    private static JsonNode contact(String email) {
        JsonNode data = getData(Map.of("keyId", "3", "keyValues", List.of(email)));
        assertTrue(data.path("result").isArray() && data.path("result").size() == 1, data.toString());
        return data.path("result").get(0);
    }

    private static void assertNotFound(String email) {
        JsonNode data = getData(Map.of("keyId", "3", "keyValues", List.of(email)));
        assertFalse(data.path("result").asBoolean(true), "no contact " + email + ": " + data);
        assertEquals(2008, data.path("errors").get(0).path("errorCode").asInt(), data.toString());
    }

    private static JsonNode getData(Map<String, Object> body) {
        return ok(client().v2("POST", "/contact/getdata", body)).data();
    }

    private static ApiClient.Reply ok(ApiClient.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, reply.replyCode(), reply.body());
        assertEquals("OK", reply.replyText());
        return reply;
    }

    private static Map<String, Object> batch(Object... contacts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key_id", "3");
        body.put("contacts", List.of(contacts));
        return body;
    }

    private static Map<String, Object> record(Object... keysAndValues) {
        Map<String, Object> record = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            record.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return record;
    }

    private static JsonNode byId(JsonNode result, String id) {
        for (JsonNode item : result) {
            if (id.equals(item.path("id").asText())) {
                return item;
            }
        }
        throw new AssertionError("no result with id " + id + " in " + result);
    }

    private static List<String> texts(JsonNode array) {
        assertTrue(array.isArray(), "expected an array: " + array);
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static Set<String> names(JsonNode object) {
        assertTrue(object.isObject(), "expected an object: " + object);
        Set<String> names = new HashSet<>();
        Iterator<String> it = object.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
