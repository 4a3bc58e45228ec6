package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bot action API: every action, the API key, the OpenAPI document and problem+json errors. */
class BotApiRouteTest extends KafkaRouteTestSupport {

    private static final String KEY = "bot-api-key";
    private static final int PORT = freePort();

    @Override
    String routes() {
        return "classpath:templates/emarsys-bot-api.yaml,classpath:test-routes/bot-api.yaml";
    }

    @Override
    void configure(org.apache.camel.main.Main main) {
        serveHttpOn(main, PORT);
        main.addOverrideProperty("emarsys.bot.api-key", KEY);
    }

    @BeforeAll
    void seed() throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl() + "/contacts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"3\":\"bot@example.com\",\"1\":\"Bo\",\"5\":2,\"100002\":[1,3]}]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl() + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bot_handover\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String body, String apiKey) throws Exception {
        return BotCalls.call(http, PORT, method, path, body, apiKey);
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
        return JSON.readTree(response.body());
    }

    @Test
    void contactDataWithAndWithoutEnumerationLabels() throws Exception {
        HttpResponse<String> plain = call("GET", "/bot/contacts/bot@example.com?fields=First%20Name,gender,Preferred%20channels",
                null, KEY);
        assertEquals(200, plain.statusCode(), plain.body());
        JsonNode contact = JSON.readTree(plain.body());
        assertEquals("Bo", contact.path("First Name").asText());
        assertEquals("2", contact.path("gender").asText());
        JsonNode labelled = JSON.readTree(call("GET", "/bot/contacts/bot@example.com?fields=gender,Preferred%20channels"
                + "&labels=true&language=de", null, KEY).body());
        assertEquals("Weiblich", labelled.path("gender").asText());
        assertEquals("[\"E-Mail\",\"WhatsApp\"]", labelled.path("Preferred channels").toString());
        JsonNode missing = problem(call("GET", "/bot/contacts/nobody@example.com", null, KEY), 404);
        assertEquals(2008, missing.path("replyCode").asInt());
    }

    @Test
    void updateContactFieldsAndChoicesAndTriggerAnEvent() throws Exception {
        HttpResponse<String> updated = call("PUT", "/bot/contacts/bot@example.com", "{\"First Name\":\"Bob\",\"gender\":\"male\"}", KEY);
        assertEquals(200, updated.statusCode(), updated.body());
        JsonNode after = JSON.readTree(call("GET", "/bot/contacts/bot@example.com?fields=First%20Name,gender&labels=true",
                null, KEY).body());
        assertEquals("Bob", after.path("First Name").asText());
        assertEquals("Male", after.path("gender").asText());
        JsonNode refused = problem(call("PUT", "/bot/contacts/ghost@example.com", "{\"First Name\":\"G\"}", KEY), 404);
        assertEquals(2008, refused.path("replyCode").asInt());
        problem(call("PUT", "/bot/contacts/bot@example.com", "{\"birth_date\":\"soon\"}", KEY), 400);
        problem(call("PUT", "/bot/contacts/bot@example.com", "not json", KEY), 400);

        JsonNode fields = JSON.readTree(call("GET", "/bot/fields", null, KEY).body());
        assertTrue(fields.size() > 40);
        JsonNode choices = JSON.readTree(call("GET", "/bot/fields/gender/choices?language=de", null, KEY).body());
        assertEquals("Männlich", choices.get(0).path("choice").asText());
        problem(call("GET", "/bot/fields/First%20Name/choices", null, KEY), 400);

        HttpResponse<String> triggered = call("POST", "/bot/events/bot_handover",
                "{\"key\":\"bot@example.com\",\"data\":{\"global\":{\"topic\":\"refund\"}}}", KEY);
        assertEquals(202, triggered.statusCode(), triggered.body());
        JsonNode unknownContact = problem(call("POST", "/bot/events/bot_handover", "{\"key\":\"ghost@example.com\"}", KEY), 502);
        assertEquals(2008, unknownContact.path("replyCode").asInt());
        problem(call("POST", "/bot/events/no_such_event", "{\"key\":\"bot@example.com\"}", KEY), 400);
    }

    /** Issue 11: with WSSE credentials, a baseUrl smuggled in a query value sent a valid X-WSSE header away. */
    @Test
    void aBaseUrlInAQueryValueSendsNoWsseHeaderAway() throws Exception {
        try (ConnectionRecorder attacker = new ConnectionRecorder()) {
            String baseUrl = java.net.URLEncoder.encode("&baseUrl=http://127.0.0.1:" + attacker.port(),
                    java.nio.charset.StandardCharsets.UTF_8);
            problem(call("GET", "/bot/fields?language=en" + baseUrl, null, KEY), 400);
            problem(call("GET", "/bot/contacts/bot@example.com?fields=1" + baseUrl, null, KEY), 400);
            problem(call("GET", "/bot/contacts/bot@example.com?labels=true" + baseUrl, null, KEY), 400);
            assertEquals(java.util.List.of(), attacker.received(), "no X-WSSE header left for another host");
        }
    }

    @Test
    void everyCallNeedsTheApiKeyAndTheApiIsDescribed() throws Exception {
        assertEquals(401, problem(call("GET", "/bot/fields", null, null), 401).path("status").asInt());
        problem(call("GET", "/bot/contacts/bot@example.com", null, "wrong"), 401);
        // the right key in the query (where proxies log it) is no key
        problem(call("GET", "/bot/fields?X-API-Key=" + KEY, null, null), 401);
        problem(call("GET", "/bot/fields?x-api-key=" + KEY, null, KEY), 401);
        HttpResponse<String> openapi = call("GET", "/bot/openapi.json", null, null);
        assertEquals(200, openapi.statusCode(), openapi.body());
        JsonNode document = JSON.readTree(openapi.body());
        assertTrue(document.path("paths").has("/bot/contacts/{key}"), openapi.body());
        assertTrue(document.path("paths").has("/bot/events/{event}"));
    }
}
