package io.camelemarsys.simulator;

import static io.camelemarsys.simulator.Replies.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code /field} over HTTP with WSSE: the field list (translated), choices of single- and multi-choice fields,
 * creating fields through the API and through the control API, as /work/shared/emarsys-api.md sections 4.3, 4.4 and
 * 6.1 describe them.
 */
class FieldApiTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private static ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    @Test
    void listsSystemFieldsAndCustomFields() {
        JsonNode fields = ok(client().v2("GET", "/field", null)).data();
        assertTrue(fields.isArray(), fields.toString());
        Map<Integer, JsonNode> byId = byId(fields);
        for (int id = 0; id <= 48; id++) {
            assertTrue(byId.containsKey(id), "system field " + id + " is listed");
        }
        for (JsonNode field : fields) {
            assertEquals(Set.of("id", "name", "application_type", "string_id"), names(field), field.toString());
            assertFalse(field.path("name").asText().isBlank(), field.toString());
        }
        assertField(byId.get(3), "E-Mail", "longtext");
        assertEquals("email", byId.get(3).path("string_id").asText());
        assertField(byId.get(31), "Opt-In", "special");
        assertField(byId.get(1), "First Name", "shorttext");
        assertField(byId.get(4), "Date of Birth", "birthdate");
        assertField(byId.get(5), "Gender", "singlechoice");
        assertField(byId.get(0), "Interests", "interests");

        JsonNode channels = byId.get(100002);
        assertNotNull(channels, "the demo custom fields are listed");
        assertField(channels, "Preferred channels", "multichoice");
        assertEquals("preferred_channels", channels.path("string_id").asText());
        assertTrue(byId.keySet().stream().filter(id -> id > 48).count() >= 4, "custom fields: " + byId.keySet());
    }

    @Test
    void translatedListHasGermanNamesForTheSameFields() {
        JsonNode english = ok(client().v2("GET", "/field", null)).data();
        JsonNode german = ok(client().v2("GET", "/field/translate/de", null)).data();
        Map<Integer, JsonNode> de = byId(german);
        assertEquals(byId(english).keySet(), de.keySet());
        assertField(de.get(1), "Vorname", "shorttext");
        assertField(de.get(5), "Geschlecht", "singlechoice");
        assertField(de.get(100002), "Bevorzugte Kanäle", "multichoice");
        assertEquals("email", de.get(3).path("string_id").asText(), "string ids are not translated");

        JsonNode fallback = ok(client().v2("GET", "/field/translate/en", null)).data();
        assertEquals("First Name", byId(fallback).get(1).path("name").asText());
    }

    @Test
    void choicesOfASingleChoiceField() {
        JsonNode choices = ok(client().v2("GET", "/field/5/choice", null)).data();
        assertChoices(choices, List.of("Male", "Female"));
        assertEquals("1", choiceNamed(choices, "Male").path("id").asText(), "gender 1 = male");
        assertEquals("2", choiceNamed(choices, "Female").path("id").asText(), "gender 2 = female");
    }

    @Test
    void choicesOfAMultiChoiceFieldCarryBitPositions() {
        JsonNode choices = ok(client().v2("GET", "/field/100002/choice", null)).data();
        assertChoices(choices, List.of("Email", "SMS", "WhatsApp", "Push"));
        Set<String> bits = new HashSet<>();
        choices.forEach(c -> bits.add(c.path("bit_position").asText()));
        assertEquals(4, bits.size(), "every option has its own bit position: " + choices);
    }

    @Test
    void translatedChoices() {
        JsonNode gender = ok(client().v2("GET", "/field/5/choice/translate/de", null)).data();
        assertChoices(gender, List.of("Männlich", "Weiblich"));
        assertEquals("1", choiceNamed(gender, "Männlich").path("id").asText(), "ids do not change with language");

        JsonNode channels = ok(client().v2("GET", "/field/100002/choice/translate/de", null)).data();
        assertChoices(channels, List.of("E-Mail", "SMS", "WhatsApp", "Push"));
    }

    @Test
    void choicesOfSeveralFieldsKeyedByFieldId() {
        JsonNode data = ok(client().v2("GET", "/field/choices?fields=5,100002&language=de", null)).data();
        assertTrue(data.isObject(), data.toString());
        assertEquals(Set.of("5", "100002"), names(data));
        assertChoices(data.path("5"), List.of("Männlich", "Weiblich"));
        assertChoices(data.path("100002"), List.of("E-Mail", "SMS", "WhatsApp", "Push"));

        JsonNode english = ok(client().v2("GET", "/field/choices?fields=5", null)).data();
        assertChoices(english.path("5"), List.of("Male", "Female"));
    }

    @Test
    void choicesOfATextFieldOrAnUnknownFieldGive400With2006() {
        assertError(client().v2("GET", "/field/1/choice", null), 400, 2006);
        assertError(client().v2("GET", "/field/3/choice/translate/de", null), 400, 2006);
        assertError(client().v2("GET", "/field/choices?fields=5,1", null), 400, 2006);
        assertError(client().v2("GET", "/field/999999/choice", null), 400, 2006);
    }

    @Test
    void createdShorttextFieldIsListedAndUsableAtOnce() {
        ApiClient.Reply created = ok(client().v2("POST", "/field",
                Map.of("name", "Shoe size", "application_type", "shorttext")));
        int id = created.data().path("id").asInt();
        assertTrue(id > 48, "a custom field id: " + created.body());
        assertEquals("shorttext", created.data().path("application_type").asText(), created.body());

        JsonNode listed = byId(ok(client().v2("GET", "/field", null)).data()).get(id);
        assertNotNull(listed, "the new field is listed");
        assertField(listed, "Shoe size", "shorttext");

        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("3", "shoes@example.com");
        contact.put(Integer.toString(id), "44");
        ApiClient.Reply upsert = ok(client().v2("PUT", "/contact?create_if_not_exists=1",
                Map.of("key_id", "3", "contacts", List.of(contact))));
        assertEquals(1, upsert.data().path("ids").size(), upsert.body());
        assertTrue(upsert.data().path("errors").isMissingNode() || upsert.data().path("errors").isEmpty(),
                upsert.body());

        JsonNode data = ok(client().v2("POST", "/contact/getdata", Map.of("keyId", "3",
                "keyValues", List.of("shoes@example.com"), "fields", List.of(3, id)))).data();
        assertEquals("44", data.path("result").get(0).path(Integer.toString(id)).asText(), data.toString());

        ApiClient.Reply tooLong = ok(client().v2("PUT", "/contact?create_if_not_exists=1", Map.of("key_id", "3",
                "contacts", List.of(Map.of("3", "shoes@example.com", Integer.toString(id), "x".repeat(61))))));
        assertEquals(Set.of("2007"), names(tooLong.data().path("errors").path("shoes@example.com")),
                "shorttext holds at most 60 characters: " + tooLong.body());
    }

    @Test
    void choiceFieldsCannotBeCreatedThroughTheApi() {
        for (String type : List.of("singlechoice", "multichoice")) {
            String name = "Favourite " + type;
            ApiClient.Reply reply = client().v2("POST", "/field", Map.of("name", name, "application_type", type));
            assertEquals(400, reply.status(), reply.body());
            assertNotEquals(0, reply.replyCode(), reply.body());
            assertTrue(reply.replyText().contains(type), reply.body());
            for (JsonNode field : ok(client().v2("GET", "/field", null)).data()) {
                assertNotEquals(name, field.path("name").asText(), "a refused field is not created");
            }
        }
    }

    @Test
    void fieldCreatedThroughTheControlApiShowsItsTranslatedChoices() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Favourite colour");
        body.put("application_type", "singlechoice");
        body.put("names", Map.of("de", "Lieblingsfarbe"));
        body.put("choices", List.of(Map.of("choice", "Red", "de", "Rot"), Map.of("choice", "Blue", "de", "Blau")));
        ApiClient.Reply created = client().control("POST", "/fields", body);
        assertEquals(200, created.status(), created.body());
        int id = created.json().path("id").asInt();
        String fieldId = Integer.toString(id);

        assertField(byId(ok(client().v2("GET", "/field", null)).data()).get(id), "Favourite colour", "singlechoice");
        assertField(byId(ok(client().v2("GET", "/field/translate/de", null)).data()).get(id), "Lieblingsfarbe",
                "singlechoice");
        assertChoices(ok(client().v2("GET", "/field/" + fieldId + "/choice", null)).data(), List.of("Red", "Blue"));
        JsonNode german = ok(client().v2("GET", "/field/" + fieldId + "/choice/translate/de", null)).data();
        assertChoices(german, List.of("Rot", "Blau"));
        JsonNode many = ok(client().v2("GET", "/field/choices?fields=" + fieldId + "&language=de", null)).data();
        assertChoices(many.path(fieldId), List.of("Rot", "Blau"));

        String blue = choiceNamed(german, "Blau").path("id").asText();
        ApiClient.Reply upsert = ok(client().v2("PUT", "/contact?create_if_not_exists=1", Map.of("key_id", "3",
                "contacts", List.of(Map.of("3", "colour@example.com", fieldId, blue)))));
        assertEquals(1, upsert.data().path("ids").size(), upsert.body());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Each option is exactly {id, choice, bit_position}; the labels come in this order, ids are distinct. */
    private static void assertChoices(JsonNode choices, List<String> labels) {
        assertTrue(choices.isArray(), choices.toString());
        List<String> actual = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode choice : choices) {
            assertEquals(Set.of("id", "choice", "bit_position"), names(choice), choice.toString());
            assertTrue(choice.path("id").asText().matches("\\d+"), choice.toString());
            assertTrue(choice.path("bit_position").asText().matches("\\d+"), choice.toString());
            ids.add(choice.path("id").asText());
            actual.add(choice.path("choice").asText());
        }
        assertEquals(labels, actual);
        assertEquals(labels.size(), ids.size(), "distinct choice ids: " + choices);
    }

    private static JsonNode choiceNamed(JsonNode choices, String label) {
        for (JsonNode choice : choices) {
            if (label.equals(choice.path("choice").asText())) {
                return choice;
            }
        }
        throw new AssertionError("no choice " + label + " in " + choices);
    }

    private static void assertField(JsonNode field, String name, String type) {
        assertNotNull(field);
        assertEquals(name, field.path("name").asText(), field.toString());
        assertEquals(type, field.path("application_type").asText(), field.toString());
    }

    private static Map<Integer, JsonNode> byId(JsonNode fields) {
        Map<Integer, JsonNode> map = new LinkedHashMap<>();
        for (JsonNode field : fields) {
            // the reference says id may arrive as a number or a numeric string
            int id = Integer.parseInt(field.path("id").asText());
            assertNull(map.put(id, field), "field id " + id + " listed twice");
        }
        return map;
    }

    private static ApiClient.Reply ok(ApiClient.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, reply.replyCode(), reply.body());
        return reply;
    }

    private static Set<String> names(JsonNode object) {
        assertTrue(object.isObject(), "expected an object: " + object);
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
