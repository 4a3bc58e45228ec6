package io.camelemarsys.simulator.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.camelemarsys.simulator.auth.ApiUsers;
import io.camelemarsys.simulator.auth.OAuthTokens;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;

/**
 * {@code POST /oauth2/token}: the client-credentials grant with the client id and secret in an HTTP Basic header and
 * {@code grant_type=client_credentials} as a form body. Errors follow RFC 6749 (no Emarsys envelope).
 */
public final class OAuthApi {

    public static final String PATH = "/oauth2/token";

    private final ApiUsers users;
    private final OAuthTokens tokens;

    public OAuthApi(ApiUsers users, OAuthTokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    public Response token(Request request) {
        if (!"POST".equals(request.method())) {
            return error(405, "invalid_request", "use POST").header("Allow", "POST");
        }
        String[] credentials = basic(request.header("Authorization"));
        String clientSecret = credentials == null ? null : users.clientSecret(credentials[0]);
        if (clientSecret == null || !equal(credentials[1], clientSecret)) {
            return error(401, "invalid_client", "client authentication failed (HTTP Basic client id and secret)")
                    .header("WWW-Authenticate", "Basic realm=\"emarsys\"");
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return error(400, "invalid_request", "send the body as application/x-www-form-urlencoded");
        }
        String grantType = Request.parseQuery(request.bodyText()).get("grant_type");
        if (grantType == null) {
            return error(400, "invalid_request", "grant_type is missing");
        }
        if (!"client_credentials".equals(grantType)) {
            return error(400, "unsupported_grant_type", "only client_credentials is supported");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.issue(credentials[0]));
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.lifetime().toSeconds());
        return Response.json(200, body).header("Cache-Control", "no-store");
    }

    /** The client id of an HTTP Basic header, or null: the journal names the client of a token request. */
    public static String basicClientId(String authorization) {
        String[] credentials = basic(authorization);
        return credentials == null ? null : credentials[0];
    }

    private static Response error(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return Response.json(status, body);
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
