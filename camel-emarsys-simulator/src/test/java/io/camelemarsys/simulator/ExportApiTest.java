package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.http.Faults;

/**
 * The asynchronous export flow of the emarsys-api.md sections 4.8 and 4.9: start an export, poll its status, download
 * the CSV. Every call is a real WSSE-signed HTTP request; time moves through short export delays, the control API and
 * the server clock offset, never through fixed sleeps.
 */
class ExportApiTest {

    private static final int CONTACTS = 200;
    private static final long DELAY_MS = 400;
    private static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
    private static final DateTimeFormatter VIENNA_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> ENGLISH_HEADER = List.of("First Name", "Last Name", "E-Mail", "Opt-In");
    private static final List<Integer> FIELDS = List.of(1, 2, 3, 31);

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .rateLimitPerMinute(0)
            .seedContacts(CONTACTS)
            .exportDelay(Duration.ofMillis(DELAY_MS))
            .segmentEvaluation(Duration.ZERO)
            .build());

    private ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    @AfterEach
    void restore() {
        EMARSYS.simulator().faults(Faults.NONE);
        ApiClient.Reply settings = client().control("PUT", "/settings", Map.of("exportDelayMillis", DELAY_MS));
        assertEquals(200, settings.status(), settings.body());
    }

    // ---------------------------------------------------------------- status, conflicts, content

    @Test
    void segmentExportWalksScheduledInProgressDoneAndRefusesEarlyDownloadAndDuplicates() {
        // a longer delay for this test only, so that every intermediate state can be seen reliably
        assertEquals(200, client().control("PUT", "/settings", Map.of("exportDelayMillis", 3000)).status());
        Map<String, Object> body = segmentExport(FIELDS);
        String id = startExport("/export/filter", body);

        ApiClient.Reply first = status(id);
        JsonNode data = first.data();
        assertEquals("scheduled", data.path("status").asText(), first.body());
        assertEquals(id, data.path("id").asText());
        assertTrue(data.has("file_name") && data.get("file_name").isNull(), "file_name is null until done: " + first.body());
        String created = data.path("created").asText();
        assertTrue(created.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), "created: " + created);
        long skew = Duration.between(LocalDateTime.now(VIENNA), LocalDateTime.parse(created, VIENNA_DATE_TIME))
                .abs().toSeconds();
        assertTrue(skew <= 5, "created " + created + " is not Vienna local time (now " + LocalDateTime.now(VIENNA)
                + ")");

        ApiClient.Reply early = client().v2("GET", "/export/" + id + "/data", null);
        assertEquals(404, early.status(), early.body());
        assertEquals(4005, early.replyCode());

        ApiClient.Reply duplicate = client().v2("POST", "/export/filter", body);
        assertEquals(400, duplicate.status(), duplicate.body());
        assertEquals(4001, duplicate.replyCode());
        assertFalse(duplicate.replyText().isBlank());

        String other = startExport("/export/filter", segmentExport(List.of(1, 2, 3)));
        assertNotEquals(id, other, "a different export is accepted and gets its own id");

        // poll to the end, recording every state seen, from the first status read (on a busy machine the checks
        // above can outlast the scheduled third of the delay)
        List<String> states = new ArrayList<>(List.of(data.path("status").asText()));
        JsonNode done = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (done == null) {
            ApiClient.Reply reply = status(id);
            String state = reply.data().path("status").asText();
            if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                states.add(state);
            }
            if ("done".equals(state)) {
                done = reply.data();
            } else {
                assertTrue(reply.data().get("file_name").isNull(), "file_name while " + state + ": " + reply.body());
                deadlineCheck(deadline, "export " + id + " states " + states);
                pause();
            }
        }
        assertEquals(List.of("scheduled", "in progress", "done"), states);
        assertTrue(done.path("file_name").isTextual() && !done.path("file_name").asText().isBlank(),
                "a done export names its file: " + done);
        assertEquals(created, done.path("created").asText(), "created does not change");

        // once the first one is done, the same export may start again
        assertEquals(200, client().control("PUT", "/settings", Map.of("exportDelayMillis", DELAY_MS)).status());
        String again = startExport("/export/filter", body);
        assertNotEquals(id, again);
        awaitDone(again);
        awaitDone(other);
    }

    @Test
    void doneCsvHasHeaderAndOneRowPerSegmentMemberMatchingGetdata() {
        String id = startExport("/export/filter", segmentExport(FIELDS));
        awaitDone(id);
        ApiClient.Reply csv = download(id, "");
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));

        List<List<String>> rows = parseCsv(csv.body(), ',');
        assertEquals(ENGLISH_HEADER, rows.get(0));
        List<List<String>> dataRows = rows.subList(1, rows.size());
        assertEquals(CONTACTS, dataRows.size());

        // the expected rows: every member of "All contacts", read back through getdata
        List<String> members = segmentMembers(allContactsSegmentId());
        assertEquals(CONTACTS, members.size());
        List<List<String>> expected = new ArrayList<>();
        for (JsonNode contact : getdata(members)) {
            expected.add(List.of(text(contact.get("1")), text(contact.get("2")), text(contact.get("3")),
                    optIn(contact.get("31"))));
        }
        assertEquals(sorted(expected), sorted(dataRows));
        Set<String> optIns = dataRows.stream().map(r -> r.get(3)).collect(Collectors.toSet());
        assertEquals(Set.of("True", "False"), optIns, "opt-in prints True / False");
        assertEquals(CONTACTS, dataRows.stream().map(r -> r.get(2)).distinct().count());
    }

    @Test
    void offsetAndLimitReturnSlicesWithTheHeaderOnEveryPage() {
        String id = startExport("/export/filter", segmentExport(FIELDS));
        awaitDone(id);
        List<List<String>> full = parseCsv(download(id, "").body(), ',');
        List<List<String>> fullRows = full.subList(1, full.size());

        List<List<String>> joined = new ArrayList<>();
        for (int offset = 0; offset < CONTACTS; offset += 75) {
            ApiClient.Reply page = download(id, "?offset=" + offset + "&limit=75");
            assertEquals(200, page.status(), page.body());
            List<List<String>> rows = parseCsv(page.body(), ',');
            assertEquals(ENGLISH_HEADER, rows.get(0), "header on the page at offset " + offset);
            assertEquals(Math.min(75, CONTACTS - offset), rows.size() - 1, "rows at offset " + offset);
            joined.addAll(rows.subList(1, rows.size()));
        }
        assertEquals(fullRows, joined, "the pages put together are the whole file");

        List<List<String>> slice = parseCsv(download(id, "?offset=10&limit=5").body(), ',');
        assertEquals(fullRows.subList(10, 15), slice.subList(1, slice.size()));
        List<List<String>> tail = parseCsv(download(id, "?offset=195&limit=100").body(), ',');
        assertEquals(fullRows.subList(195, 200), tail.subList(1, tail.size()));
        List<List<String>> beyond = parseCsv(download(id, "?offset=" + CONTACTS + "&limit=10").body(), ',');
        assertEquals(List.of(ENGLISH_HEADER), beyond, "past the end: the header only");
    }

    @Test
    void languageDelimiterAndHeaderOptionsShapeTheCsv() {
        String plain = startExport("/export/filter", segmentExport(List.of(1, 2, 3, 31, 11)));
        Map<String, Object> german = segmentExport(List.of(1, 2, 3, 31, 11));
        german.put("language", "de");
        String de = startExport("/export/filter", german);
        Map<String, Object> semicolon = segmentExport(List.of(1, 2, 3, 31, 11));
        semicolon.put("delimiter", ";");
        String sc = startExport("/export/filter", semicolon);
        Map<String, Object> headless = segmentExport(List.of(1, 2, 3, 31, 11));
        headless.put("add_field_names_header", 0);
        String noHeader = startExport("/export/filter", headless);
        for (String id : List.of(plain, de, sc, noHeader)) {
            awaitDone(id);
        }

        List<List<String>> reference = parseCsv(download(plain, "").body(), ',');
        assertEquals(List.of("First Name", "Last Name", "E-Mail", "Opt-In", "City"), reference.get(0));
        assertEquals(CONTACTS + 1, reference.size());

        List<List<String>> germanRows = parseCsv(download(de, "").body(), ',');
        assertEquals(List.of("Vorname", "Nachname", "E-Mail", "Opt-In", "Stadt"), germanRows.get(0));
        assertEquals(CONTACTS + 1, germanRows.size());

        String semicolonText = download(sc, "").body();
        assertTrue(semicolonText.startsWith("First Name;Last Name;E-Mail;Opt-In;City\r\n"), semicolonText.lines()
                .findFirst().orElse(""));
        assertEquals(reference, parseCsv(semicolonText, ';'));

        List<List<String>> headlessRows = parseCsv(download(noHeader, "").body(), ',');
        assertEquals(reference.subList(1, reference.size()), headlessRows, "no header row, the same data rows");
    }

    // ---------------------------------------------------------------- validation and error states

    @Test
    void contactFieldsAreLimitedToTwentyExportableFields() {
        List<Integer> twenty = IntStream.rangeClosed(1, 20).boxed().toList();
        startExport("/export/filter", segmentExport(twenty));

        List<Integer> twentyOne = IntStream.rangeClosed(1, 21).boxed().toList();
        ApiClient.Reply tooMany = client().v2("POST", "/export/filter", segmentExport(twentyOne));
        assertEquals(400, tooMany.status(), tooMany.body());
        assertEquals(10001, tooMany.replyCode());

        for (int field : List.of(27, 28, 29, 32, 33)) {
            ApiClient.Reply refused = client().v2("POST", "/export/filter", segmentExport(List.of(3, field)));
            assertEquals(400, refused.status(), "field " + field + ": " + refused.body());
            assertNotEquals(0, refused.replyCode());
            assertTrue(refused.replyText().contains(Integer.toString(field)), refused.replyText());
        }
    }

    @Test
    void expiredExportAnswers410() {
        String id = startExport("/export/filter", segmentExport(List.of(3)));
        awaitDone(id);
        assertEquals(200, download(id, "").status());

        ApiClient.Reply expire = client().control("POST", "/exports/" + id + "/expire", null);
        assertEquals(200, expire.status(), expire.body());
        ApiClient.Reply gone = download(id, "");
        assertEquals(410, gone.status(), gone.body());
        assertEquals(4003, gone.replyCode());
    }

    @Test
    void fileIsGoneOnceTheRetentionTimeHasPassed() {
        String id = startExport("/export/filter", segmentExport(List.of(1, 3)));
        awaitDone(id);
        assertEquals(200, download(id, "").status());

        long threeHours = Duration.ofHours(3).toSeconds(); // the default retention is two hours
        EMARSYS.simulator().faults(new Faults(0, 0, 0, 0, 0, threeHours, 1));
        String created = Instant.now().plusSeconds(threeHours).toString(); // a client that follows the server clock
        ApiClient.Reply gone = client().v2("GET", "/export/" + id + "/data", null,
                TestWsse.header(EMARSYS.simulator().config().username(), EMARSYS.simulator().config().secret(),
                        TestWsse.nonce(), created));
        assertEquals(410, gone.status(), gone.body());
        assertEquals(4003, gone.replyCode());
    }

    @Test
    void ftpExportCannotBeDownloaded() {
        Map<String, Object> body = segmentExport(List.of(1, 2, 3));
        body.put("distribution_method", "ftp");
        body.put("ftp_settings", Map.of("host", "ftp.example.com", "port", 21, "username", "u", "password", "p",
                "folder", "/exports"));
        String id = startExport("/export/filter", body);
        awaitDone(id);
        ApiClient.Reply reply = download(id, "");
        assertEquals(404, reply.status(), reply.body());
        assertEquals(4004, reply.replyCode());
    }

    @Test
    void unknownExportIs404() {
        ApiClient.Reply status = client().v2("GET", "/export/987654321", null);
        assertEquals(404, status.status(), status.body());
        assertNotEquals(0, status.replyCode());
        ApiClient.Reply data = client().v2("GET", "/export/987654321/data", null);
        assertEquals(404, data.status(), data.body());
        assertNotEquals(0, data.replyCode());
    }

    // ---------------------------------------------------------------- contact list and changes exports

    @Test
    void contactListExportHoldsTheListMembers() {
        List<String> members = segmentMembers(allContactsSegmentId());
        List<String> emails = new ArrayList<>();
        for (JsonNode contact : getdata(List.of(members.get(3), members.get(50), members.get(120)))) {
            emails.add(contact.get("3").asText());
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("name", "export-test-list");
        list.put("key_id", "3");
        list.put("external_ids", emails);
        ApiClient.Reply created = client().v2("POST", "/contactlist", list);
        assertEquals(200, created.status(), created.body());
        String listId = created.data().path("id").asText();

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contactlist", listId);
        body.put("distribution_method", "local");
        body.put("contact_fields", List.of(3, 1));
        String id = startExport("/email/getcontacts", body);
        awaitDone(id);
        List<List<String>> rows = parseCsv(download(id, "").body(), ',');
        assertEquals(List.of("E-Mail", "First Name"), rows.get(0));
        assertEquals(new HashSet<>(emails), rows.subList(1, rows.size()).stream().map(r -> r.get(0))
                .collect(Collectors.toSet()));
        assertEquals(4, rows.size());

        Map<String, Object> unknown = new LinkedHashMap<>(body);
        unknown.put("contactlist", "987654321");
        ApiClient.Reply missing = client().v2("POST", "/email/getcontacts", unknown);
        assertNotEquals(200, missing.status(), missing.body());
        assertEquals(3006, missing.replyCode());
    }

    @Test
    void changesExportHoldsOnlyContactsChangedThroughTheApi() {
        List<String> members = segmentMembers(allContactsSegmentId());
        String seededEmail = getdata(List.of(members.get(7))).get(0).get("3").asText();
        List<String> newEmails = List.of("changes.one@example.com", "changes.two@example.com");
        Map<String, Object> upsert = new LinkedHashMap<>();
        upsert.put("key_id", "3");
        upsert.put("contacts", List.of(
                Map.of("3", newEmails.get(0), "1", "One"),
                Map.of("3", newEmails.get(1), "1", "Two"),
                Map.of("3", seededEmail, "2", "Changed")));
        try {
            ApiClient.Reply written = client().v2("PUT", "/contact?create_if_not_exists=1", upsert);
            assertEquals(200, written.status(), written.body());
            assertEquals(0, written.replyCode());
            List<String> ids = new ArrayList<>();
            written.data().path("ids").forEach(n -> ids.add(n.asText()));
            assertEquals(3, ids.size(), written.body());
            assertEquals(members.get(7), ids.get(2), "the seeded contact was updated, not created");
            Set<List<String>> expected = Set.of(List.of(ids.get(0), newEmails.get(0)),
                    List.of(ids.get(1), newEmails.get(1)), List.of(ids.get(2), seededEmail));

            LocalDate today = LocalDate.now(VIENNA);
            String day = changesExport("all", List.of(today.toString(), today.plusDays(1).toString()));
            LocalDateTime now = LocalDateTime.now(VIENNA);
            List<String> hourRange = List.of(now.minusHours(1).format(VIENNA_DATE_TIME),
                    now.plusHours(1).format(VIENNA_DATE_TIME));
            ApiClient.Reply refused = client().v2("POST", "/contact/getchanges", changesBody("all", hourRange));
            assertEquals(400, refused.status(), "date-times need the account setting: " + refused.body());
            assertEquals(10001, refused.replyCode());
            assertEquals(200, client().control("PUT", "/settings", Map.of("changesDateTime", true)).status());
            String hour = changesExport("all", hourRange);
            assertEquals(200, client().control("PUT", "/settings", Map.of("changesDateTime", false)).status());
            String forms = changesExport("form", List.of(today.toString(), today.plusDays(1).toString()));
            String yesterday = changesExport("all", List.of(today.minusDays(1).toString(), today.toString()));

            ApiClient.Reply empty = client().v2("POST", "/contact/getchanges",
                    changesBody("all", List.of(today.toString(), today.toString())));
            assertEquals(400, empty.status(), "start equal to end: " + empty.body());
            assertNotEquals(0, empty.replyCode());

            for (String id : List.of(day, hour, forms, yesterday)) {
                awaitDone(id);
            }
            List<String> header = List.of("user_id", "E-Mail");
            String dayCsv = download(day, "").body();
            // rows end in CRLF, as recorded from the real API
            assertEquals(dayCsv.split("\n", -1).length, dayCsv.split("\r\n", -1).length, "every row ends in CRLF");
            assertTrue(dayCsv.endsWith("\r\n"), dayCsv);
            List<List<String>> dayRows = parseCsv(dayCsv, ',');
            assertEquals(header, dayRows.get(0));
            assertEquals(expected, new HashSet<>(dayRows.subList(1, dayRows.size())));
            assertEquals(4, dayRows.size(), "each changed contact once, no seeded (imported) contact");

            List<List<String>> hourRows = parseCsv(download(hour, "").body(), ',');
            assertEquals(header, hourRows.get(0));
            assertEquals(expected, new HashSet<>(hourRows.subList(1, hourRows.size())));
            assertEquals(4, hourRows.size());

            assertEquals(List.of(header), parseCsv(download(forms, "").body(), ','), "no form changes");
            assertEquals(List.of(header), parseCsv(download(yesterday, "").body(), ','),
                    "nothing changed before today");
        } finally {
            // the other tests expect the 200 seeded contacts only
            ApiClient.Reply deleted = client().v2("POST", "/contact/delete", Map.of("key_id", "3", "3", newEmails));
            assertEquals(200, deleted.status(), deleted.body());
        }
    }

    // ---------------------------------------------------------------- streaming

    @Test
    void largeExportStreamsEveryRow() {
        // 20,000 contacts would break the 200-contact expectations of this class's simulator, so this check has its own
        try (EmarsysSimulator big = EmarsysSimulator.start(SimulatorConfig.builder()
                .rateLimitPerMinute(0)
                .seedContacts(20_000)
                .exportDelay(Duration.ofMillis(100))
                .build())) {
            ApiClient bigClient = new ApiClient(big);
            String segment = allContactsSegmentId(bigClient);
            Map<String, Object> body = segmentExport(FIELDS);
            body.put("filter", segment);
            String id = startExport(bigClient, "/export/filter", body);
            awaitDone(bigClient, id);
            ApiClient.Reply csv = bigClient.v2("GET", "/export/" + id + "/data", null);
            assertEquals(200, csv.status());
            assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
            List<String> lines = csv.body().lines().toList();
            assertEquals(20_001, lines.size());
            assertEquals(String.join(",", ENGLISH_HEADER), lines.get(0));
            assertEquals(20_000, lines.stream().skip(1).map(l -> l.split(",")[2]).distinct().count());
            assertTrue(lines.stream().skip(1).allMatch(l -> l.split(",", -1).length == 4));
        }
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, Object> segmentExport(List<Integer> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filter", allContactsSegmentId());
        body.put("distribution_method", "local");
        body.put("contact_fields", fields);
        return body;
    }

    private Map<String, Object> changesBody(String origin, List<String> range) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("distribution_method", "local");
        body.put("origin", origin);
        body.put("origin_id", "0");
        body.put("time_range", range);
        body.put("contact_fields", List.of(3));
        return body;
    }

    private String changesExport(String origin, List<String> range) {
        return startExport("/contact/getchanges", changesBody(origin, range));
    }

    private String startExport(String path, Map<String, Object> body) {
        return startExport(client(), path, body);
    }

    private static String startExport(ApiClient client, String path, Map<String, Object> body) {
        ApiClient.Reply reply = client.v2("POST", path, body);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, reply.replyCode(), reply.body());
        String id = reply.data().path("id").asText();
        assertFalse(id.isBlank(), reply.body());
        return id;
    }

    private ApiClient.Reply status(String id) {
        ApiClient.Reply reply = client().v2("GET", "/export/" + id, null);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, reply.replyCode());
        return reply;
    }

    private ApiClient.Reply download(String id, String query) {
        return client().v2("GET", "/export/" + id + "/data" + query, null);
    }

    private JsonNode awaitDone(String id) {
        return awaitDone(client(), id);
    }

    private static JsonNode awaitDone(ApiClient client, String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            ApiClient.Reply reply = client.v2("GET", "/export/" + id, null);
            assertEquals(200, reply.status(), reply.body());
            String state = reply.data().path("status").asText();
            if ("done".equals(state)) {
                return reply.data();
            }
            assertNotEquals("error", state, reply.body());
            deadlineCheck(deadline, "export " + id + " is still " + state);
            pause();
        }
    }

    private String allContactsSegmentId() {
        return allContactsSegmentId(client());
    }

    private static String allContactsSegmentId(ApiClient client) {
        ApiClient.Reply reply = client.v2("GET", "/filter", null);
        assertEquals(200, reply.status(), reply.body());
        for (JsonNode segment : reply.data()) {
            if ("All contacts".equals(segment.path("name").asText())) {
                return segment.path("id").asText();
            }
        }
        throw new AssertionError("no segment 'All contacts': " + reply.body());
    }

    /** Internal ids of a segment's members, waiting out the evaluation (202 / 10001). */
    private List<String> segmentMembers(String segmentId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            ApiClient.Reply reply = client().v2("GET", "/filter/" + segmentId + "/contacts?limit=1000", null);
            if (reply.status() == 200) {
                List<String> ids = new ArrayList<>();
                reply.data().forEach(n -> ids.add(n.asText()));
                return ids;
            }
            assertEquals(202, reply.status(), reply.body());
            deadlineCheck(deadline, "segment " + segmentId + " is still evaluated");
            pause();
        }
    }

    /** getdata by internal id, fields 1, 2, 3 and 31. */
    private List<JsonNode> getdata(List<String> internalIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keyId", "id");
        body.put("keyValues", internalIds);
        body.put("fields", FIELDS);
        ApiClient.Reply reply = client().v2("POST", "/contact/getdata", body);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, reply.replyCode());
        assertEquals(0, reply.data().path("errors").size(), reply.body());
        List<JsonNode> result = new ArrayList<>();
        reply.data().path("result").forEach(result::add);
        assertEquals(internalIds.size(), result.size());
        return result;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static String optIn(JsonNode value) {
        String text = text(value);
        return switch (text) {
            case "1" -> "True";
            case "2" -> "False";
            default -> text;
        };
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(r -> String.join("\u0000", r)));
        return copy;
    }

    /** RFC 4180 reader: quoted cells with doubled quotes, rows ending in LF or CRLF. */
    static List<List<String>> parseCsv(String text, char delimiter) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    private static void deadlineCheck(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            fail("timed out: " + what);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
