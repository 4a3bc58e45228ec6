package io.camelemarsys.component.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The X-WSSE header against the reference vector of ../shared/emarsys-api.md 1.2, and Created in whole seconds. */
class WsseSignerTest {

    private static final String NONCE = "0123456789abcdef0123456789abcdef";

    @Test
    void createdIsWholeSecondsInUtcWhateverTheClockPrecision() {
        Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00.123456789Z"), ZoneOffset.UTC);
        String header = new WsseSigner("user", "secret", clock, () -> NONCE).header();

        assertEquals("UsernameToken Username=\"user\", "
                + "PasswordDigest=\"ZThjZWRiZGIwYTgxZWZmY2M5NzhmNThiODVkODk4MjgzODc1MWQxOQ==\", "
                + "Nonce=\"" + NONCE + "\", Created=\"2024-01-01T00:00:00Z\"", header);
    }
}
