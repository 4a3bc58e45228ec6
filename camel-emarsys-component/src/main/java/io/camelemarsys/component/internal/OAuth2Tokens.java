package io.camelemarsys.component.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysAuthenticationException;

/**
 * The client-credentials token of one OAuth2 client: fetched on first use, reused until 60 seconds before it
 * expires, and dropped on a 401 so that the next call fetches a new one.
 */
public final class OAuth2Tokens {

    static final Duration REFRESH_EARLY = Duration.ofSeconds(60);

    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    public OAuth2Tokens(String tokenUrl, String clientId, String clientSecret, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
    }

    /**
     * A valid access token, fetched when there is none or it is about to expire. A refusal is an
     * EmarsysAuthenticationException; a 5xx or an I/O error of the token endpoint is a plain EmarsysApiException,
     * which the caller may retry.
     */
    public synchronized String token(HttpClient http, Duration timeout) throws EmarsysApiException {
        if (token == null || !Instant.now(clock).isBefore(refreshAt)) {
            fetch(http, timeout);
        }
        return token;
    }

    public synchronized void invalidate() {
        token = null;
    }

    private void fetch(HttpClient http, Duration timeout) throws EmarsysApiException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(timeout)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        String operation = "POST " + URI.create(tokenUrl).getPath();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EmarsysApiException(operation, 0, -1, "token endpoint unreachable: "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmarsysAuthenticationException(operation, 0, -1, "interrupted while fetching a token");
        }
        if (response.statusCode() >= 500) {
            throw new EmarsysApiException(operation, response.statusCode(), -1, "token endpoint failed with HTTP "
                    + response.statusCode());
        }
        JsonNode body = Envelope.parseJson(response.body());
        if (response.statusCode() != 200 || body == null || !body.hasNonNull("access_token")) {
            String error = body == null ? "not JSON" : body.path("error").asText("no access_token")
                    + (body.hasNonNull("error_description") ? " (" + body.get("error_description").asText() + ")" : "");
            throw new EmarsysAuthenticationException(operation, response.statusCode(), -1,
                    "token request refused: " + error + "; check client-id, client-secret and token-url");
        }
        token = body.get("access_token").asText();
        long lifetime = body.path("expires_in").asLong(3600);
        refreshAt = Instant.now(clock).plusSeconds(lifetime).minus(REFRESH_EARLY);
    }
}
