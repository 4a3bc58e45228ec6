package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Assertions on Emarsys envelopes shared by the API tests. */
final class Replies {

    private Replies() {
    }

    /** HTTP 200, replyCode 0, replyText "OK". */
    static void assertOk(ApiClient.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        assertEquals(0, reply.replyCode(), reply.body());
        assertEquals("OK", reply.replyText());
    }

    /** The status and replyCode; an error names its cause and carries {@code data: ""}. */
    static void assertError(ApiClient.Reply reply, int status, int replyCode) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(replyCode, reply.replyCode(), reply.body());
        if (replyCode != 0) {
            assertFalse(reply.replyText().isBlank(), "an error names its cause: " + reply.body());
            assertEquals("", reply.data().asText(), "data is an empty string on errors: " + reply.body());
        }
    }
}
