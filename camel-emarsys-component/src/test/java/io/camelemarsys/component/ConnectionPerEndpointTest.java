package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * An endpoint can name its own Emarsys account (baseUrl, credentials); an empty connection option means the
 * component's, as a Kamelet passes {{baseUrl}} with default "". Two accounts in one CamelContext get their own HTTP
 * client, field list and rate budget.
 */
class ConnectionPerEndpointTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension GLOBAL = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).username("global_user").secret("global-secret").build());
    @RegisterExtension
    static final EmarsysSimulatorExtension OTHER = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).username("other_user").secret("other-secret").build());

    @Override
    EmarsysSimulator simulator() {
        return GLOBAL.simulator();
    }

    private String otherAccount() {
        return "baseUrl=" + URLEncoder.encode(OTHER.simulator().baseUrl(), StandardCharsets.UTF_8)
                + "&username=other_user&secret=RAW(other-secret)";
    }

    private static long fieldListReads(EmarsysSimulator simulator) {
        return journal(simulator, "GET", "/api/v2/field");
    }

    private static long journal(EmarsysSimulator simulator, String method, String path) {
        long count = 0;
        for (JsonNode entry : control(simulator, "/journal?limit=10000")) {
            if (entry.path("method").asText().equals(method) && entry.path("path").asText().equals(path)) {
                count++;
            }
        }
        return count;
    }

    private static JsonNode control(EmarsysSimulator simulator, String path) {
        return control(simulator, "GET", path);
    }

    private static JsonNode control(EmarsysSimulator simulator, String method, String path) {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(simulator.controlUrl() + path))
                            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode stored(EmarsysSimulator simulator, String email) {
        return control(simulator, "/contacts?value=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
    }

    @Test
    void eachEndpointWritesToItsOwnAccount() {
        control(OTHER.simulator(), "DELETE", "/journal");
        Exchange global = call("emarsys:contact/upsert", map("email", "global@example.com"));
        assertNull(global.getException());
        Exchange other = call("emarsys:contact/upsert?" + otherAccount(), map("email", "other@example.com"));
        assertNull(other.getException());
        Exchange otherAgain = call("emarsys:contact/get?fields=email&" + otherAccount(), "other@example.com");
        assertNull(otherAgain.getException());

        assertEquals(1, stored(GLOBAL.simulator(), "global@example.com").size());
        assertEquals(0, stored(GLOBAL.simulator(), "other@example.com").size());
        assertEquals(1, stored(OTHER.simulator(), "other@example.com").size());
        assertEquals(0, stored(OTHER.simulator(), "global@example.com").size());
        assertEquals(1, fieldListReads(OTHER.simulator()), "the other account's field list, read once for its "
                + "two endpoints");
        assertEquals(1, fieldListReads(GLOBAL.simulator()));
        assertEquals(2, context.getComponent("emarsys", EmarsysComponent.class).httpClientCount(),
                "one HTTP client per account");
    }

    @Test
    void emptyConnectionOptionsMeanTheComponentsConfiguration() {
        Exchange exchange = call("emarsys:contact/upsert?baseUrl=&authMode=&username=&secret=&clientId=&clientSecret="
                + "&tokenUrl=", map("email", "empty-options@example.com"));
        assertNull(exchange.getException());
        assertEquals(1, stored(GLOBAL.simulator(), "empty-options@example.com").size());
        EmarsysEndpoint endpoint = (EmarsysEndpoint) context.getEndpoints().stream()
                .filter(e -> e.getEndpointUri().contains("baseUrl=")).findFirst().orElseThrow();
        assertEquals(GLOBAL.simulator().baseUrl(), endpoint.getConfiguration().getBaseUrl());
        assertEquals("https://auth.emarsys.net/oauth2/token", endpoint.getConfiguration().getTokenUrl());
        assertEquals(EmarsysAuthMode.wsse, endpoint.getConfiguration().getAuthMode());
    }

    @Test
    void wrongCredentialsOfOneEndpointDoNotTouchTheOther() {
        Exchange wrong = call("emarsys:settings/get?baseUrl=" + URLEncoder.encode(OTHER.simulator().baseUrl(),
                StandardCharsets.UTF_8) + "&username=other_user&secret=RAW(global-secret)&authFailureInitialDelay=1",
                null);
        assertTrue(wrong.getException() instanceof EmarsysApiException, String.valueOf(wrong.getException()));
        assertNull(call("emarsys:settings/get", null).getException(), "the global account still answers");
        assertNull(call("emarsys:settings/get?" + otherAccount(), null).getException(),
                "the other account with its right secret answers");
    }
}
