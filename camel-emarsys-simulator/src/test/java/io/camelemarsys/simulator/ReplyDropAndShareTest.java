package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.http.Faults;

/**
 * A dropped reply (the request is processed, then the connection closes without an answer) and the shares of the
 * faults: each is its share of all requests, whatever the batch size and whatever the other faults.
 */
class ReplyDropAndShareTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    @BeforeEach
    void reset() {
        assertEquals(200, client().control("POST", "/reset", null).status());
    }

    @AfterEach
    void clearFaults() {
        EMARSYS.simulator().faults(Faults.NONE);
    }

    @Test
    void aDroppedReplyFollowsTheWriteAndTheJournalShowsWhatWasSent() {
        ApiClient client = client();
        String eventId = client.control("POST", "/events", Map.of("name", "reply_drop")).json().path("id").asText();
        assertEquals(200, client.control("POST", "/contacts", List.of(Map.of("3", "rd@example.com"))).status());
        assertEquals(200, client.control("PUT", "/faults", Map.of("replyDropRate", 1.0)).status());
        assertEquals(1.0, client.control("GET", "/faults", null).json().path("replyDropRate").asDouble(), 1e-9);

        Map<String, Object> trigger = Map.of("key_id", "3", "contacts", List.of(
                Map.of("external_id", "rd@example.com", "trigger_id", "t-1")));
        assertThrows(UncheckedIOException.class, () -> client.v2("POST", "/event/" + eventId + "/trigger", trigger),
                "the client gets no reply");
        assertThrows(UncheckedIOException.class, () -> client.v2("PUT", "/contact?create_if_not_exists=1",
                Map.of("key_id", "3", "contacts", List.of(Map.of("3", "new@example.com"))))
                .status(), "no reply to the upsert either");
        assertEquals(1, client.control("GET", "/triggers", null).json().size(), "yet the trigger fired");
        assertEquals(1, client.control("GET", "/contacts?value=new@example.com", null).json().size(),
                "and the contact was written");

        // the client sends again, as it must: the journal sees the id twice, Emarsys fires it once
        EMARSYS.simulator().faults(Faults.NONE);
        assertEquals(200, client.v2("POST", "/event/" + eventId + "/trigger", trigger).status());
        JsonNode journal = client.control("GET", "/journal", null).json();
        List<JsonNode> triggerRequests = new ArrayList<>();
        journal.forEach(e -> {
            if (e.path("path").asText().endsWith("/trigger")) {
                triggerRequests.add(e);
            }
        });
        assertEquals(2, triggerRequests.size(), journal.toString());
        assertTrue(triggerRequests.get(0).path("replyDropped").asBoolean(), "the first reply was dropped: " + journal);
        assertEquals(200, triggerRequests.get(0).path("status").asInt(), "after processing: " + journal);
        assertTrue(!triggerRequests.get(1).path("replyDropped").asBoolean(), journal.toString());
        for (JsonNode request : triggerRequests) {
            assertEquals("[\"t-1\"]", request.path("triggerIds").toString(), journal.toString());
        }
        assertEquals(1, client.control("GET", "/triggers", null).json().size(), "a repeated trigger id is dropped");
        JsonNode stats = client.control("GET", "/stats", null).json();
        assertEquals(2, stats.path("repliesDropped").asLong(-1), stats.toString());
        assertEquals(1, stats.path("eventsDeduplicated").asLong(-1), stats.toString());
    }

    @Test
    void theTriggerAuditTellsReSentIdsFromReSentRecords() {
        ApiClient client = client();
        String eventId = client.control("POST", "/events", Map.of("name", "audit")).json().path("id").asText();
        assertEquals(200, client.control("POST", "/contacts", List.of(Map.of("3", "a@example.com"),
                Map.of("3", "b@example.com"), Map.of("3", "c@example.com"))).status());
        // a: its reply dropped, re-sent under the same id (right); b: its reply dropped, re-sent under a new id
        // (fires twice); c: a server error, re-sent under a new id (its first id never fires)
        EMARSYS.simulator().faults(new Faults(0, 0, 0, 0, 0, 0, 1, 1.0));
        for (String[] sent : new String[][] {{"a@example.com", "a-1"}, {"b@example.com", "b-1"}}) {
            assertThrows(UncheckedIOException.class, () -> client.v2("POST", "/event/" + eventId + "/trigger",
                    Map.of("key_id", "3", "external_id", sent[0], "trigger_id", sent[1])));
        }
        EMARSYS.simulator().faults(new Faults(1.0, 0, 0, 0, 0, 0, 1));
        assertEquals(500, client.v2("POST", "/event/" + eventId + "/trigger",
                Map.of("key_id", "3", "external_id", "c@example.com", "trigger_id", "c-1")).status());
        EMARSYS.simulator().faults(Faults.NONE);
        for (String[] sent : new String[][] {{"a@example.com", "a-1"}, {"b@example.com", "b-2"}, {"c@example.com", "c-2"}}) {
            assertEquals(200, client.v2("POST", "/event/" + eventId + "/trigger",
                    Map.of("key_id", "3", "external_id", sent[0], "trigger_id", sent[1])).status());
        }
        TriggerAudit audit = TriggerAudit.of(EMARSYS.simulator());
        assertEquals(new TriggerAudit(5, 1, 4, 1, 1), audit, audit.toString());
    }

    @Test
    void tenPercentServerErrorsAreTenPercentOfRequestsAtAnyBatchSizeWithTheOtherFaultsOn() {
        // drops and dropped replies take their own shares: they must not eat into the errors' share
        EMARSYS.simulator().faults(new Faults(0.10, 0, 0, 0.40, 0, 0, 11, 0.20));
        ApiClient client = client();
        List<String> thousand = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            thousand.add("c" + i + "@example.com");
        }
        for (List<String> batch : List.of(List.of("one@example.com"), thousand)) {
            JsonNode before = client.control("GET", "/stats", null).json();
            for (int i = 0; i < 1500; i++) {
                try {
                    client.v2("POST", "/contact/getdata", Map.of("keyId", "3", "keyValues", batch));
                } catch (UncheckedIOException dropped) {
                    // a dropped connection or reply: counted by the simulator
                }
            }
            JsonNode after = client.control("GET", "/stats", null).json();
            double requests = after.path("requests").asLong() - before.path("requests").asLong();
            double errors = after.path("serverErrorsInjected").asLong() - before.path("serverErrorsInjected").asLong();
            double drops = after.path("connectionsDropped").asLong() - before.path("connectionsDropped").asLong();
            double replyDrops = after.path("repliesDropped").asLong() - before.path("repliesDropped").asLong();
            String shares = "batch of " + batch.size() + ": " + requests + " requests, errors " + errors / requests
                    + ", drops " + drops / requests + ", dropped replies " + replyDrops / requests;
            assertEquals(1500, requests, shares);
            assertEquals(0.10, errors / requests, 0.025, shares);
            assertEquals(0.40, drops / requests, 0.04, shares);
            assertEquals(0.20, replyDrops / requests, 0.03, shares);
        }
    }

    @Test
    void sharesThatAddUpToMoreThanAllRequestsAreRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new Faults(0.5, 0, 0, 0.4, 0, 0, 1, 0.2));
        assertTrue(refused.getMessage().contains("replyDropRate"), refused.getMessage());
        ApiClient.Reply reply = client().control("PUT", "/faults", Map.of("errorRate", 0.6, "replyDropRate", 0.6));
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.json().path("error").asText().contains("at most 1"), reply.body());
    }
}
