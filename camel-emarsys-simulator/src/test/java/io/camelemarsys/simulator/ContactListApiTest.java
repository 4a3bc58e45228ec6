package io.camelemarsys.simulator;

import static io.camelemarsys.simulator.Replies.assertOk;
import static io.camelemarsys.simulator.Replies.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Contact lists (section 4.6): create, add, remove, count, list, and member paging with {@code contactIds}. */
class ContactListApiTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private static final int CONTACTS = 10_000;
    private static final List<String> EMAILS = new ArrayList<>();
    private static final List<String> IDS = new ArrayList<>();

    private static ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    @BeforeAll
    static void seedContacts() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            records.add(Map.of("3", "cl." + i + "@example.com"));
        }
        ApiClient.Reply seeded = client().control("POST", "/contacts", records);
        assertEquals(200, seeded.status(), seeded.body());
        seeded.json().path("ids").forEach(id -> IDS.add(id.asText()));
        assertEquals(CONTACTS, IDS.size());
        for (int i = 0; i < CONTACTS; i++) {
            EMAILS.add("cl." + i + "@example.com");
        }
        // the seeded e-mails resolve to the ids the control API reported
        ApiClient.Reply found = client().control("GET", "/contacts?key_id=3&value=" + EMAILS.get(7), null);
        assertEquals(IDS.get(7), found.json().path(0).path("id").asText(), found.body());
    }

    @Test
    void createWithExternalIdsAnswersIdAndErrorsAndIsListed() {
        ApiClient.Reply created = client().v2("POST", "/contactlist", Map.of("name", "create-with-ids", "key_id", "3",
                "external_ids", List.of(EMAILS.get(0), EMAILS.get(1), "ghost@example.com")));
        assertOk(created);
        String listId = created.data().path("id").asText();
        assertTrue(listId.matches("\\d+"), created.body());
        JsonNode errors = created.data().path("errors");
        assertEquals(1, errors.size(), created.body());
        assertTrue(errors.path("ghost@example.com").path("2008").asText().contains("ghost@example.com"),
                created.body());

        assertEquals(2, count(listId));
        assertEquals(Set.of(IDS.get(0), IDS.get(1)), new HashSet<>(allMembers(listId, 100)));

        ApiClient.Reply lists = client().v2("GET", "/contactlist", null);
        assertOk(lists);
        JsonNode listed = listNamed(lists, "create-with-ids");
        assertNotNull(listed, lists.body());
        assertEquals(listId, listed.path("id").asText());
        assertTrue(listed.path("created").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), listed.toString());
        assertTrue(listed.has("type"), listed.toString());
        for (JsonNode list : lists.data()) {
            for (String member : List.of("id", "name", "created", "type")) {
                assertTrue(list.has(member), "every list has " + member + ": " + list);
            }
        }
    }

    @Test
    void duplicateNameIs3005() {
        assertOk(client().v2("POST", "/contactlist", Map.of("name", "twice")));
        assertError(client().v2("POST", "/contactlist", Map.of("name", "twice")), 400, 3005);
        int named = 0;
        for (JsonNode list : client().v2("GET", "/contactlist", null).data()) {
            if (list.path("name").asText().equals("twice")) {
                named++;
            }
        }
        assertEquals(1, named);
    }

    @Test
    void addAndRemoveCountChangesAndReportErrorsPerValue() {
        String listId = newList("add-remove");
        ApiClient.Reply added = client().v2("POST", "/contactlist/" + listId + "/add", Map.of("key_id", "3",
                "external_ids", List.of(EMAILS.get(10), EMAILS.get(11), EMAILS.get(12), "ghost@example.com")));
        assertOk(added);
        assertEquals(3, added.data().path("inserted_contacts").asInt(), added.body());
        assertEquals(1, added.data().path("errors").size(), added.body());
        assertTrue(added.data().path("errors").path("ghost@example.com").path("2008").asText()
                .contains("ghost@example.com"), added.body());
        assertEquals(3, count(listId));

        assertOk(client().v2("POST", "/contactlist/" + listId + "/add",
                Map.of("key_id", "3", "external_ids", List.of(EMAILS.get(10)))));
        assertEquals(3, count(listId), "adding a member again does not duplicate it");

        ApiClient.Reply removed = client().v2("POST", "/contactlist/" + listId + "/delete", Map.of("key_id", "3",
                "external_ids", List.of(EMAILS.get(11), "ghost2@example.com")));
        assertOk(removed);
        assertEquals(1, removed.data().path("deleted_contacts").asInt(), removed.body());
        assertEquals(1, removed.data().path("errors").size(), removed.body());
        assertTrue(removed.data().path("errors").path("ghost2@example.com").has("2008"), removed.body());
        assertEquals(2, count(listId));
        assertEquals(Set.of(IDS.get(10), IDS.get(12)), new HashSet<>(allMembers(listId, 100)));

        ApiClient.Reply byId = client().v2("POST", "/contactlist/" + listId + "/add",
                Map.of("key_id", "id", "external_ids", List.of(IDS.get(13))));
        assertOk(byId);
        assertEquals(1, byId.data().path("inserted_contacts").asInt(), byId.body());
        assertEquals(3, count(listId));
    }

    @Test
    void contactIdsNextLinkWalksEveryMemberOnceAndEndsWithNull() {
        List<String> emails = EMAILS.subList(100, 110);
        String listId = newList("paging", emails);
        Set<String> expected = new HashSet<>(IDS.subList(100, 110));

        Pattern nextPattern = Pattern.compile(
                "/contactlist/" + listId + "/contactIds\\?\\$skiptoken=([^&]+)&\\$top=3");
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String path = "/contactlist/" + listId + "/contactIds?$top=3";
        JsonNode next;
        int pages = 0;
        do {
            ApiClient.Reply page = client().v2("GET", path, null);
            assertOk(page);
            JsonNode value = page.data().path("value");
            assertTrue(value.isArray(), "data.value is an array: " + page.body());
            value.forEach(id -> seen.add(id.asText()));
            pageSizes.add(value.size());
            next = page.data().get("next");
            assertNotNull(next, "data.next is always present: " + page.body());
            if (!next.isNull()) {
                Matcher matcher = nextPattern.matcher(next.asText());
                assertTrue(matcher.matches(), "relative next path, was " + next.asText());
                path = next.asText();
            }
            assertTrue(++pages <= 10, "paging does not end: " + seen);
        } while (!next.isNull());

        assertEquals(List.of(3, 3, 3, 1), pageSizes);
        assertEquals(10, seen.size());
        assertEquals(expected, new HashSet<>(seen), "every member exactly once");

        ApiClient.Reply whole = client().v2("GET", "/contactlist/" + listId + "/contactIds", null);
        assertOk(whole);
        assertEquals(10, whole.data().path("value").size(), "$top defaults to 10,000");
        assertTrue(whole.data().path("next").isNull(), whole.body());

        ApiClient.Reply empty = client().v2("GET", "/contactlist/" + newList("empty-paging") + "/contactIds?$top=5",
                null);
        assertOk(empty);
        assertEquals(0, empty.data().path("value").size());
        assertTrue(empty.data().path("next").isNull(), empty.body());
    }

    @Test
    void topAbove100000IsRefused() {
        String listId = newList("top-limit", EMAILS.subList(0, 3));
        ApiClient.Reply tooMany = client().v2("GET", "/contactlist/" + listId + "/contactIds?$top=100001", null);
        assertEquals(400, tooMany.status(), tooMany.body());
        assertNotEquals(0, tooMany.replyCode(), tooMany.body());

        ApiClient.Reply max = client().v2("GET", "/contactlist/" + listId + "/contactIds?$top=100000", null);
        assertOk(max);
        assertEquals(3, max.data().path("value").size());
    }

    @Test
    void atMost10000ExternalIdsPerCall() {
        String listId = newList("ten-thousand");
        List<String> tooMany = new ArrayList<>(EMAILS);
        tooMany.add("one-more@example.com");
        assertEquals(10_001, tooMany.size());

        assertError(client().v2("POST", "/contactlist/" + listId + "/add",
                Map.of("key_id", "3", "external_ids", tooMany)), 400, 3002);
        assertEquals(0, count(listId), "a refused call adds nobody");

        ApiClient.Reply added = client().v2("POST", "/contactlist/" + listId + "/add",
                Map.of("key_id", "3", "external_ids", EMAILS));
        assertOk(added);
        assertEquals(10_000, added.data().path("inserted_contacts").asInt());
        assertEquals(0, added.data().path("errors").size(), "no errors expected");
        assertEquals(10_000, count(listId));

        List<String> members = allMembers(listId, 4_000);
        assertEquals(10_000, members.size());
        assertEquals(new HashSet<>(IDS), new HashSet<>(members));

        assertError(client().v2("POST", "/contactlist/" + listId + "/delete",
                Map.of("key_id", "3", "external_ids", tooMany)), 400, 3002);
        assertEquals(10_000, count(listId), "a refused call removes nobody");
    }

    @Test
    void createWithMoreThan10000ExternalIdsIsRefusedAndLeavesNoList() {
        List<String> tooMany = new ArrayList<>(EMAILS);
        tooMany.add("one-more@example.com");
        assertError(client().v2("POST", "/contactlist",
                Map.of("name", "too-big", "key_id", "3", "external_ids", tooMany)), 400, 3002);
        assertEquals(null, listNamed(client().v2("GET", "/contactlist", null), "too-big"),
                "a refused create must not leave a list behind");
        assertOk(client().v2("POST", "/contactlist", Map.of("name", "too-big", "key_id", "3",
                "external_ids", EMAILS.subList(0, 5))));
    }

    @Test
    void externalIdsThatAreNotAnArrayAre3003() {
        String listId = newList("not-an-array", EMAILS.subList(0, 1));
        assertError(client().v2("POST", "/contactlist/" + listId + "/add",
                Map.of("key_id", "3", "external_ids", EMAILS.get(1))), 400, 3003);
        assertError(client().v2("POST", "/contactlist/" + listId + "/delete",
                Map.of("key_id", "3", "external_ids", EMAILS.get(0))), 400, 3003);
        assertError(client().v2("POST", "/contactlist/" + listId + "/add",
                Map.of("key_id", "3", "external_ids", Map.of("a", EMAILS.get(1)))), 400, 3003);
        assertEquals(1, count(listId));
    }

    @Test
    void createRefusedForExternalIdsNotAnArrayOrABadKeyLeavesNoList() {
        assertError(client().v2("POST", "/contactlist",
                Map.of("name", "bad-ids", "key_id", "3", "external_ids", EMAILS.get(1))), 400, 3003);
        assertEquals(null, listNamed(client().v2("GET", "/contactlist", null), "bad-ids"),
                "a refused create must not leave a list behind");

        assertError(client().v2("POST", "/contactlist",
                Map.of("name", "bad-key", "key_id", "no_such_field", "external_ids", List.of(EMAILS.get(1)))),
                400, 2004);
        assertEquals(null, listNamed(client().v2("GET", "/contactlist", null), "bad-key"),
                "a refused create must not leave a list behind");
        assertOk(client().v2("POST", "/contactlist", Map.of("name", "bad-key", "key_id", "3",
                "external_ids", List.of(EMAILS.get(1)))));
    }

    @Test
    void unknownListIs404With3006WhenReadAnd400With3004WhenChanged() {
        String unknown = "/contactlist/123456789";
        assertError(client().v2("GET", unknown + "/count", null), 404, 3006);
        assertError(client().v2("GET", unknown + "/contactIds?$top=10", null), 404, 3006);
        // add and delete answer as the vendor's error registry records: 400 / 3004 "Invalid contact list id: <id>"
        for (String action : List.of("/add", "/delete")) {
            ApiClient.Reply reply = client().v2("POST", unknown + action,
                    Map.of("key_id", "3", "external_ids", List.of(EMAILS.get(0))));
            assertError(reply, 400, 3004);
            assertEquals("Invalid contact list id: 123456789", reply.replyText());
        }
    }

    @Test
    void createAnswersANumericIdAndErrorsOnlyWhenContactsWereGiven() {
        ApiClient.Reply bare = client().v2("POST", "/contactlist", Map.of("name", "Numeric id"));
        assertTrue(bare.data().path("id").isNumber(), bare.body());
        assertFalse(bare.data().has("errors"), "no contacts given, no errors: " + bare.body());

        ApiClient.Reply clean = client().v2("POST", "/contactlist", Map.of("name", "No refusals", "key_id", "3",
                "external_ids", List.of(EMAILS.get(0))));
        assertTrue(clean.data().path("errors").isArray() && clean.data().path("errors").isEmpty(), clean.body());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String newList(String name) {
        ApiClient.Reply reply = client().v2("POST", "/contactlist", Map.of("name", name));
        assertOk(reply);
        return reply.data().path("id").asText();
    }

    private static String newList(String name, List<String> emails) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("key_id", "3");
        body.put("external_ids", emails);
        ApiClient.Reply reply = client().v2("POST", "/contactlist", body);
        assertOk(reply);
        assertEquals(0, reply.data().path("errors").size(), reply.body());
        return reply.data().path("id").asText();
    }

    private static int count(String listId) {
        ApiClient.Reply reply = client().v2("GET", "/contactlist/" + listId + "/count", null);
        assertOk(reply);
        assertTrue(reply.data().isInt(), "count is a number: " + reply.body());
        return reply.data().asInt();
    }

    /** Follows {@code next} from the first page to the end. */
    private static List<String> allMembers(String listId, int top) {
        List<String> members = new ArrayList<>();
        String path = "/contactlist/" + listId + "/contactIds?$top=" + top;
        for (int pages = 0; path != null; pages++) {
            assertTrue(pages < 1000, "paging does not end");
            ApiClient.Reply page = client().v2("GET", path, null);
            assertOk(page);
            page.data().path("value").forEach(id -> members.add(id.asText()));
            JsonNode next = page.data().path("next");
            path = next.isNull() || next.isMissingNode() ? null : next.asText();
        }
        return members;
    }

    private static JsonNode listNamed(ApiClient.Reply lists, String name) {
        assertOk(lists);
        for (JsonNode list : lists.data()) {
            if (list.path("name").asText().equals(name)) {
                return list;
            }
        }
        return null;
    }

}
