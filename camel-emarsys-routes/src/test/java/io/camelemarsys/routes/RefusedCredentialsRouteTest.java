package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 point 6, as an operator meets it: the contact sink started with a wrong Emarsys secret neither hammers
 * the API nor floods the log, loses nothing and dead-letters nothing; the batch waits in Kafka.
 */
class RefusedCredentialsRouteTest extends KafkaMainTestSupport {

    private static final String WRONG_SECRET = "wrong-secret-7f3a9c";

    @Override
    String routes() {
        return "classpath:templates/kafka-to-emarsys-contacts.yaml,classpath:test-routes/contacts.yaml";
    }

    @Override
    void appProperties(Properties properties) {
        properties.put("camel.component.emarsys.secret", WRONG_SECRET);
        properties.put("camel.component.emarsys.auth-failure-initial-delay", "1000");
    }

    @Test
    void aWrongSecretIsTriedRarelyLoggedBrieflyAndLosesNothing() throws Exception {
        control("DELETE", "/journal", null);
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 20; i++) {
                send("test.contacts", "refused" + i + "@example.com", "{\"mail\":\"refused" + i + "@example.com\"}");
            }
            Thread.sleep(10_000);
            List<String> lines = List.copyOf(log.lines());
            long apiRequests = 0;
            for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
                apiRequests += entry.path("path").asText().startsWith("/api/") ? 1 : 0;
            }
            // 1 s doubling: tries at about 0, 1, 3 and 7 s (a bad configuration used to send ~3 requests a second)
            assertTrue(apiRequests >= 2 && apiRequests <= 8, apiRequests + " requests in 10 s");
            assertTrue(lines.size() <= 40, lines.size() + " WARN/ERROR lines in 10 s: " + lines);
            assertTrue(lines.stream().noneMatch(l -> l.contains(WRONG_SECRET)), "the secret is never logged");
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("ERROR")), "a refused batch is a WARN: " + lines);
            assertFalse(lines.stream().anyMatch(l -> l.contains("\tat ")), "no stack traces: " + lines);
        }
        assertEquals(0, committed("test-contacts", "test.contacts"), "nothing committed while Emarsys refuses");
        assertTrue(deadLetters().isEmpty(), "a refused credential is not the records' fault");
    }
}
