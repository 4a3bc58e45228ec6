package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.component.export.ExportRows;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

class SegmentAndExportOperationsTest extends EmarsysTestSupport {

    private static final int SEEDED = 120;

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .rateLimitPerMinute(0).seedContacts(SEEDED).segmentEvaluation(Duration.ofMillis(300))
            .exportDelay(Duration.ofMillis(300)).build());

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    /** Contacts in the account now: every one is in "All contacts" (other tests add some). */
    private int contacts;

    @BeforeEach
    void countContacts() {
        contacts = stats().path("contacts").asInt();
    }

    private String allContactsSegment() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> segments = template.requestBody("emarsys:segment/list", null, List.class);
        return segments.stream().filter(s -> "All contacts".equals(s.get("name"))).findFirst().orElseThrow()
                .get("id").toString();
    }

    private static <T> List<T> drain(Iterator<T> iterator) {
        List<T> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        return all;
    }

    @Test
    void segmentMembersWaitOutTheEvaluationAndPageLazily() {
        String segment = allContactsSegment();
        Exchange exchange = call("emarsys:segment/members?pageSize=50&pollInterval=50&segmentId=" + segment, null);
        assertNull(exchange.getException());
        @SuppressWarnings("unchecked")
        Iterator<String> ids = exchange.getMessage().getBody(Iterator.class);
        long evaluating = countStatus(202);
        assertTrue(evaluating >= 1, "the first listing found the segment evaluating (202 / 10001)");
        List<String> all = drain(ids);
        assertEquals(contacts, all.size());
        assertEquals(contacts, new HashSet<>(all).size());
        long pages = requestsTo("GET", "/api/v2/filter/" + segment + "/contacts") - evaluating;
        assertEquals((contacts + 49) / 50 + (contacts % 50 == 0 ? 1 : 0), pages, "pages of 50, read as consumed");
    }

    @Test
    void segmentRunReturnsTheMembersOfItsTemporaryList() {
        String segment = allContactsSegment();
        Exchange exchange = call("emarsys:segment/run?pollInterval=50&segmentId=" + segment, null);
        assertNull(exchange.getException());
        assertEquals(contacts, exchange.getMessage().getHeader(EmarsysConstants.USER_COUNT));
        assertTrue(exchange.getMessage().getHeader(EmarsysConstants.CONTACT_LIST_ID, String.class).matches("\\d+"));
        @SuppressWarnings("unchecked")
        List<String> ids = drain(exchange.getMessage().getBody(Iterator.class));
        assertEquals(contacts, new HashSet<>(ids).size());
    }

    @Test
    void segmentExportStreamsRowsKeyedAsAskedWithTheCreationTimeInUtc() throws Exception {
        String segment = allContactsSegment();
        Instant before = Instant.now().minusSeconds(2);
        Exchange exchange = call("emarsys:export/segment?fields=email,First Name,optin&pageSize=40&pollInterval=50"
                + "&segmentId=" + segment, null);
        assertNull(exchange.getException());
        Instant created = exchange.getMessage().getHeader(EmarsysConstants.EXPORT_CREATED, Instant.class);
        assertTrue(!created.isBefore(before) && created.isBefore(Instant.now().plusSeconds(2)),
                "Vienna time converted to UTC: " + created);
        assertEquals("done", exchange.getMessage().getHeader(EmarsysConstants.EXPORT_STATUS));
        try (ExportRows rows = exchange.getMessage().getBody(ExportRows.class)) {
            List<Map<String, Object>> all = drain(rows);
            assertEquals(contacts, all.size());
            assertEquals(List.of("email", "First Name", "optin"), new ArrayList<>(all.get(0).keySet()));
            JsonNode stored = stored(all.get(0).get("email").toString()).get(0);
            assertEquals(stored.path("1").asText(), all.get(0).get("First Name"));
            assertTrue(Set.of("True", "False").contains(all.get(0).get("optin").toString()));
        }
        assertEquals(contacts / 40 + 1, requestsTo("GET", "/api/v2/export/") - statusPolls(),
                "pages of 40, the last one short");
    }

    @Test
    void moreThanTwentyFieldsRunAsSeveralExportsJoinedOnTheKey() {
        String segment = allContactsSegment();
        String fields = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,31,37,100001,100002";
        Exchange exchange = call("emarsys:export/segment?pollInterval=50&segmentId=" + segment + "&fields=" + fields,
                null);
        assertNull(exchange.getException());
        assertEquals(2, exchange.getMessage().getHeader(EmarsysConstants.EXPORT_ID, String.class).split(",").length);
        List<Map<String, Object>> all = drain(exchange.getMessage().getBody(ExportRows.class));
        assertEquals(contacts, all.size());
        Map<String, Object> row = all.get(0);
        assertEquals(30, row.size());
        JsonNode stored = stored(row.get("3").toString()).get(0);
        assertEquals(stored.path("11").asText(null), row.get("11"), "a field of the first part");
        assertTrue(row.get("11") != null, "a seeded contact has a city");
        assertEquals(stored.path("37").asText(null), row.get("37"), "a field of the second part");
    }

    @Test
    void anIdenticalRunningExportIsWaitedForNotStartedTwice() throws Exception {
        String segment = allContactsSegment();
        control("PUT", "/settings", Map.of("exportDelayMillis", 1000));
        try {
            String uri = "emarsys:export/segment?fields=email&pollInterval=50&segmentId=" + segment;
            CompletableFuture<Exchange> first = template.asyncSend(uri, e -> { });
            CompletableFuture<Exchange> second = template.asyncSend(uri, e -> { });
            Exchange a = first.get();
            Exchange b = second.get();
            assertNull(a.getException());
            assertNull(b.getException());
            assertEquals(a.getMessage().getHeader(EmarsysConstants.EXPORT_ID),
                    b.getMessage().getHeader(EmarsysConstants.EXPORT_ID), "both read the one export");
            assertEquals(1, countReply(4001), "the second start met 4001 and waited");
            assertEquals(contacts, drain(b.getMessage().getBody(ExportRows.class)).size());
        } finally {
            control("PUT", "/settings", Map.of("exportDelayMillis", 300));
        }
    }

    @Test
    void downloadOfARunningOrExpiredExportFailsWithItsReplyCode() {
        String segment = allContactsSegment();
        control("PUT", "/settings", Map.of("exportDelayMillis", 60_000));
        try {
            Exchange started = call("emarsys:raw/call?httpMethod=POST&path=/export/filter", Map.of("filter",
                    Long.parseLong(segment), "distribution_method", "local", "contact_fields", List.of(3, 1)));
            String exportId = ((Map<?, ?>) started.getMessage().getBody()).get("id").toString();
            Exchange running = call("emarsys:export/download?exportId=" + exportId, null);
            EmarsysApiException e = assertInstanceOf(EmarsysApiException.class, running.getException());
            assertEquals(404, e.getHttpResponseCode());
            assertEquals(4005, e.getReplyCode());
        } finally {
            control("PUT", "/settings", Map.of("exportDelayMillis", 300));
        }
        Exchange done = call("emarsys:export/segment?fields=email,2&pollInterval=50&segmentId=" + segment, null);
        String exportId = done.getMessage().getHeader(EmarsysConstants.EXPORT_ID, String.class);
        control("POST", "/exports/" + exportId + "/expire", null);
        Exchange expired = call("emarsys:export/download", null, Map.of(EmarsysConstants.EXPORT_ID, exportId));
        EmarsysApiException e = assertInstanceOf(EmarsysApiException.class, expired.getException());
        assertEquals(410, e.getHttpResponseCode());
        assertEquals(4003, e.getReplyCode());
    }

    @Test
    void changesExportReadsOnlyWhatChangedThroughTheApi() {
        call("emarsys:contact/upsert", List.of(Map.of("email", "changed1@example.com", "First Name", "Cee"),
                Map.of("email", "changed2@example.com")));
        String since = Instant.now().minusSeconds(3600).toString();
        Exchange exchange = call("emarsys:export/changes?fields=email,First Name&pollInterval=50&since=" + since, null);
        assertNull(exchange.getException());
        List<Map<String, Object>> rows = drain(exchange.getMessage().getBody(ExportRows.class));
        // whole days: what other tests of this class wrote today through the API is in the range too
        Set<String> emails = Set.copyOf(rows.stream().map(r -> r.get("email").toString()).toList());
        assertTrue(emails.containsAll(Set.of("changed1@example.com", "changed2@example.com")), emails.toString());
        assertTrue(Set.of("changed1@example.com", "changed2@example.com", "dated@example.com").containsAll(emails),
                "no seeded contact: " + emails);
        Map<String, Object> cee = rows.stream().filter(r -> "Cee".equals(r.get("First Name"))).findFirst().orElseThrow();
        assertEquals(stored("changed1@example.com").get(0).path("id").asText(), cee.get("id"), "user_id becomes id");
    }

    @Test
    void changesAreAskedInDatesUnlessTheAccountTakesDateTimes() {
        call("emarsys:contact/upsert", List.of(Map.of("email", "dated@example.com")));
        String since = Instant.now().minusSeconds(3600).toString();
        // the simulator, as a real account, takes dates only: the default changesTimeFormat=date is accepted
        Exchange dates = call("emarsys:export/changes?fields=email&pollInterval=50&since=" + since, null);
        assertNull(dates.getException());
        assertTrue(drain(dates.getMessage().getBody(ExportRows.class)).stream()
                .anyMatch(r -> "dated@example.com".equals(r.get("email"))), "the change is in today's range");

        String dateTimes = "emarsys:export/changes?fields=email&pollInterval=50&changesTimeFormat=datetime&since=" + since;
        EmarsysApiException refused = assertInstanceOf(EmarsysApiException.class, call(dateTimes, null).getException());
        assertEquals(400, refused.getHttpResponseCode());
        assertEquals(10001, refused.getReplyCode());
        control("PUT", "/settings", Map.of("changesDateTime", true));
        try {
            Exchange enabled = call(dateTimes, null);
            assertNull(enabled.getException());
            assertTrue(drain(enabled.getMessage().getBody(ExportRows.class)).stream()
                    .anyMatch(r -> "dated@example.com".equals(r.get("email"))), "the change is in the last hour");
        } finally {
            control("PUT", "/settings", Map.of("changesDateTime", false));
        }
    }

    @Test
    void streamOutputIsTheRawCsv() throws Exception {
        String segment = allContactsSegment();
        Exchange exchange = call("emarsys:export/segment?fields=email,gender&outputType=stream&pollInterval=50"
                + "&language=de&segmentId=" + segment, null);
        assertNull(exchange.getException());
        String csv;
        try (InputStream in = exchange.getMessage().getBody(InputStream.class)) {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = csv.split("\r\n"); // the file as Emarsys writes it, CRLF included
        assertEquals("E-Mail,Geschlecht", lines[0]);
        assertEquals(contacts + 1, lines.length);
    }

    @Test
    void fieldsAreRequiredAndNonExportableFieldsRefusedBeforeAnyCall() {
        Exchange none = call("emarsys:export/segment?segmentId=1", null);
        assertInstanceOf(EmarsysInputException.class, none.getException());
        Exchange notExportable = call("emarsys:export/segment?segmentId=1&fields=email,32", null);
        assertInstanceOf(EmarsysInputException.class, notExportable.getException());
        assertTrue(notExportable.getException().getMessage().contains("32"));
        assertEquals(0, requestsTo("POST", "/api/v2/export"));
    }

    private long countStatus(int status) {
        long n = 0;
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("status").asInt() == status) {
                n++;
            }
        }
        return n;
    }

    private long countReply(int replyCode) {
        long n = 0;
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("replyCode").asInt() == replyCode) {
                n++;
            }
        }
        return n;
    }

    private long statusPolls() {
        long n = 0;
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("method").asText().equals("GET") && entry.path("path").asText().matches("/api/v2/export/\\d+")) {
                n++;
            }
        }
        assertNotEquals(0, n, "the export was polled");
        return n;
    }
}
