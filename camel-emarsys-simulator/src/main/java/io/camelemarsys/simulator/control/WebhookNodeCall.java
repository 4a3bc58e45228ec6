package io.camelemarsys.simulator.control;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelemarsys.simulator.http.Json;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;

/**
 * {@code POST /_simulator/webhook-node}: plays the Automation Center Webhook node. POSTs a body shaped like the
 * vendor's help page (one level of contact fields, {@code scenario}, {@code event_time}, optional {@code event_data})
 * with {@code Authorization: Bearer <JWT>} signed HS256 by the given secret, to a loopback URL, and answers what the
 * webhook replied. Which claims the real node's token carries is not public: {@code omit} leaves any of
 * {@code iat}, {@code exp}, {@code jti} out, so that a receiver can be tried against each possibility.
 * <pre>
 * {"url": "http://127.0.0.1:8080/webhooks/emarsys", "secret": "...",     required
 *  "omit": ["jti"], "jti": "fixed-id", "lifetimeSeconds": 300,            optional token shape
 *  "body": {...}                                                          optional, else a vendor-shaped sample from
 *  "email_address": "...", "scenario": "...", "event_data": {...}}        these fields (defaults as the help page)
 * </pre>
 * Answer: {@code {"status": 202, "reply": "...", "token": "...", "body": {...}}}; the token and body can be sent
 * again (field {@code token}) to play a retry.
 */
final class WebhookNodeCall {

    private static final Set<String> CLAIMS = Set.of("iat", "exp", "jti");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    Response send(Request request) throws Exception {
        JsonNode call = request.jsonObject();
        URI url = loopbackUrl(call.path("url").asText(null));
        ObjectNode body = call.has("body") ? requireObject(call.get("body")) : vendorBody(call);
        String token = call.hasNonNull("token") ? call.get("token").asText() : sign(call, body);
        HttpResponse<String> reply = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", reply.statusCode());
        answer.put("reply", reply.body());
        answer.put("token", token);
        answer.put("body", body);
        return Response.json(200, answer);
    }

    /** The help page's example, with the caller's contact, scenario and event data. */
    private static ObjectNode vendorBody(JsonNode call) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("event_time", call.path("event_time").asText(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        body.put("email_address", call.path("email_address").asText("example@emarsys.com"));
        if (call.has("event_data")) {
            body.set("event_data", requireObject(call.get("event_data")));
        }
        body.put("scenario", call.path("scenario").asText("shipping_update"));
        return body;
    }

    private static String sign(JsonNode call, ObjectNode body) throws GeneralSecurityException, java.io.IOException {
        String secret = call.path("secret").asText("");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("Send \"secret\": the preset's JWT secret (or \"token\" to re-send one)");
        }
        Set<String> omit = new HashSet<>();
        for (JsonNode claim : call.path("omit")) {
            if (!CLAIMS.contains(claim.asText())) {
                throw new IllegalArgumentException("omit may name iat, exp and jti, not '" + claim.asText() + "'");
            }
            omit.add(claim.asText());
        }
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = Json.MAPPER.createObjectNode();
        if (!omit.contains("iat")) {
            claims.put("iat", now);
        }
        if (!omit.contains("exp")) {
            claims.put("exp", now + call.path("lifetimeSeconds").asLong(300));
        }
        if (!omit.contains("jti")) {
            claims.put("jti", call.path("jti").asText(UUID.randomUUID().toString()));
        }
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(Json.MAPPER.writeValueAsBytes(claims));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Only a loopback http(s) URL: the control API has no authentication and must not become an open relay. */
    private static URI loopbackUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Send \"url\": the webhook to call, on a loopback address");
        }
        URI uri = URI.create(url);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("url must be an http(s) URL with a host, not '" + url + "'");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException("url must be on a loopback address (127.0.0.1, ::1, localhost), not "
                            + uri.getHost());
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("url's host cannot be resolved: " + uri.getHost());
        }
        return uri;
    }

    private static ObjectNode requireObject(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("body and event_data must be JSON objects");
        }
        return object;
    }
}
