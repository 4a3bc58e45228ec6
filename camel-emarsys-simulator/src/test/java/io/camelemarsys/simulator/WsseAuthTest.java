package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.http.Faults;

class WsseAuthTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private ApiClient client() {
        return new ApiClient(EMARSYS.simulator());
    }

    private String user() {
        return EMARSYS.simulator().config().username();
    }

    private String secret() {
        return EMARSYS.simulator().config().secret();
    }

    @AfterEach
    void clearFaults() {
        EMARSYS.simulator().faults(Faults.NONE);
    }

    @Test
    void digestMatchesTheReferenceVector() {
        String expected = "ZThjZWRiZGIwYTgxZWZmY2M5NzhmNThiODVkODk4MjgzODc1MWQxOQ==";
        assertEquals(expected, TestWsse.digest("0123456789abcdef0123456789abcdef", "2024-01-01T00:00:00Z", "secret"));
        assertEquals(expected, io.camelemarsys.simulator.auth.Wsse.passwordDigest("0123456789abcdef0123456789abcdef",
                "2024-01-01T00:00:00Z", "secret"));
        assertEquals("6M7b2wqB7/zJePWLhdiYKDh1HRk=",
                TestWsse.rawDigest("0123456789abcdef0123456789abcdef", "2024-01-01T00:00:00Z", "secret"));
    }

    @Test
    void validHeaderIsAcceptedAndEveryReplyHasADateHeader() {
        ApiClient.Reply reply = client().v2("GET", "/settings", null);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, reply.replyCode());
        assertEquals("OK", reply.replyText());
        assertEquals(user(), reply.data().path("api_user").asText());
        assertNotNull(reply.header("Date"));

        ApiClient.Reply refused = client().v2("GET", "/settings", null, null);
        assertNotNull(refused.header("Date"), "error replies carry a Date header too");
    }

    @Test
    void createdWithOffsetFractionsOrLowerCaseAttributeNamesIsAccepted() {
        String nonce = TestWsse.nonce();
        String created = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"))
                + "+00:00";
        String postmanStyle = "UsernameToken Username=\"" + user() + "\", PasswordDigest=\""
                + TestWsse.digest(nonce, created, secret()) + "\", Created=\"" + created + "\", nonce=\"" + nonce + "\"";
        assertEquals(200, client().v2("GET", "/settings", null, postmanStyle).status());

        String millis = Instant.now().toString().replaceAll("\\.\\d+Z$", ".123Z");
        assertEquals(200, client().v2("GET", "/settings", null,
                TestWsse.header(user(), secret(), TestWsse.nonce(), millis)).status());
    }

    @Test
    void rawBytesDigestIsRefused() {
        String nonce = TestWsse.nonce();
        String created = Instant.now().toString();
        ApiClient.Reply reply = client().v2("GET", "/settings", null,
                TestWsse.headerWithDigest(user(), TestWsse.rawDigest(nonce, created, secret()), nonce, created));
        assertUnauthorized(reply, "Credentials are invalid");
        assertTrue(reply.header("X-Simulator-Reason").contains("raw SHA-1"), reply.header("X-Simulator-Reason"));
    }

    @Test
    void staleCreatedIsRefusedWithTimeFrameText() {
        String stale = Instant.now().minus(Duration.ofMinutes(6)).toString();
        assertUnauthorized(client().v2("GET", "/settings", null,
                TestWsse.header(user(), secret(), TestWsse.nonce(), stale)), "Unauthorized Time frame is invalid");

        String future = Instant.now().plus(Duration.ofMinutes(6)).toString();
        assertUnauthorized(client().v2("GET", "/settings", null,
                TestWsse.header(user(), secret(), TestWsse.nonce(), future)), "Unauthorized Time frame is invalid");

        String fourMinutesAgo = Instant.now().minus(Duration.ofMinutes(4)).toString();
        assertEquals(200, client().v2("GET", "/settings", null,
                TestWsse.header(user(), secret(), TestWsse.nonce(), fourMinutesAgo)).status());
    }

    @Test
    void createdWithoutZoneIsReadAsViennaTime() {
        String viennaLocal = ZonedDateTime.now(java.time.ZoneId.of("Europe/Vienna"))
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        assertEquals(200, client().v2("GET", "/settings", null,
                TestWsse.header(user(), secret(), TestWsse.nonce(), viennaLocal)).status());
    }

    @Test
    void reusedNonceIsRefused() {
        String header = TestWsse.header(user(), secret());
        assertEquals(200, client().v2("GET", "/settings", null, header).status());
        ApiClient.Reply replay = client().v2("GET", "/settings", null, header);
        assertEquals(401, replay.status());
        assertEquals(1, replay.replyCode());
        assertTrue(replay.replyText().contains("Nonce"), replay.replyText());
    }

    @Test
    void wrongSecretUnknownUserAndMissingHeaderAreRefused() {
        assertUnauthorized(client().v2("GET", "/settings", null, TestWsse.header(user(), "not-the-secret")),
                "Credentials are invalid");
        assertUnauthorized(client().v2("GET", "/settings", null, TestWsse.header("nobody", secret())),
                "Credentials are invalid");
        assertUnauthorized(client().v2("GET", "/settings", null, null), "Credentials are invalid");
        assertUnauthorized(client().v2("GET", "/settings", null, "Basic abc"), "Credentials are invalid");
    }

    @Test
    void serverClockOffsetMovesTheTimeCheckAndTheDateHeader() {
        EMARSYS.simulator().faults(new Faults(0, 0, 0, 0, 0, 600, 1));
        ApiClient.Reply reply = client().v2("GET", "/settings", null);
        assertUnauthorized(reply, "Unauthorized Time frame is invalid");
        Instant serverDate = ZonedDateTime.parse(reply.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        long skew = Duration.between(Instant.now(), serverDate).toSeconds();
        assertTrue(skew > 590 && skew < 610, "Date header should be 10 minutes ahead, skew was " + skew);

        String serverCreated = serverDate.toString();
        assertEquals(200, client().v2("GET", "/settings", null,
                TestWsse.header(user(), secret(), TestWsse.nonce(), serverCreated)).status(),
                "a client that corrects its clock from the Date header gets in");
    }

    private static void assertUnauthorized(ApiClient.Reply reply, String text) {
        assertEquals(401, reply.status(), reply.body());
        assertEquals(1, reply.replyCode());
        assertEquals(text, reply.replyText());
        assertEquals("", reply.data().asText());
    }
}
