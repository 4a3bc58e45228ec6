package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * Issue 13 item 5: two instantiations of the emarsys-bot-api template in one CamelContext (test-routes/two-bots.yaml),
 * each with its own path, API key, languages and Emarsys account: brand A's WSSE user, brand B's OAuth2 client on two
 * simulators. Each bot reads and writes its own account only and refuses the other bot's key. No component-level
 * Emarsys configuration is set, so every call must use its bot's own connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoBotsInOneContextTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension BRAND_A = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .username("brand-a-api").secret("brand-a-secret").rateLimitPerMinute(0).build());
    /** A secret with the characters a URI query would mangle: the template must pass it on as it is. */
    @RegisterExtension
    static final EmarsysSimulatorExtension BRAND_B = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .clientId("brand-b-client").clientSecret("b+r&a=n%d B?").rateLimitPerMinute(0).build());

    private static final String KEY_A = "key-of-bot-a";
    private static final String KEY_B = "key-of-bot-b";
    private static final int PORT = KafkaRouteTestSupport.freePort();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Main main;

    @BeforeAll
    void startTwoBots() throws Exception {
        control(BRAND_A.simulator(), "POST", "/contacts", "[{\"3\":\"ann@brand-a.example\",\"1\":\"Ann\",\"5\":2}]");
        control(BRAND_B.simulator(), "POST", "/contacts", "[{\"3\":\"bob@brand-b.example\",\"1\":\"Bob\",\"5\":1},"
                + "{\"3\":\"carl@brand-b.example\",\"1\":\"Carl\"}]");
        control(BRAND_B.simulator(), "POST", "/events", "{\"name\":\"order_shipped\"}");
        main = new Main();
        main.addOverrideProperty("camel.main.name", "two-bots");
        main.addOverrideProperty("camel.main.routes-include-pattern",
                "classpath:templates/emarsys-bot-api.yaml,classpath:test-routes/two-bots.yaml");
        KafkaRouteTestSupport.serveHttpOn(main, PORT);
        main.addOverrideProperty("brand-a.bot-key", KEY_A);
        main.addOverrideProperty("brand-a.base-url", BRAND_A.simulator().baseUrl());
        main.addOverrideProperty("brand-a.username", BRAND_A.simulator().config().username());
        main.addOverrideProperty("brand-a.secret", BRAND_A.simulator().config().secret());
        main.addOverrideProperty("brand-b.bot-key", KEY_B);
        main.addOverrideProperty("brand-b.base-url", BRAND_B.simulator().baseUrl());
        main.addOverrideProperty("brand-b.client-id", BRAND_B.simulator().config().clientId());
        main.addOverrideProperty("brand-b.client-secret", BRAND_B.simulator().config().clientSecret());
        main.addOverrideProperty("brand-b.token-url", BRAND_B.simulator().tokenUrl());
        main.start();
    }

    @AfterAll
    void stopTwoBots() {
        main.stop();
    }

    @Test
    void eachBotReadsItsOwnAccountOnly() throws Exception {
        HttpResponse<String> ann = call("GET", "/bot/contacts/ann@brand-a.example?fields=First%20Name", null, KEY_A);
        assertEquals(200, ann.statusCode(), ann.body());
        assertEquals("Ann", JSON.readTree(ann.body()).path("First Name").asText());
        HttpResponse<String> bob = call("GET", "/bot-b/contacts/bob@brand-b.example?fields=First%20Name", null, KEY_B);
        assertEquals(200, bob.statusCode(), bob.body());
        assertEquals("Bob", JSON.readTree(bob.body()).path("First Name").asText());

        assertEquals(404, call("GET", "/bot/contacts/bob@brand-b.example", null, KEY_A).statusCode(),
                "brand B's contact is not in bot A's account");
        assertEquals(404, call("GET", "/bot-b/contacts/ann@brand-a.example", null, KEY_B).statusCode(),
                "brand A's contact is not in bot B's account");
    }

    @Test
    void eachBotRefusesTheOtherBotsKey() throws Exception {
        assertEquals(401, call("GET", "/bot/fields", null, KEY_B).statusCode());
        assertEquals(401, call("GET", "/bot-b/fields", null, KEY_A).statusCode());
        assertEquals(401, call("POST", "/bot-b/events/order_shipped", "{\"key\":\"bob@brand-b.example\"}", KEY_A)
                .statusCode());
        assertEquals(200, call("GET", "/bot/fields", null, KEY_A).statusCode());
        assertEquals(200, call("GET", "/bot-b/fields", null, KEY_B).statusCode());
    }

    @Test
    void eachBotWritesToItsOwnAccountOnly() throws Exception {
        HttpResponse<String> updated = call("PUT", "/bot-b/contacts/carl@brand-b.example", "{\"First Name\":\"Robert\"}",
                KEY_B);
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("Robert", contacts(BRAND_B.simulator(), "carl@brand-b.example").get(0).path("1").asText());
        assertTrue(contacts(BRAND_A.simulator(), "carl@brand-b.example").isEmpty(), "no contact written in A");

        HttpResponse<String> triggered = call("POST", "/bot-b/events/order_shipped",
                "{\"key\":\"carl@brand-b.example\",\"data\":{\"global\":{\"order\":7}}}", KEY_B);
        assertEquals(202, triggered.statusCode(), triggered.body());
        assertEquals(List.of("carl@brand-b.example"), triggered(BRAND_B.simulator()));
        assertEquals(List.of(), triggered(BRAND_A.simulator()), "no event in A");
    }

    @Test
    void eachBotHasItsOwnLanguagesAndOpenApiDocument() throws Exception {
        // bot B's default language is de; bot A allows en only
        HttpResponse<String> choices = call("GET", "/bot-b/fields/gender/choices", null, KEY_B);
        assertEquals(200, choices.statusCode(), choices.body());
        assertEquals("Männlich", JSON.readTree(choices.body()).get(0).path("choice").asText());
        HttpResponse<String> refused = call("GET", "/bot/fields/gender/choices?language=de", null, KEY_A);
        assertEquals(400, refused.statusCode(), refused.body());

        JsonNode a = JSON.readTree(call("GET", "/bot/openapi.json", null, null).body()).path("paths");
        JsonNode b = JSON.readTree(call("GET", "/bot-b/openapi.json", null, null).body()).path("paths");
        assertTrue(a.has("/bot/contacts/{key}"), a.toString());
        assertTrue(b.has("/bot-b/contacts/{key}"), b.toString());
        assertTrue(b.has("/bot-b/events/{event}"), b.toString());
        assertFalse(b.has("/bot/contacts/{key}"), b.toString());
    }

    @Test
    void aPathThatIsNoActionIsAProblem() throws Exception {
        HttpResponse<String> unknown = call("GET", "/bot/contact/ann@brand-a.example", null, KEY_A);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(unknown.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(405, call("DELETE", "/bot-b/contacts/bob@brand-b.example", null, KEY_B).statusCode());
        assertEquals(405, call("GET", "/bot-b/events/order_shipped", null, KEY_B).statusCode());
        assertEquals(1, contacts(BRAND_B.simulator(), "bob@brand-b.example").size(), "nothing deleted");
    }

    private HttpResponse<String> call(String method, String path, String body, String apiKey) throws Exception {
        return BotCalls.call(http, PORT, method, path, body, apiKey);
    }

    private JsonNode contacts(EmarsysSimulator account, String email) throws Exception {
        return control(account, "GET", "/contacts?value=" + URLEncoder.encode(email, StandardCharsets.UTF_8), null);
    }

    private List<String> triggered(EmarsysSimulator account) throws Exception {
        List<String> keys = new ArrayList<>();
        control(account, "GET", "/triggers?limit=1000", null).forEach(t -> keys.add(t.path("externalId").asText()));
        return keys;
    }

    private JsonNode control(EmarsysSimulator account, String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(account.controlUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
