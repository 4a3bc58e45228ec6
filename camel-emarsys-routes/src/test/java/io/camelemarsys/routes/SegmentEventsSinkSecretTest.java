package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The identity table's password stays in the DataSource bean the user binds (the route names the bean): it opens the
 * table and appears in nothing of the running routes, no bean method string, no processor's text (both are printed
 * in message histories and route dumps).
 */
class SegmentEventsSinkSecretTest extends KafkaMainTestSupport {

    private static final String PASSWORD = "Identity-Pw-7731-never-in-a-route";
    private static final String URL = "jdbc:h2:mem:identity-secret-test;DB_CLOSE_DELAY=-1";

    @Override
    String routes() {
        return "classpath:templates/kafka-to-emarsys-segment-events.yaml,classpath:test-routes/segment-events-secret.yaml";
    }

    @Override
    void appProperties(Properties properties) {
        properties.put("test.identity-password", PASSWORD);
    }

    @Test
    void thePasswordOpensTheIdentityTableAndAppearsInNoRouteText() throws Exception {
        control("POST", "/events", "{\"name\":\"order_completed\"}");
        send("secret.segment-events", "u-secret", "{\"type\":\"identify\",\"messageId\":\"s-1\",\"userId\":\"u-secret\","
                + "\"traits\":{\"email\":\"secret@example.com\"}}");
        send("secret.segment-events", "u-secret", "{\"type\":\"track\",\"messageId\":\"s-2\",\"userId\":\"u-secret\","
                + "\"event\":\"Order Completed\"}");
        await("the event resolved through the identity table", () -> {
            List<String> ids = new ArrayList<>();
            control("GET", "/triggers?limit=1000", null).forEach(t -> ids.add(t.path("triggerId").asText()));
            return ids.contains("s-2");
        });

        // the table was created in the user's DataSource, with its user and password: only they open it
        try (Connection connection = DriverManager.getConnection(URL, "identity_owner", PASSWORD);
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT primary_key FROM emarsys_identity WHERE id_value = 'u-secret'")) {
            assertTrue(rs.next());
            assertEquals("secret@example.com", rs.getString(1));
        }
        assertThrows(SQLException.class, () -> DriverManager.getConnection(URL, "identity_owner", "wrong").close());

        List<String> texts = RouteTexts.of(context);
        assertTrue(texts.stream().anyMatch(t -> t.contains("dataSource=secretIdentityStore")),
                "the route names the DataSource bean, nothing more: " + texts);
        for (String text : texts) {
            assertFalse(text.contains(PASSWORD), "the password is in a route: " + text);
        }
    }
}
