package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kafka-to-emarsys-contactlists and kafka-to-emarsys-optins. */
class ListAndOptInSinkRouteTest extends KafkaMainTestSupport {

    @Override
    String routes() {
        return "classpath:templates/kafka-to-emarsys-contactlists.yaml,classpath:templates/kafka-to-emarsys-optins.yaml,"
                + "classpath:test-routes/lists-and-optins.yaml";
    }

    @BeforeAll
    void seedContacts() throws Exception {
        control("POST", "/contacts", "[{\"3\":\"ann@example.com\",\"31\":1},{\"3\":\"bob@example.com\"}]");
    }

    private List<JsonNode> lettersAbout(String text) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode letter : deadLetters()) {
            if (letter.path("record").asText().contains(text)) {
                found.add(letter);
            }
        }
        return found;
    }

    @Test
    void listChangesAreAppliedInOrderAndTheListIsCreatedOnFirstUse() throws Exception {
        send("test.contactlists", "ann@example.com", "{\"listName\":\"VIP\",\"key\":\"ann@example.com\",\"action\":\"add\"}");
        send("test.contactlists", "bob@example.com", "{\"listName\":\"VIP\",\"key\":\"bob@example.com\",\"action\":\"add\"}");
        send("test.contactlists", "zed@example.com", "{\"listName\":\"VIP\",\"key\":\"zed@example.com\",\"action\":\"add\"}");
        await("bob on the list", () -> listsOf("bob@example.com").size() == 1);
        send("test.contactlists", "ann@example.com", "{\"listName\":\"VIP\",\"key\":\"ann@example.com\",\"action\":\"remove\"}");
        await("ann off the list again", () -> listsOf("ann@example.com").isEmpty());
        List<JsonNode> zed = new ArrayList<>();
        await("the unknown contact dead-lettered", () -> {
            zed.clear();
            zed.addAll(lettersAbout("zed@example.com"));
            return !zed.isEmpty();
        });
        assertEquals(2008, zed.get(0).path("replyCode").asInt(), zed.get(0).toString());
        assertEquals("test.contactlists", zed.get(0).path("source").path("topic").asText());
    }

    private List<String> listsOf(String email) {
        try {
            JsonNode found = stored(email);
            List<String> lists = new ArrayList<>();
            if (found.size() == 1) {
                found.get(0).path("lists").forEach(l -> lists.add(l.asText()));
            }
            return lists;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void optInsSetTheMappedFieldsAndUnknownChannelsAreDeadLettered() throws Exception {
        send("test.optins", "ann@example.com", "{\"key\":\"ann@example.com\",\"channel\":\"email\",\"granted\":false,"
                + "\"at\":\"2026-11-23T10:00:00Z\"}");
        send("test.optins", "ann@example.com", "{\"key\":\"ann@example.com\",\"channel\":\"whatsapp\",\"granted\":true}");
        send("test.optins", "bob@example.com", "{\"key\":\"bob@example.com\",\"channel\":\"fax\",\"granted\":true}");
        await("both consents of ann", () -> storedWith("ann@example.com", "31", "2")
                && storedWith("ann@example.com", "100003", "true"));
        List<JsonNode> fax = new ArrayList<>();
        await("the unknown channel dead-lettered", () -> {
            fax.clear();
            fax.addAll(lettersAbout("\"fax\""));
            return !fax.isEmpty();
        });
        assertTrue(fax.get(0).path("reason").asText().contains("Unknown opt-in channel"), fax.get(0).toString());
    }
}
