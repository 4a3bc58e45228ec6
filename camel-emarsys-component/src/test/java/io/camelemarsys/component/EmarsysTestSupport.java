package io.camelemarsys.component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;

import io.camelemarsys.simulator.EmarsysSimulator;

/**
 * Base of the component tests: a CamelContext whose emarsys component points at the test class's simulator (WSSE
 * by default), and helpers to read the simulator's state through its control API.
 */
abstract class EmarsysTestSupport extends CamelTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    abstract EmarsysSimulator simulator();

    /** Each test reads only its own requests in the journal. */
    @BeforeEach
    void clearJournal() {
        control("DELETE", "/journal", null);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        EmarsysComponent emarsys = new EmarsysComponent();
        EmarsysConfiguration config = emarsys.getConfiguration();
        config.setBaseUrl(simulator().baseUrl());
        config.setUsername(simulator().config().username());
        config.setSecret(simulator().config().secret());
        config.setRetryInitialDelay(10);
        config.setRetryMaxDelay(50);
        context.addComponent("emarsys", emarsys);
        return context;
    }

    /** Sends a body to an emarsys URI and returns the exchange (its exception, if any, is left on it). */
    Exchange call(String uri, Object body) {
        return template.send(uri, e -> e.getMessage().setBody(body));
    }

    Exchange call(String uri, Object body, Map<String, Object> headers) {
        return template.send(uri, e -> {
            e.getMessage().setBody(body);
            e.getMessage().getHeaders().putAll(headers);
        });
    }

    /** The stored contact(s) with this e-mail, as the simulator holds them. */
    JsonNode stored(String email) {
        return control("GET", "/contacts?value=" + java.net.URLEncoder.encode(email,
                java.nio.charset.StandardCharsets.UTF_8), null);
    }

    JsonNode stats() {
        return control("GET", "/stats", null);
    }

    JsonNode control(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator().controlUrl() + path))
                    .header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests the simulator received for a path (method and path, e.g. "PUT /api/v2/contact"). */
    long requestsTo(String method, String pathPrefix) {
        long count = 0;
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if (entry.path("method").asText().equals(method) && entry.path("path").asText().startsWith(pathPrefix)) {
                count++;
            }
        }
        return count;
    }

    /** An insertion-ordered map from alternating keys and values, as a user's route would build a body. */
    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
