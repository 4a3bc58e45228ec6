package io.camelemarsys.simulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Emarsys WSSE digest: Base64 of the <em>lower-case hex</em> SHA-1 of nonce + created + secret (always 56
 * characters). Standard WS-Security's Base64 of the raw 20 digest bytes is a different value that Emarsys refuses.
 */
public final class Wsse {

    private Wsse() {
    }

    public static String passwordDigest(String nonce, String created, String secret) {
        String hex = HexFormat.of().formatHex(sha1(nonce + created + secret));
        return Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII));
    }

    /** The digest a generic WS-Security client would send; used only to explain a refusal. */
    static String rawBytesDigest(String nonce, String created, String secret) {
        return Base64.getEncoder().encodeToString(sha1(nonce + created + secret));
    }

    private static byte[] sha1(String value) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
