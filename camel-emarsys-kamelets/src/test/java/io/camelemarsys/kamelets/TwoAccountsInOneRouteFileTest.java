package io.camelemarsys.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * Issue 13 item 3, as a user meets it: a Camel Main app with one YAML route file (routes/two-accounts.camel.yaml)
 * uses the contact and event sink Kamelets against two Emarsys accounts, two simulators with different credentials.
 * Brand A's sink leaves the connection properties empty and writes with the component's configuration; brand B's
 * sinks name their own account. Each record lands in its own account and nowhere else.
 */
class TwoAccountsInOneRouteFileTest extends CamelMainTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension BRAND_A = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .username("brand-a-api").secret("brand-a-secret").rateLimitPerMinute(0).build());
    /** A secret with the characters a URI query would mangle: the Kamelet must pass it on as it is. */
    @RegisterExtension
    static final EmarsysSimulatorExtension BRAND_B = new EmarsysSimulatorExtension(SimulatorConfig.builder()
            .username("brand-b-api").secret("b+r&a=n%d B?").rateLimitPerMinute(0).build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void brandBHasTheEvent() throws Exception {
        control(BRAND_B.simulator(), "POST", "/events", "{\"name\":\"order_shipped\"}");
    }

    @Override
    protected void configure(MainConfigurationProperties main) {
        main.withName("two-accounts").withRoutesIncludePattern("classpath:routes/two-accounts.camel.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        // the component's configuration is brand A's account
        properties.put("camel.component.emarsys.base-url", BRAND_A.simulator().baseUrl());
        properties.put("camel.component.emarsys.username", BRAND_A.simulator().config().username());
        properties.put("camel.component.emarsys.secret", BRAND_A.simulator().config().secret());
        // the user's own settings for brand B, used by the route file
        properties.put("brand-b.base-url", BRAND_B.simulator().baseUrl());
        properties.put("brand-b.username", BRAND_B.simulator().config().username());
        properties.put("brand-b.secret", BRAND_B.simulator().config().secret());
        return properties;
    }

    @Test
    void eachKameletWritesToItsOwnAccountAndNowhereElse() throws Exception {
        assertDelivered(template.send("direct:brand-a-contacts",
                e -> e.getMessage().setBody("{\"mail\":\"ann@brand-a.example\",\"First Name\":\"Ann\"}")));
        assertDelivered(template.send("direct:brand-b-contacts",
                e -> e.getMessage().setBody(List.of(Map.of("mail", "bob@brand-b.example", "First Name", "Bob")))));
        assertDelivered(template.send("direct:brand-b-events", e -> e.getMessage().setBody(
                "{\"eventName\":\"order_shipped\",\"key\":\"cid@brand-b.example\",\"data\":{\"global\":{\"order\":7}}}")));

        assertEquals("Ann", firstName(BRAND_A.simulator(), "ann@brand-a.example"), "brand A's contact in brand A");
        assertEquals("Bob", firstName(BRAND_B.simulator(), "bob@brand-b.example"), "brand B's contact in brand B");
        assertTrue(contacts(BRAND_B.simulator(), "ann@brand-a.example").isEmpty(), "brand A's contact not in brand B");
        assertTrue(contacts(BRAND_A.simulator(), "bob@brand-b.example").isEmpty(), "brand B's contact not in brand A");

        assertEquals(List.of("cid@brand-b.example"), triggered(BRAND_B.simulator()), "brand B's event in brand B");
        assertEquals(1, contacts(BRAND_B.simulator(), "cid@brand-b.example").size(), "ensureContact made it in B");
        assertTrue(triggered(BRAND_A.simulator()).isEmpty(), "no event in brand A");
        assertTrue(contacts(BRAND_A.simulator(), "cid@brand-b.example").isEmpty(), "brand B's event contact not in A");
    }

    private static void assertDelivered(Exchange result) {
        assertNull(result.getException(), () -> "the sink failed: " + result.getException());
        assertEquals(List.of(), result.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class));
        assertEquals(1, result.getMessage().getHeader(EmarsysConstants.SUCCEEDED_COUNT, Integer.class));
    }

    private String firstName(EmarsysSimulator account, String email) throws Exception {
        JsonNode found = contacts(account, email);
        assertEquals(1, found.size(), email + " in " + account.baseUrl() + ": " + found);
        return found.get(0).path("1").asText();
    }

    private JsonNode contacts(EmarsysSimulator account, String email) throws Exception {
        return control(account, "GET", "/contacts?value=" + URLEncoder.encode(email, StandardCharsets.UTF_8), null);
    }

    private List<String> triggered(EmarsysSimulator account) throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        control(account, "GET", "/triggers?limit=1000", null).forEach(t -> keys.add(t.path("externalId").asText()));
        return keys;
    }

    private static JsonNode control(EmarsysSimulator account, String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(account.controlUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
