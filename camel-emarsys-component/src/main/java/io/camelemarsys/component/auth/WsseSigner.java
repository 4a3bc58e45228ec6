package io.camelemarsys.component.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Builds the Emarsys {@code X-WSSE} header: a fresh nonce and Created for every HTTP attempt, PasswordDigest =
 * Base64 of the lower-case hex SHA-1 of nonce + created + secret. Keeps the offset to the server clock learnt from a
 * "Time frame is invalid" reply's {@code Date} header. Public, for callers that sign a request of their own (or
 * measure the signing); the component makes one per API user.
 */
public final class WsseSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String username;
    private final String secret;
    private final Clock clock;
    private final Supplier<String> nonces;
    private volatile Duration serverOffset = Duration.ZERO;

    public WsseSigner(String username, String secret) {
        this(username, secret, Clock.systemUTC(), WsseSigner::randomNonce);
    }

    WsseSigner(String username, String secret, Clock clock, Supplier<String> nonces) {
        this.username = username;
        this.secret = secret;
        this.clock = clock;
        this.nonces = nonces;
    }

    public String header() {
        String nonce = nonces.get();
        // whole seconds in UTC, as every vendor sample and client sends; Instant.toString() could send nine digits
        String created = Instant.now(clock).plus(serverOffset).truncatedTo(ChronoUnit.SECONDS).toString();
        return "UsernameToken Username=\"" + username + "\", PasswordDigest=\"" + digest(nonce, created, secret)
                + "\", Nonce=\"" + nonce + "\", Created=\"" + created + "\"";
    }

    /** Aligns Created with the server clock read from a reply's Date header. */
    public void correctClock(Instant serverNow) {
        serverOffset = Duration.between(Instant.now(clock), serverNow);
    }

    public Duration serverOffset() {
        return serverOffset;
    }

    static String digest(String nonce, String created, String secret) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((nonce + created + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(HexFormat.of().formatHex(sha1)
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    private static String randomNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
