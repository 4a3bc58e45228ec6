package io.camelemarsys.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain HTTP client for the tests: signs v2 calls with {@link TestWsse}, sends v3 calls with a bearer token, and
 * talks to the control API. Every call is a real HTTP request over loopback.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One reply: HTTP status, headers and body, with the body parsed as JSON when it is JSON. */
    record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (HTTP " + status + "): " + body, e);
            }
        }

        int replyCode() {
            return json().path("replyCode").asInt(-1);
        }

        String replyText() {
            return json().path("replyText").asText();
        }

        JsonNode data() {
            return json().path("data");
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final EmarsysSimulator simulator;

    ApiClient(EmarsysSimulator simulator) {
        this.simulator = simulator;
    }

    /** A WSSE-signed call to {@code /api/v2<path>} with a fresh header. */
    Reply v2(String method, String path, Object body) {
        return v2(method, path, body, TestWsse.header(simulator.config().username(), simulator.config().secret()));
    }

    Reply v2(String method, String path, Object body, String wsseHeader) {
        HttpRequest.Builder request = request(method, simulator.apiV2Url() + path, body);
        if (wsseHeader != null) {
            request.header("X-WSSE", wsseHeader);
        }
        return send(request);
    }

    Reply v3(String method, String path, Object body, String token) {
        HttpRequest.Builder request = request(method, simulator.apiV3Url() + path, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    /** Fetches a token with the client credentials grant. */
    String token() {
        Reply reply = tokenRequest(simulator.config().clientId(), simulator.config().clientSecret(),
                "grant_type=client_credentials");
        if (reply.status() != 200) {
            throw new AssertionError("token request failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().path("access_token").asText();
    }

    Reply tokenRequest(String clientId, String clientSecret, String form) {
        String basic = java.util.Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(simulator.tokenUrl()))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    Reply control(String method, String path, Object body) {
        return send(request(method, simulator.controlUrl() + path, body));
    }

    Reply controlCsv(String path, String csv) {
        return send(HttpRequest.newBuilder(URI.create(simulator.controlUrl() + path))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
    }

    Reply raw(HttpRequest.Builder request) {
        return send(request);
    }

    private static HttpRequest.Builder request(String method, String url, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
        return builder.method(method, HttpRequest.BodyPublishers.ofString(text));
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
