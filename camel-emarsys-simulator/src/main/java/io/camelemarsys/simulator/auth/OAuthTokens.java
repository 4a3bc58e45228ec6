package io.camelemarsys.simulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Issues and checks the expiring bearer tokens of the OAuth2 client-credentials flow (Emarsys API v3). */
public final class OAuthTokens {

    private record Grant(String clientId, Instant expiresAt) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Supplier<Instant> clock;
    private volatile Duration lifetime;

    public OAuthTokens(Duration lifetime, Supplier<Instant> clock) {
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A JWT-shaped opaque token; only this simulator can read it, as with the real auth server. */
    public String issue(String clientId) {
        Instant now = clock.get();
        Instant expiresAt = now.plus(lifetime);
        byte[] id = new byte[24];
        random.nextBytes(id);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + clientId + "\",\"iat\":" + now.getEpochSecond()
                + ",\"exp\":" + expiresAt.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        String token = header + '.' + claims + '.' + b64.encodeToString(id);
        grants.put(token, new Grant(clientId, expiresAt));
        if (grants.size() > 10_000) {
            grants.values().removeIf(g -> g.expiresAt.isBefore(now));
        }
        return token;
    }

    /** Returns the client id of a valid token, or throws {@link AuthFailure}. */
    public String verify(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "API v3 needs 'Authorization: Bearer <token>'");
        }
        Grant grant = grants.get(authorization.substring(7).trim());
        if (grant == null) {
            throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "unknown access token");
        }
        if (!clock.get().isBefore(grant.expiresAt)) {
            throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "access token expired at " + grant.expiresAt);
        }
        return grant.clientId;
    }

    public void clear() {
        grants.clear();
    }
}
