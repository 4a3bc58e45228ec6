package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.simulator.http.Faults;

/** The simulator's own API under {@code /_simulator/}: seeding, stats, journal, reset and settings. */
class ControlApiTest {

    private static final String WSSE_SECRET = "wsse-secret-7f3a9c";
    private static final String CLIENT_SECRET = "client-secret-b81e44";

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .username("ctl-user").secret(WSSE_SECRET).clientId("ctl-client").clientSecret(CLIENT_SECRET)
            .rateLimitPerMinute(0).build());

    private ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    @BeforeEach
    void reset() {
        ApiClient client = client();
        assertEquals(200, client.control("POST", "/reset", null).status());
        assertEquals(200, client.control("PUT", "/settings", Map.of("rateLimitPerMinute", 0,
                "segmentEvaluationMillis", 0, "tokenLifetimeSeconds", 3600)).status());
    }

    @Test
    void seedsAJsonArrayKeyedByFieldIdsAndStringIds() {
        ApiClient client = client();
        Map<String, Object> ann = new LinkedHashMap<>();
        ann.put("3", "ann@example.com");
        ann.put("first_name", "Ann");
        ann.put("2", "Anders");
        ann.put("31", 1);
        ann.put("loyalty_tier", 3);
        Map<String, Object> bob = new LinkedHashMap<>();
        bob.put("email", "bob@example.com");
        bob.put("1", "Bob");
        bob.put("preferred_channels", List.of(1, 3));
        ApiClient.Reply seeded = client.control("POST", "/contacts", List.of(ann, bob));
        assertEquals(200, seeded.status(), seeded.body());
        assertEquals(2, seeded.json().path("created").asInt());
        JsonNode ids = seeded.json().path("ids");
        assertEquals(2, ids.size(), seeded.body());

        JsonNode result = getData("3", List.of("ann@example.com", "bob@example.com"), List.of(1, 2, 3, 31, 100001,
                100002));
        assertEquals(2, result.size(), result.toString());
        JsonNode a = byEmail(result, "ann@example.com");
        assertEquals(ids.get(0).asText(), a.path("id").asText());
        assertEquals("Ann", a.path("1").asText());
        assertEquals("Anders", a.path("2").asText());
        assertEquals("1", a.path("31").asText());
        assertEquals("3", a.path("100001").asText());
        JsonNode b = byEmail(result, "bob@example.com");
        assertEquals(ids.get(1).asText(), b.path("id").asText());
        assertEquals("Bob", b.path("1").asText());
        assertEquals("[\"1\",\"3\"]", b.path("100002").toString());

        ApiClient.Reply found = client.control("GET", "/contacts?value=ann@example.com", null);
        assertEquals(200, found.status(), found.body());
        assertEquals(1, found.json().size(), found.body());
        assertEquals(ids.get(0).asText(), found.json().get(0).path("id").asText());
        assertEquals("Ann", found.json().get(0).path("1").asText());
        assertEquals(0, client.control("GET", "/contacts?value=nobody@example.com", null).json().size());
    }

    @Test
    void seedsCsvWithAHeaderOfFieldIdsAndStringIdsAndQuotedCells() {
        ApiClient client = client();
        String csv = "email,first_name,2,city\r\n"
                + "clara@example.com,Clara,\"Smith, Jr.\",\"Vienna, Austria\"\r\n"
                + "dan@example.com,Dan,\"O\"\"Brien\",Graz\r\n";
        ApiClient.Reply seeded = client.controlCsv("/contacts", csv);
        assertEquals(200, seeded.status(), seeded.body());
        assertEquals(2, seeded.json().path("created").asInt(), seeded.body());

        JsonNode result = getData("3", List.of("clara@example.com", "dan@example.com"), List.of(1, 2, 3, 11));
        JsonNode clara = byEmail(result, "clara@example.com");
        assertEquals("Clara", clara.path("1").asText());
        assertEquals("Smith, Jr.", clara.path("2").asText());
        assertEquals("Vienna, Austria", clara.path("11").asText(), "a quoted comma stays inside the cell");
        JsonNode dan = byEmail(result, "dan@example.com");
        assertEquals("O\"Brien", dan.path("2").asText(), "a doubled quote is one quote");
        assertEquals("Graz", dan.path("11").asText());

        ApiClient.Reply found = client.control("GET", "/contacts?value=dan@example.com", null);
        assertEquals(1, found.json().size(), found.body());
        assertEquals("Dan", found.json().get(0).path("1").asText());

        ApiClient.Reply semicolons = client.controlCsv("/contacts", "email;1\nerin@example.com;Erin\n");
        assertEquals(200, semicolons.status(), semicolons.body());
        assertEquals("Erin", byEmail(getData("3", List.of("erin@example.com"), List.of(1, 3)), "erin@example.com")
                .path("1").asText());
    }

    @Test
    void generatesContactsThatTheRealApiServes() {
        ApiClient client = client();
        ApiClient.Reply generated = client.control("POST", "/contacts?generate=12", null);
        assertEquals(200, generated.status(), generated.body());
        assertEquals(12, generated.json().path("created").asInt());
        assertEquals(12, generated.json().path("contacts").asInt());
        assertEquals(12, stats().path("contacts").asInt());

        // through the real API: the generated segment "All contacts" lists them, getdata reads them
        ApiClient.Reply segments = client.v2("GET", "/filter", null);
        assertEquals(200, segments.status(), segments.body());
        String allContacts = null;
        for (JsonNode segment : segments.data()) {
            if (segment.path("name").asText().equals("All contacts")) {
                allContacts = segment.path("id").asText();
            }
        }
        assertNotNull(allContacts, segments.body());
        ApiClient.Reply members = client.v2("GET", "/filter/" + allContacts + "/contacts?limit=100", null);
        assertEquals(200, members.status(), members.body());
        List<String> ids = new ArrayList<>();
        members.data().forEach(id -> ids.add(id.asText()));
        assertEquals(12, ids.size(), members.body());

        JsonNode result = getData("id", ids, List.of(1, 3));
        assertEquals(12, result.size(), result.toString());
        for (JsonNode contact : result) {
            assertTrue(contact.path("3").asText().matches("[^@\\s]+@example\\.(com|org|net)"), contact.toString());
            assertFalse(contact.path("1").asText().isEmpty(), contact.toString());
        }
        String email = result.get(0).path("3").asText();
        ApiClient.Reply found = client.control("GET", "/contacts?value=" + email, null);
        assertEquals(1, found.json().size(), found.body());
        assertEquals(result.get(0).path("id").asText(), found.json().get(0).path("id").asText());

        assertEquals(400, client.control("POST", "/contacts?generate=-1", null).status());
        assertEquals(400, client.control("POST", "/contacts?generate=lots", null).status());
        assertEquals(12, stats().path("contacts").asInt());
    }

    @Test
    void anUnknownFieldIsRefusedByNameAndNothingIsSeeded() {
        ApiClient client = client();
        ApiClient.Reply json = client.control("POST", "/contacts",
                List.of(Map.of("email", "ok@example.com"), Map.of("email", "x@example.com", "shoe_size", "44")));
        assertEquals(400, json.status(), json.body());
        assertTrue(json.json().path("error").asText().contains("shoe_size"), json.body());

        ApiClient.Reply csv = client.controlCsv("/contacts", "email,favourite_colour\ny@example.com,teal\n");
        assertEquals(400, csv.status(), csv.body());
        assertTrue(csv.json().path("error").asText().contains("favourite_colour"), csv.body());

        ApiClient.Reply unknownId = client.control("POST", "/contacts", List.of(Map.of("3", "z@example.com",
                "999999", "x")));
        assertEquals(400, unknownId.status(), unknownId.body());
        assertTrue(unknownId.json().path("error").asText().contains("999999"), unknownId.body());

        assertEquals(0, stats().path("contacts").asInt(), "a refused batch seeds nothing, not even its valid records");
        assertEquals(0, client.control("GET", "/contacts?value=ok@example.com", null).json().size());
    }

    @Test
    void statsCountApiTrafficContactsEventsAndRefusals() {
        ApiClient client = client();
        JsonNode empty = stats();
        for (String key : List.of("requests", "contacts", "eventsTriggered", "rateLimited")) {
            assertTrue(empty.path(key).isNumber(), key + " in " + empty);
            assertEquals(0, empty.path(key).asLong(), key + " after reset: " + empty);
        }

        assertEquals(200, client.control("POST", "/contacts", List.of(Map.of("email", "ann@example.com"))).status());
        ApiClient.Reply event = client.control("POST", "/events", Map.of("name", "order_shipped"));
        assertEquals(200, event.status(), event.body());
        ApiClient.Reply triggered = client.v2("POST", "/event/" + event.json().path("id").asText() + "/trigger",
                Map.of("key_id", "3", "external_id", "ann@example.com"));
        assertEquals(200, triggered.status(), triggered.body());
        assertEquals(0, triggered.replyCode(), triggered.body());

        assertEquals(200, client.control("PUT", "/settings", Map.of("rateLimitPerMinute", 1)).status());
        assertEquals(200, client.v2("GET", "/settings", null).status());
        assertEquals(429, client.v2("GET", "/settings", null).status());

        JsonNode stats = stats();
        assertEquals(3, stats.path("requests").asLong(), "API requests only, not control calls: " + stats);
        assertEquals(1, stats.path("contacts").asLong(), stats.toString());
        assertEquals(1, stats.path("eventsTriggered").asLong(), stats.toString());
        assertEquals(1, stats.path("rateLimited").asLong(), stats.toString());
    }

    @Test
    void theJournalListsRequestsButNeverSecretsHeadersOrTokens() {
        ApiClient client = client();
        String wsseHeader = TestWsse.header("ctl-user", WSSE_SECRET);
        ApiClient.Reply settings = client.v2("GET", "/settings", null, wsseHeader);
        assertEquals(200, settings.status(), settings.body());
        ApiClient.Reply refused = client.v2("GET", "/settings", null, TestWsse.header("ctl-user", "wrong-secret"));
        assertEquals(401, refused.status());
        String token = client.token();
        Map<String, Object> getdata = Map.of("keyId", "3", "keyValues", List.of("ann@example.com"));
        ApiClient.Reply v3 = client.v3("POST", "/contact/getdata", getdata, token);
        assertEquals(200, v3.status(), v3.body());
        assertEquals(401, client.v3("GET", "/settings", null, "not-a-real-token").status());

        ApiClient.Reply journal = client.control("GET", "/journal", null);
        assertEquals(200, journal.status());
        String raw = journal.body();
        for (String secret : List.of(WSSE_SECRET, CLIENT_SECRET, "PasswordDigest", "UsernameToken", wsseHeader,
                digestOf(wsseHeader), token, "not-a-real-token", "Bearer", "Basic ")) {
            assertFalse(raw.contains(secret), "the journal must not contain '" + secret + "': " + raw);
        }

        JsonNode ok = entry(journal.json(), "GET", "/api/v2/settings", 200);
        for (String key : List.of("method", "path", "status", "replyCode", "requestBytes", "responseBytes", "auth",
                "user")) {
            assertTrue(ok.has(key), key + " in " + ok);
        }
        assertEquals(0, ok.path("replyCode").asInt());
        assertEquals(0, ok.path("requestBytes").asLong());
        assertEquals(settings.body().getBytes(StandardCharsets.UTF_8).length, ok.path("responseBytes").asLong());
        assertEquals("wsse", ok.path("auth").asText());
        assertEquals("ctl-user", ok.path("user").asText());

        JsonNode unauthorized = entry(journal.json(), "GET", "/api/v2/settings", 401);
        assertEquals(1, unauthorized.path("replyCode").asInt());
        assertEquals("wsse", unauthorized.path("auth").asText());
        assertTrue(unauthorized.path("user").isNull(), "no user for a refused header: " + unauthorized);

        JsonNode viaOAuth = entry(journal.json(), "POST", "/api/v3/contact/getdata", 200);
        assertEquals("oauth2", viaOAuth.path("auth").asText());
        assertEquals("ctl-client", viaOAuth.path("user").asText());
        assertEquals(ApiClient.JSON.valueToTree(getdata).toString().length(), viaOAuth.path("requestBytes").asLong());
        assertEquals(v3.body().getBytes(StandardCharsets.UTF_8).length, viaOAuth.path("responseBytes").asLong());

        assertEquals(200, entry(journal.json(), "POST", "/oauth2/token", 200).path("status").asInt());

        ApiClient.Reply lastTwo = client.control("GET", "/journal?limit=2", null);
        assertEquals(2, lastTwo.json().size(), lastTwo.body());
    }

    @Test
    void resetEmptiesContactsCountersJournalAndFaults() {
        ApiClient client = client();
        assertEquals(200, client.control("POST", "/contacts", List.of(Map.of("email", "ann@example.com"))).status());
        assertEquals(200, client.control("POST", "/contacts?generate=5", null).status());
        assertEquals(200, client.v2("GET", "/settings", null).status());
        assertEquals(6, stats().path("contacts").asInt());
        assertEquals(1, stats().path("requests").asInt());
        EMARSYS.simulator().faults(new Faults(1.0, 0, 0, 0, 0, 0, 3));

        ApiClient.Reply reset = client.control("POST", "/reset", null);
        assertEquals(200, reset.status(), reset.body());
        assertEquals(0, reset.json().path("contacts").asInt(), reset.body());

        JsonNode stats = stats();
        for (String key : List.of("requests", "contacts", "eventsTriggered", "rateLimited", "serverErrorsInjected")) {
            assertEquals(0, stats.path(key).asLong(), key + " after reset: " + stats);
        }
        for (JsonNode entry : client.control("GET", "/journal", null).json()) {
            assertFalse(entry.path("path").asText().startsWith("/api/"), "journal emptied: " + entry);
        }
        assertEquals(0, client.control("GET", "/contacts?value=ann@example.com", null).json().size());

        ApiClient.Reply lookup = client.v2("POST", "/contact/getdata",
                Map.of("keyId", "3", "keyValues", List.of("ann@example.com")));
        assertEquals(200, lookup.status(), "faults are cleared too: " + lookup.body());
        assertEquals("false", lookup.data().path("result").toString(), lookup.body());
        assertEquals("2008", lookup.data().path("errors").get(0).path("errorCode").asText(), lookup.body());
    }

    @Test
    void settingsAreWrittenReadBackAndTakeEffect() {
        ApiClient client = client();
        JsonNode before = client.control("GET", "/settings", null).json();
        for (String key : List.of("exportDelayMillis", "segmentEvaluationMillis", "tokenLifetimeSeconds",
                "rateLimitPerMinute")) {
            assertTrue(before.path(key).isNumber(), key + " in " + before);
        }

        Map<String, Object> wanted = Map.of("exportDelayMillis", 1500, "segmentEvaluationMillis", 250,
                "tokenLifetimeSeconds", 90, "rateLimitPerMinute", 40);
        ApiClient.Reply put = client.control("PUT", "/settings", wanted);
        assertEquals(200, put.status(), put.body());
        JsonNode read = client.control("GET", "/settings", null).json();
        for (Map.Entry<String, Object> e : wanted.entrySet()) {
            assertEquals(((Number) e.getValue()).longValue(), put.json().path(e.getKey()).asLong(), put.body());
            assertEquals(((Number) e.getValue()).longValue(), read.path(e.getKey()).asLong(), read.toString());
        }

        ApiClient.Reply token = client.tokenRequest("ctl-client", CLIENT_SECRET, "grant_type=client_credentials");
        assertEquals(90, token.json().path("expires_in").asLong(), token.body());
        assertEquals("40", client.v2("GET", "/settings", null).header("X-RateLimit-Limit"));
    }

    @Test
    void invalidSettingsAreRefusedByNameAndChangeNothing() {
        ApiClient client = client();
        assertEquals(200, client.control("PUT", "/settings", Map.of("rateLimitPerMinute", 30,
                "exportDelayMillis", 1000)).status());

        ApiClient.Reply negative = client.control("PUT", "/settings", Map.of("rateLimitPerMinute", -1));
        assertEquals(400, negative.status(), negative.body());
        assertTrue(negative.json().path("error").asText().contains("rateLimitPerMinute"), negative.body());

        ApiClient.Reply text = client.control("PUT", "/settings", Map.of("exportDelayMillis", "soon"));
        assertEquals(400, text.status(), text.body());
        assertTrue(text.json().path("error").asText().contains("exportDelayMillis"), text.body());

        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("rateLimitPerMinute", 10);
        mixed.put("exportDelayMillis", -5);
        ApiClient.Reply half = client.control("PUT", "/settings", mixed);
        assertEquals(400, half.status(), half.body());

        JsonNode read = client.control("GET", "/settings", null).json();
        assertEquals(30, read.path("rateLimitPerMinute").asInt(), "a refused update changes nothing: " + read);
        assertEquals(1000, read.path("exportDelayMillis").asLong(), read.toString());
    }

    private JsonNode stats() {
        ApiClient.Reply reply = client().control("GET", "/stats", null);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    /** getdata over WSSE; returns {@code data.result}. */
    private JsonNode getData(String keyId, List<String> keyValues, List<Integer> fields) {
        ApiClient.Reply reply = client().v2("POST", "/contact/getdata",
                Map.of("keyId", keyId, "keyValues", keyValues, "fields", fields));
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, reply.replyCode(), reply.body());
        assertEquals(0, reply.data().path("errors").size(), reply.body());
        return reply.data().path("result");
    }

    private static JsonNode byEmail(JsonNode result, String email) {
        for (JsonNode contact : result) {
            if (email.equals(contact.path("3").asText())) {
                return contact;
            }
        }
        throw new AssertionError("no contact " + email + " in " + result);
    }

    private static JsonNode entry(JsonNode journal, String method, String path, int status) {
        for (JsonNode entry : journal) {
            if (entry.path("method").asText().equals(method) && entry.path("path").asText().equals(path)
                    && entry.path("status").asInt() == status) {
                return entry;
            }
        }
        throw new AssertionError("no journal entry " + method + " " + path + " " + status + " in " + journal);
    }

    private static String digestOf(String wsseHeader) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("PasswordDigest=\"([^\"]+)\"").matcher(wsseHeader);
        assertTrue(m.find(), wsseHeader);
        return m.group(1);
    }
}
