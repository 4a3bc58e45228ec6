package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.LinkedHashMap;
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

/** field/list, create and choices, settings/get, raw/call, keyField, URI validation and the component metadata. */
class FieldAndRawOperationsTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }



    @SuppressWarnings("unchecked")
    private static Map<Object, Map<String, Object>> fieldsById(Exchange exchange) {
        Map<Object, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> field : (List<Map<String, Object>>) exchange.getMessage().getBody(List.class)) {
            byId.put(field.get("id"), field);
        }
        return byId;
    }

    private static Map<String, Object> choice(String id, String label) {
        return map("id", id, "choice", label);
    }

    // ---------------------------------------------------------------- fields

    @Test
    void fieldListInEnglishAndInGerman() {
        Exchange english = call("emarsys:field/list", null);
        assertNull(english.getException());
        Map<Object, Map<String, Object>> fields = fieldsById(english);
        assertEquals(map("id", 3, "name", "E-Mail", "application_type", "longtext", "string_id", "email"),
                fields.get(3));
        assertEquals("First Name", fields.get(1).get("name"));
        assertEquals("Loyalty tier", fields.get(100001).get("name"));
        assertEquals("singlechoice", fields.get(100001).get("application_type"));
        assertEquals(1, requestsTo("GET", "/api/v2/field"));

        clearJournal();
        Exchange german = call("emarsys:field/list?language=de", null);
        assertNull(german.getException());
        Map<Object, Map<String, Object>> deFields = fieldsById(german);
        assertEquals("Vorname", deFields.get(1).get("name"));
        assertEquals("Geschlecht", deFields.get(5).get("name"));
        assertEquals("Bevorzugte Kanäle", deFields.get(100002).get("name"));
        assertEquals(1, requestsTo("GET", "/api/v2/field/translate/de"));
    }

    @Test
    void aCreatedFieldIsUsableByNameAtOnce() {
        // this endpoint has read the field list before the field exists
        Exchange warmup = call("emarsys:contact/upsert?fieldCacheTtlSeconds=0", map("email", "colour@example.com"));
        assertNull(warmup.getException());

        Exchange created = call("emarsys:field/create", map("name", "Favourite colour", "application_type", "shorttext"));
        assertNull(created.getException());
        @SuppressWarnings("unchecked")
        Map<String, Object> field = created.getMessage().getBody(Map.class);
        assertEquals("Favourite colour", field.get("name"));
        assertEquals("shorttext", field.get("application_type"));
        String fieldId = String.valueOf(field.get("id"));
        assertEquals(1, requestsTo("POST", "/api/v2/field"));

        Exchange upsert = call("emarsys:contact/upsert?fieldCacheTtlSeconds=0",
                map("email", "colour@example.com", "Favourite colour", "red"));
        assertNull(upsert.getException());
        assertEquals("red", stored("colour@example.com").get(0).path(fieldId).asText());

        Exchange fresh = call("emarsys:contact/upsert?keyField=email",
                map("email", "colour@example.com", "favourite_colour", "blue"));
        assertNull(fresh.getException(), "by string id, from a fresh endpoint");
        assertEquals("blue", stored("colour@example.com").get(0).path(fieldId).asText());
    }

    @Test
    void fieldChoicesOfASingleChoiceFieldByStringId() {
        Exchange exchange = call("emarsys:field/choices", "gender");
        assertNull(exchange.getException());
        assertEquals(map("gender", List.of(choice("1", "Male"), choice("2", "Female"))),
                exchange.getMessage().getBody(Map.class));
        assertEquals(1, requestsTo("GET", "/api/v2/field/5/choice/translate/en"));

        Exchange german = call("emarsys:field/choices?language=de", "gender");
        assertNull(german.getException());
        assertEquals(map("gender", List.of(choice("1", "Männlich"), choice("2", "Weiblich"))),
                german.getMessage().getBody(Map.class));
    }

    @Test
    void fieldChoicesOfAMultiChoiceFieldByNameAndOfSeveralFields() {
        Exchange exchange = call("emarsys:field/choices", "Preferred channels");
        assertNull(exchange.getException());
        assertEquals(map("Preferred channels", List.of(choice("1", "Email"), choice("2", "SMS"),
                choice("3", "WhatsApp"), choice("4", "Push"))), exchange.getMessage().getBody(Map.class));

        Exchange several = call("emarsys:field/choices?language=de", List.of("Loyalty tier", "100002"));
        assertNull(several.getException());
        @SuppressWarnings("unchecked")
        Map<String, Object> result = several.getMessage().getBody(Map.class);
        assertEquals(List.of("Loyalty tier", "100002"), List.copyOf(result.keySet()));
        assertEquals(List.of(choice("1", "Bronze"), choice("2", "Silber"), choice("3", "Gold")),
                result.get("Loyalty tier"));
        assertEquals(choice("1", "E-Mail"), ((List<?>) result.get("100002")).get(0));

        Exchange fromOption = call("emarsys:field/choices?fields=gender", null);
        assertNull(fromOption.getException());
        assertEquals(map("gender", List.of(choice("1", "Male"), choice("2", "Female"))),
                fromOption.getMessage().getBody(Map.class));
    }

    @Test
    void fieldChoicesOfATextFieldIsRefused() {
        Exchange exchange = call("emarsys:field/choices", "First Name");
        assertInstanceOf(EmarsysInputException.class, exchange.getException());
        String message = exchange.getException().getMessage();
        assertTrue(message.contains("First Name") && message.contains("no choices"), message);
        assertEquals(0, requestsTo("GET", "/api/v2/field/1/choice"));

        Exchange unknown = call("emarsys:field/choices", "no_such_field_xyz");
        assertInstanceOf(EmarsysInputException.class, unknown.getException());
        assertTrue(unknown.getException().getMessage().contains("no_such_field_xyz"));
    }

    // ---------------------------------------------------------------- settings and raw calls

    @Test
    void settingsGetReturnsTheAccountSettings() {
        Exchange exchange = call("emarsys:settings/get", null);
        assertNull(exchange.getException());
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = exchange.getMessage().getBody(Map.class);
        assertEquals(simulator().config().username(), settings.get("api_user"));
        assertEquals("Europe/Vienna", settings.get("timezone"));
        assertEquals(0, exchange.getMessage().getHeader(EmarsysConstants.REPLY_CODE));
        assertEquals("OK", exchange.getMessage().getHeader(EmarsysConstants.REPLY_TEXT));
    }

    @Test
    void rawCallGetsAPathFromTheOptionOrTheHeader() {
        Exchange option = call("emarsys:raw/call?path=/settings", null);
        assertNull(option.getException());
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = option.getMessage().getBody(Map.class);
        assertEquals(simulator().config().username(), settings.get("api_user"));
        assertEquals(1, requestsTo("GET", "/api/v2/settings"));

        Exchange header = call("emarsys:raw/call", null, map(EmarsysConstants.PATH, "/field/5/choice"));
        assertNull(header.getException());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> choices = header.getMessage().getBody(List.class);
        assertEquals("Male", choices.get(0).get("choice"));
    }

    @Test
    void wsseCreatedReachesTheSimulatorInWholeSecondsUtc() {
        assertNull(call("emarsys:settings/get", null).getException());
        JsonNode entries = control("GET", "/journal?limit=10", null);
        String created = entries.get(entries.size() - 1).path("wsseCreated").asText();
        // as every vendor sample and client sends it; Instant.toString() would send up to nine fraction digits
        assertTrue(created.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), created);
    }

    @Test
    void rawCallPostsAMapBody() {
        call("emarsys:contact/upsert", map("email", "raw@example.com", "First Name", "Rita"));
        Exchange exchange = call("emarsys:raw/call?httpMethod=POST&path=/contact/getdata",
                map("keyId", "3", "keyValues", List.of("raw@example.com"), "fields", List.of(1, 3)));
        assertNull(exchange.getException());
        @SuppressWarnings("unchecked")
        Map<String, Object> data = exchange.getMessage().getBody(Map.class);
        List<?> result = (List<?>) data.get("result");
        assertEquals(1, result.size());
        assertEquals("Rita", ((Map<?, ?>) result.get(0)).get("1"));
        assertEquals("raw@example.com", ((Map<?, ?>) result.get(0)).get("3"));
        assertEquals(1, requestsTo("POST", "/api/v2/contact/getdata"));

        Exchange json = call("emarsys:raw/call", "{\"keyId\": \"3\", \"keyValues\": [\"raw@example.com\"]}",
                map(EmarsysConstants.PATH, "/contact/getdata", EmarsysConstants.HTTP_METHOD, "POST"));
        assertNull(json.getException());
        @SuppressWarnings("unchecked")
        Map<String, Object> fromText = json.getMessage().getBody(Map.class);
        assertEquals(1, ((List<?>) fromText.get("result")).size());
    }

    @Test
    void rawCallWithoutAPathIsRefused() {
        Exchange missing = call("emarsys:raw/call", null);
        assertInstanceOf(EmarsysInputException.class, missing.getException());
        assertTrue(missing.getException().getMessage().contains("path"), missing.getException().getMessage());
        Exchange relative = call("emarsys:raw/call?path=settings", null);
        assertInstanceOf(EmarsysInputException.class, relative.getException());
        assertEquals(0, requestsTo("GET", "/api/v2/"));
    }

    @Test
    void rawCallWithATextBodyThatIsNotJson() {
        // GET sends no body: text left over from an earlier step of the route does not matter
        Exchange get = call("emarsys:raw/call?path=/settings", "left over from the previous step");
        assertNull(get.getException());
        assertEquals(simulator().config().username(), get.getMessage().getBody(Map.class).get("api_user"));

        Exchange post = call("emarsys:raw/call?httpMethod=POST&path=/contact/getdata", "keyValues=ann@example.com");
        assertInstanceOf(EmarsysInputException.class, post.getException());
        assertTrue(post.getException().getMessage().contains("JSON"), post.getException().getMessage());
        assertFalse(post.getException().getMessage().contains("ann@example.com"), post.getException().getMessage());
        assertEquals(0, requestsTo("POST", "/api/v2/contact/getdata"));
    }

    // ---------------------------------------------------------------- keyField

    @Test
    void contactGetByKeyFieldNameAndById() {
        Exchange upsert = call("emarsys:contact/upsert", map("email", "keyed@example.com", "First Name", "Kim"));
        String contactId = upsert.getMessage().getBody(EmarsysBatchResult.class).ids().get(0);

        Exchange byName = call("emarsys:contact/get?keyField=email&fields=1", "keyed@example.com");
        assertNull(byName.getException());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> found = byName.getMessage().getBody(List.class);
        assertEquals(1, found.size());
        assertEquals(contactId, found.get(0).get("id"));
        assertEquals("Kim", found.get(0).get("1"));

        Exchange byId = call("emarsys:contact/get?keyField=id&fields=email", contactId);
        assertNull(byId.getException());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> foundById = byId.getMessage().getBody(List.class);
        assertEquals(1, foundById.size());
        assertEquals("keyed@example.com", foundById.get(0).get("email"));
        assertEquals(List.of(), byId.getMessage().getHeader(EmarsysConstants.NOT_FOUND_KEYS));

        Exchange missing = call("emarsys:contact/get?keyField=id", "999999999");
        assertNull(missing.getException());
        assertEquals(List.of("999999999"), missing.getMessage().getHeader(EmarsysConstants.NOT_FOUND_KEYS));
    }

    // ---------------------------------------------------------------- URI, metadata, configuration

    @Test
    void anUnknownOperationFailsAtEndpointCreationListingTheValidOnes() {
        Exception failure = assertThrows(Exception.class, () -> context.getEndpoint("emarsys:contact/frobnicate"));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        String text = messages.toString();
        assertTrue(text.contains("contact/frobnicate"), text);
        for (EmarsysOperation operation : EmarsysOperation.values()) {
            assertTrue(text.contains(operation.uriPath()), operation.uriPath() + " missing in: " + text);
        }
    }

    @Test
    void theGeneratedCatalogMarksCredentialsSecret() throws Exception {
        JsonNode catalog;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/io/camelemarsys/component/emarsys.json")) {
            assertNotNull(in, "the generated component JSON is on the classpath");
            catalog = JSON.readTree(in);
        }
        assertEquals("emarsys", catalog.path("component").path("scheme").asText());
        for (String group : List.of("properties", "componentProperties")) {
            for (String option : List.of("username", "secret", "clientId", "clientSecret")) {
                assertTrue(catalog.path(group).path(option).path("secret").asBoolean(), group + "." + option);
            }
            assertEquals("https://api.emarsys.net", catalog.path(group).path("baseUrl").path("defaultValue").asText());
            assertEquals(false, catalog.path(group).path("baseUrl").path("secret").asBoolean());
        }
    }

    @Test
    void uriParametersOverrideACopyOfTheComponentConfiguration() {
        EmarsysComponent component = context.getComponent("emarsys", EmarsysComponent.class);
        EmarsysConfiguration shared = component.getConfiguration();
        EmarsysEndpoint endpoint = context.getEndpoint(
                "emarsys:contact/get?batchSize=7&language=de&keyField=id&failOnPartialErrors=false",
                EmarsysEndpoint.class);
        EmarsysConfiguration own = endpoint.getConfiguration();
        assertNotSame(shared, own);
        assertEquals(7, own.getBatchSize());
        assertEquals("de", own.getLanguage());
        assertEquals("id", own.getKeyField());
        assertEquals(false, own.isFailOnPartialErrors());
        assertEquals("contact", own.getApiName());
        assertEquals("get", own.getMethodName());
        assertEquals(simulator().baseUrl(), own.getBaseUrl(), "the rest comes from the component");
        assertEquals(simulator().config().username(), own.getUsername());

        assertEquals(1000, shared.getBatchSize());
        assertEquals("en", shared.getLanguage());
        assertEquals("3", shared.getKeyField());
        assertTrue(shared.isFailOnPartialErrors());
        assertNull(shared.getApiName());

        own.setBatchSize(3);
        assertEquals(1000, shared.getBatchSize());
        EmarsysEndpoint other = context.getEndpoint("emarsys:contact/get?batchSize=9", EmarsysEndpoint.class);
        assertEquals(9, other.getConfiguration().getBatchSize());
        assertEquals("en", other.getConfiguration().getLanguage());
        assertEquals(3, endpoint.getConfiguration().getBatchSize());
    }
}
