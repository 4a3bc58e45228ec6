package io.camelemarsys.simulator;

import static io.camelemarsys.simulator.Replies.assertOk;
import static io.camelemarsys.simulator.Replies.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Segments (section 4.7): listing, member listing that answers 202 / 10001 while the segment is evaluated, counts,
 * criteria and combined segments, and asynchronous runs that leave their members in a temporary contact list.
 */
class SegmentApiTest {

    private static final int CONTACTS = 50;
    private static final Duration EVALUATION = Duration.ofMillis(300);
    private static final long DEADLINE_MILLIS = 5_000;

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .rateLimitPerMinute(0).seedContacts(CONTACTS).segmentEvaluation(EVALUATION).build());

    private static String everyoneSegmentId;

    private static ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    @Test
    void allContactsSegmentIsEvaluatedThenPagedByOffset() {
        ApiClient.Reply filters = client().v2("GET", "/filter", null);
        assertOk(filters);
        JsonNode all = named(filters.data(), "All contacts");
        assertNotNull(all, "seeding creates the segment 'All contacts': " + filters.body());
        String segmentId = all.path("id").asText();
        assertTrue(segmentId.matches("\\d+"), all.toString());
        assertEquals("standard", all.path("type").asText());

        ApiClient.Reply first = awaitEvaluated("/filter/" + segmentId + "/contacts?limit=10");
        assertEquals(10, first.data().size(), first.body());
        first.data().forEach(id -> assertTrue(id.isTextual() && id.asText().matches("\\d+"), first.body()));

        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < CONTACTS; offset += 10) {
            ApiClient.Reply page = client().v2("GET", "/filter/" + segmentId + "/contacts?limit=10&offset=" + offset,
                    null);
            assertOk(page);
            assertEquals(10, page.data().size(), page.body());
            page.data().forEach(id -> paged.add(id.asText()));
        }
        assertEquals(CONTACTS, new HashSet<>(paged).size(), "offset paging gives every contact once: " + paged);
        assertEquals(ids(first.data()), paged.subList(0, 10), "offset 0 is the first page");

        ApiClient.Reply beyond = client().v2("GET", "/filter/" + segmentId + "/contacts?limit=10&offset=" + CONTACTS,
                null);
        assertOk(beyond);
        assertEquals(0, beyond.data().size(), beyond.body());

        ApiClient.Reply count = client().v2("GET", "/filter/" + segmentId + "/contacts/count", null);
        assertOk(count);
        assertEquals(CONTACTS, count.data().asInt(), count.body());

        ApiClient.Reply data = getData(paged, List.of(3));
        assertEquals(CONTACTS, data.data().path("result").size(), "every listed id is a contact: " + data.body());
        assertEquals(0, data.data().path("errors").size(), data.body());
    }

    @Test
    void limitIsRequired() {
        String segmentId = createSegment(Map.of("name", "limit required"));
        ApiClient.Reply missing = client().v2("GET", "/filter/" + segmentId + "/contacts", null);
        assertEquals(400, missing.status(), missing.body());
        assertNotEquals(0, missing.replyCode(), missing.body());
        assertFalse(missing.replyText().isBlank());
    }

    @Test
    void countIsEvaluatedLikeTheMemberListing() {
        String segmentId = createSegment(Map.of("name", "Graz for count", "field", 11, "operator", "equals",
                "value", "Graz"));
        ApiClient.Reply count = awaitEvaluated("/filter/" + segmentId + "/contacts/count");
        assertTrue(count.data().isInt(), count.body());
        assertEquals(cityMembers(Set.of("Graz")).size(), count.data().asInt());
    }

    @Test
    void unknownSegmentIs404With10002() {
        assertError(client().v2("GET", "/filter/123456789/contacts?limit=10", null), 404, 10002);
        assertError(client().v2("GET", "/filter/123456789/contacts/count", null), 404, 10002);
        assertError(client().v2("POST", "/filter/123456789/runs", null), 404, 10002);
    }

    @Test
    void criteriaSegmentHoldsExactlyTheViennaContacts() {
        String segmentId = createSegment(Map.of("name", "Vienna", "field", 11, "operator", "equals",
                "value", "Vienna"));
        JsonNode listed = named(listOk("/filter"), "Vienna");
        assertNotNull(listed, "the new segment is listed in GET /filter");
        assertEquals(segmentId, listed.path("id").asText());

        Set<String> expected = cityMembers(Set.of("Vienna"));
        assertFalse(expected.isEmpty(), "the seeded data has Vienna contacts");
        assertTrue(expected.size() < CONTACTS, "and contacts elsewhere");

        ApiClient.Reply members = awaitEvaluated("/filter/" + segmentId + "/contacts?limit=1000");
        assertEquals(expected.size(), members.data().size(), "no duplicates: " + members.body());
        assertEquals(expected, new HashSet<>(ids(members.data())));
    }

    @Test
    void combinedSegmentIsListedAndHoldsTheUnionOfItsParts() {
        String berlin = createSegment(Map.of("name", "Berlin", "field", 11, "value", "Berlin"));
        String munich = createSegment(Map.of("name", "Munich", "field", 11, "value", "Munich"));
        ApiClient.Reply created = client().control("POST", "/combinedsegments",
                Map.of("name", "Berlin or Munich", "include", List.of(Long.parseLong(berlin), Long.parseLong(munich))));
        assertEquals(200, created.status(), created.body());
        String combinedId = created.json().path("id").asText();

        JsonNode listed = named(listOk("/combinedsegments"), "Berlin or Munich");
        assertNotNull(listed, "listed in GET /combinedsegments");
        assertEquals(combinedId, listed.path("id").asText());

        Set<String> berliners = cityMembers(Set.of("Berlin"));
        Set<String> munichers = cityMembers(Set.of("Munich"));
        assertFalse(berliners.isEmpty() || munichers.isEmpty(), "both parts have members in the seeded data");
        Set<String> union = new HashSet<>(berliners);
        union.addAll(munichers);

        ApiClient.Reply members = awaitEvaluated("/filter/" + combinedId + "/contacts?limit=1000");
        assertEquals(union.size(), members.data().size(), members.body());
        assertEquals(union, new HashSet<>(ids(members.data())));
    }

    @Test
    void segmentRunLeavesItsMembersInATemporaryContactList() {
        String segmentId = createSegment(Map.of("name", "Hamburg run", "field", 11, "value", "Hamburg"));
        String otherId = createSegment(Map.of("name", "everyone run"));
        Set<String> expected = cityMembers(Set.of("Hamburg"));
        assertFalse(expected.isEmpty(), "the seeded data has Hamburg contacts");

        ApiClient.Reply started = client().v2("POST", "/filter/" + segmentId + "/runs", null);
        assertOk(started);
        String runId = started.data().path("run_id").asText();
        assertFalse(runId.isBlank(), started.body());
        assertEquals("waiting", started.data().path("status").asText(), started.body());

        assertError(client().v2("POST", "/filter/" + otherId + "/runs", null), 423, 10003);
        String token = client().token();
        ApiClient.Reply otherUser = client().v3("POST", "/filter/" + otherId + "/runs", null, token);
        assertOk(otherUser);
        assertEquals("waiting", otherUser.data().path("status").asText(),
                "one run at a time is per API user; the OAuth client is another one: " + otherUser.body());

        JsonNode done = awaitRunDone(runId);
        JsonNode result = done.path("result");
        String listId = result.path("contact_list_id").asText();
        assertTrue(listId.matches("\\d+"), done.toString());
        assertEquals(expected.size(), result.path("user_count").asInt(), done.toString());
        long optedIn = 0;
        for (JsonNode contact : getData(new ArrayList<>(expected), List.of(31)).data().path("result")) {
            if ("1".equals(contact.path("31").asText())) {
                optedIn++;
            }
        }
        assertEquals(optedIn, result.path("opt_in_count").asLong(), "opt_in_count counts opt-in 1: " + done);
        List<String> listMembers = listMembers(listId);
        assertEquals(expected.size(), listMembers.size(), "each member once: " + listMembers);
        assertEquals(expected, new HashSet<>(listMembers));

        ApiClient.Reply next = client().v2("POST", "/filter/" + otherId + "/runs", null);
        assertOk(next);
        JsonNode everyone = awaitRunDone(next.data().path("run_id").asText());
        assertEquals(CONTACTS, everyone.path("result").path("user_count").asInt(), everyone.toString());
    }

    @Test
    void unknownRunIs404With10008() {
        assertError(client().v2("GET", "/filter/runs/987654321", null), 404, 10008);
    }

    // ---------------------------------------------------------------------------------------------------------

    /**
     * The first call on a segment starts its evaluation and answers 202 / 10001; polls until it answers 200 (at most
     * five seconds) and returns that reply.
     */
    private static ApiClient.Reply awaitEvaluated(String path) {
        ApiClient.Reply reply = client().v2("GET", path, null);
        assertEquals(202, reply.status(), "the first call answers 202 while evaluating: " + reply.body());
        assertEquals(10001, reply.replyCode(), reply.body());
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (reply.status() == 202 && System.currentTimeMillis() < deadline) {
            pause();
            reply = client().v2("GET", path, null);
        }
        assertOk(reply);
        return reply;
    }

    /** Polls a run until it is done (at most five seconds); every answer before that says waiting. */
    private static JsonNode awaitRunDone(String runId) {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (true) {
            ApiClient.Reply reply = client().v2("GET", "/filter/runs/" + runId, null);
            assertOk(reply);
            assertEquals(runId, reply.data().path("run_id").asText(), reply.body());
            String status = reply.data().path("status").asText();
            if ("done".equals(status)) {
                return reply.data();
            }
            assertEquals("waiting", status, reply.body());
            assertTrue(System.currentTimeMillis() < deadline, "run " + runId + " not done after 5 s");
            pause();
        }
    }

    /**
     * Every contact id, from a segment of its own (so that "All contacts" stays unevaluated for the test that
     * checks its first 202); polls without expecting a first 202, as an earlier test may have evaluated it.
     */
    private static synchronized List<String> allContactIds() {
        if (everyoneSegmentId == null) {
            everyoneSegmentId = createSegment(Map.of("name", "everyone (test helper)"));
        }
        String path = "/filter/" + everyoneSegmentId + "/contacts?limit=1000";
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        ApiClient.Reply reply = client().v2("GET", path, null);
        while (reply.status() == 202 && System.currentTimeMillis() < deadline) {
            pause();
            reply = client().v2("GET", path, null);
        }
        assertOk(reply);
        assertEquals(CONTACTS, reply.data().size());
        return ids(reply.data());
    }

    /** The ids of the contacts whose city (field 11) is one of {@code cities}, read with getdata. */
    private static Set<String> cityMembers(Set<String> cities) {
        ApiClient.Reply data = getData(allContactIds(), List.of(11));
        Set<String> members = new HashSet<>();
        for (JsonNode contact : data.data().path("result")) {
            if (cities.contains(contact.path("11").asText())) {
                members.add(contact.path("id").asText());
            }
        }
        return members;
    }

    private static ApiClient.Reply getData(List<String> ids, List<Integer> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keyId", "id");
        body.put("keyValues", ids);
        body.put("fields", fields);
        ApiClient.Reply reply = client().v2("POST", "/contact/getdata", body);
        assertOk(reply);
        return reply;
    }

    private static List<String> listMembers(String listId) {
        List<String> members = new ArrayList<>();
        String path = "/contactlist/" + listId + "/contactIds?$top=7";
        for (int pages = 0; path != null; pages++) {
            assertTrue(pages < 100, "paging does not end");
            ApiClient.Reply page = client().v2("GET", path, null);
            assertOk(page);
            page.data().path("value").forEach(id -> members.add(id.asText()));
            JsonNode next = page.data().path("next");
            path = next.isNull() || next.isMissingNode() ? null : next.asText();
        }
        return members;
    }

    private static String createSegment(Map<String, Object> definition) {
        ApiClient.Reply reply = client().control("POST", "/segments", definition);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().path("id").asText();
    }

    private static JsonNode listOk(String path) {
        ApiClient.Reply reply = client().v2("GET", path, null);
        assertOk(reply);
        assertTrue(reply.data().isArray(), reply.body());
        return reply.data();
    }

    private static JsonNode named(JsonNode segments, String name) {
        for (JsonNode segment : segments) {
            if (segment.path("name").asText().equals(name)) {
                return segment;
            }
        }
        return null;
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
