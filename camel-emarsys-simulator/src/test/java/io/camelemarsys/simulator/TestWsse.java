package io.camelemarsys.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * The tests' own WSSE signer, written from the Emarsys reference and independent of the simulator's code, so that a
 * mistake in one cannot hide a mistake in the other.
 */
final class TestWsse {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestWsse() {
    }

    /** Base64 of the 40-character lower-case hex SHA-1 of nonce + created + secret. */
    static String digest(String nonce, String created, String secret) {
        byte[] sha1 = sha1(nonce + created + secret);
        StringBuilder hex = new StringBuilder();
        for (byte b : sha1) {
            hex.append(String.format("%02x", b));
        }
        return Base64.getEncoder().encodeToString(hex.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** What a generic WS-Security client sends: Base64 of the raw 20 bytes. Emarsys refuses it. */
    static String rawDigest(String nonce, String created, String secret) {
        return Base64.getEncoder().encodeToString(sha1(nonce + created + secret));
    }

    static String header(String username, String secret) {
        return header(username, secret, nonce(), Instant.now().toString());
    }

    static String header(String username, String secret, String nonce, String created) {
        return headerWithDigest(username, digest(nonce, created, secret), nonce, created);
    }

    static String headerWithDigest(String username, String digest, String nonce, String created) {
        return "UsernameToken Username=\"" + username + "\", PasswordDigest=\"" + digest + "\", Nonce=\"" + nonce
                + "\", Created=\"" + created + "\"";
    }

    static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static byte[] sha1(String value) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
