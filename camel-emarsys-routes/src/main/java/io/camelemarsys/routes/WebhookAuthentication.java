package io.camelemarsys.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.camel.Exchange;

/**
 * Who may call the webhook: {@code Authorization: Bearer <token>} in a request header (never in the URL), either a
 * JWT signed HS256 with the shared secret or a static bearer token. A claim the token carries is always checked
 * ({@code exp} not passed, {@code iat} not in the future, lifetime at most the maximum, {@code jti} not blank); a
 * claim it lacks is refused only when its {@code require*} parameter says so, because the Emarsys Webhook node's
 * claims are not documented. The jti is not spent here: the route spends it when the event is written.
 */
public final class WebhookAuthentication {

    /** The token's jti, when it has one. */
    public static final String JTI = "CamelEmarsysWebhookJti";
    /** The Instant from which this check refuses the token anyway (exp, or iat + the maximum lifetime, plus skew). */
    public static final String TOKEN_REFUSED_FROM = "CamelEmarsysWebhookTokenRefusedFrom";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    // set as bean properties by the template, so that no secret becomes text in a bean method string
    private String authMode = "jwt";
    private String jwtSecret;
    private String bearerToken;
    private boolean requireJti;
    private boolean requireExp;
    private boolean requireIat;
    private long maxTokenLifetimeSeconds = 3600;

    public void setAuthMode(String authMode) {
        this.authMode = authMode;
    }

    public void setJwtSecret(String jwtSecret) {
        this.jwtSecret = jwtSecret;
    }

    public void setBearerToken(String bearerToken) {
        this.bearerToken = bearerToken;
    }

    public void setRequireJti(boolean requireJti) {
        this.requireJti = requireJti;
    }

    public void setRequireExp(boolean requireExp) {
        this.requireExp = requireExp;
    }

    public void setRequireIat(boolean requireIat) {
        this.requireIat = requireIat;
    }

    public void setMaxTokenLifetimeSeconds(long maxTokenLifetimeSeconds) {
        this.maxTokenLifetimeSeconds = maxTokenLifetimeSeconds;
    }

    /** Checks the request's token; sets the jti property when the token has one. */
    public void authenticate(Exchange exchange) {
        if (HttpQuery.names(exchange).contains("authorization")) {
            throw unauthorized("Send the token in the Authorization header, never as a query parameter");
        }
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("Send Authorization: Bearer <token>");
        }
        String token = authorization.substring(7).trim();
        if ("bearer".equalsIgnoreCase(authMode)) {
            if (bearerToken == null || bearerToken.isEmpty()) {
                throw unauthorized("The webhook has no token configured (emarsys.webhook.bearer-token)");
            }
            if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), bearerToken.getBytes(StandardCharsets.UTF_8))) {
                throw unauthorized("The bearer token does not match");
            }
            return;
        }
        JWTClaimsSet claims = verifiedClaims(token, jwtSecret);
        checkClaims(claims, requireJti, requireExp, requireIat, Duration.ofSeconds(maxTokenLifetimeSeconds));
        if (claims.getJWTID() != null) {
            exchange.setProperty(JTI, claims.getJWTID());
        }
        Instant refusedFrom = refusedFrom(claims, Duration.ofSeconds(maxTokenLifetimeSeconds));
        if (refusedFrom != null) {
            exchange.setProperty(TOKEN_REFUSED_FROM, refusedFrom);
        }
    }

    /** When {@link #checkClaims} starts refusing the token by its age: a spent jti must be kept until then. */
    static Instant refusedFrom(JWTClaimsSet claims, Duration maxLifetime) {
        Instant exp = instant(claims.getExpirationTime());
        Instant iat = instant(claims.getIssueTime());
        if (exp != null) {
            return exp.plus(CLOCK_SKEW);
        }
        return iat == null ? null : iat.plus(maxLifetime).plus(CLOCK_SKEW).plusMillis(1); // accepted up to that instant
    }

    private static JWTClaimsSet verifiedClaims(String token, String secret) {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw unauthorized("The webhook's JWT secret is missing or shorter than 32 bytes (HS256 needs 256 bits)");
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                throw unauthorized("The JWT must be signed with HS256, not " + jwt.getHeader().getAlgorithm());
            }
            if (!jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)))) {
                throw unauthorized("The JWT signature does not match the shared secret");
            }
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw unauthorized("The bearer token is not a JWT");
        } catch (JOSEException e) {
            throw unauthorized("The JWT cannot be verified: " + e.getMessage());
        }
    }

    static void checkClaims(JWTClaimsSet claims, boolean requireJti, boolean requireExp, boolean requireIat,
                            Duration maxLifetime) {
        Instant now = Instant.now();
        Instant exp = instant(claims.getExpirationTime());
        Instant iat = instant(claims.getIssueTime());
        if (exp == null && requireExp) {
            throw unauthorized("The JWT has no exp (this webhook has requireExp=true)");
        }
        if (iat == null && requireIat) {
            throw unauthorized("The JWT has no iat (this webhook has requireIat=true)");
        }
        if (exp != null && !now.isBefore(exp.plus(CLOCK_SKEW))) {
            throw unauthorized("The JWT expired at " + exp);
        }
        if (iat != null && iat.isAfter(now.plus(CLOCK_SKEW))) {
            throw unauthorized("The JWT was issued in the future (iat " + iat + ")");
        }
        if (exp != null && iat != null && Duration.between(iat, exp).compareTo(maxLifetime) > 0) {
            throw unauthorized("The JWT lives " + Duration.between(iat, exp).toSeconds() + " s (exp - iat), more than "
                    + "maxTokenLifetime " + maxLifetime.toSeconds() + " s: issue shorter-lived tokens");
        }
        if (exp == null && iat != null && iat.plus(maxLifetime).plus(CLOCK_SKEW).isBefore(now)) {
            throw unauthorized("The JWT has no exp and was issued at " + iat + ", longer ago than maxTokenLifetime "
                    + maxLifetime.toSeconds() + " s");
        }
        String jti = claims.getJWTID();
        if (jti != null && jti.isBlank()) {
            throw unauthorized("The JWT's jti is blank; leave it out or make it unique");
        }
        if (jti == null && requireJti) {
            throw unauthorized("The JWT has no jti (this webhook has requireJti=true); every token must be unique");
        }
    }

    /** The parameter names of a raw query string, decoded and lower-cased. */
    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static WebhookRefusal unauthorized(String detail) {
        return new WebhookRefusal(401, "Unauthorized", detail);
    }
}
