package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The store: its pool, its migrations (fresh, and a database made by the hand-written runner before Flyway). */
class EmarsysStoreTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void aFreshDatabaseGetsEveryMigration(String kind) throws Exception {
        try (EmarsysStore store = TestStores.open(EmarsysStoreTest.class, kind)) {
            assertEquals(List.of("1:profiles", "2:state and idempotency", "3:lease", "4:profile due and contact keys", "6:import members"), applied(store));
            assertTablesExist(store);
        }
    }

    /** On H2 a file, as the app's default made it; on PostgreSQL the same tables made by the same runner. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void aDatabaseMadeByTheOldRunnerKeepsItsDataAndIsMigrated(String kind) throws Exception {
        String url = TestStores.H2.equals(kind)
                ? "jdbc:h2:file:" + Files.createTempDirectory("store-old").resolve("camel-emarsys") + ";AUTO_SERVER=TRUE"
                : TestStores.emptyDatabase(EmarsysStoreTest.class, kind);
        String user = TestStores.user(kind);
        try (Connection old = DriverManager.getConnection(url, user, "")) {
            makeTheOldWay(old);
        }
        try (EmarsysStore store = EmarsysStore.open(url, user, "")) {
            assertEquals(List.of("0:<< Flyway Baseline >>", "1:profiles", "2:state and idempotency", "3:lease", "4:profile due and contact keys", "6:import members"), applied(store));
            assertTablesExist(store);
            try (Connection c = store.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT data FROM emarsys_profile WHERE profile_id = 'p-1'")) {
                assertTrue(rs.next(), "the profile written before the migration is still there");
                assertEquals("{\"profileId\":\"p-1\"}", rs.getString(1));
            }
            try (Connection c = store.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT profile_id FROM emarsys_profile_due")) {
                assertTrue(rs.next() && rs.getString(1).equals("p-1"), "never published, so due for publishing (V4)");
            }
        }
        try (EmarsysStore again = EmarsysStore.open(url, user, "")) {
            assertEquals(6, applied(again).size(), "a second start applies nothing more");
        }
    }

    @Test
    void thePasswordIsNeverShown() {
        String password = "Store-Pw-7731";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmarsysStore.open(
                "jdbc:postgresql://127.0.0.1:1/emarsys?password=" + password + "&connectTimeout=1", "emarsys", password));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(password), trace.toString());
        assertTrue(e.getMessage().contains("127.0.0.1:1/emarsys") && e.getMessage().contains("as user emarsys")
                && e.getMessage().contains("emarsys.store.jdbc-url"), e.getMessage());
        String url = "jdbc:h2:mem:store-secret-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (EmarsysStore store = EmarsysStore.open(url, "sa", password)) {
            assertFalse(store.toString().contains(password), store.toString());
            assertTrue(store.toString().contains("as user sa"), store.toString());
        }
    }

    /** What the hand-written runner of earlier versions made: its own version table and the profile tables. */
    static void makeTheOldWay(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS emarsys_schema_version (component VARCHAR(64) NOT NULL, "
                    + "version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL, PRIMARY KEY (component, version))");
            s.execute("CREATE TABLE IF NOT EXISTS emarsys_profile (profile_id VARCHAR(64) NOT NULL PRIMARY KEY, "
                    + "created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, data_hash BIGINT NOT NULL, "
                    + "published_hash BIGINT, data TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS emarsys_profile_key (key_type VARCHAR(16) NOT NULL, "
                    + "key_value VARCHAR(255) NOT NULL, profile_id VARCHAR(64) NOT NULL, PRIMARY KEY (key_type, key_value))");
            s.execute("INSERT INTO emarsys_schema_version VALUES ('profiles', 1, CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO emarsys_profile VALUES ('p-1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, NULL, "
                    + "'{\"profileId\":\"p-1\"}')");
        }
    }

    /** The successful migrations in the history table, as version:description. */
    static List<String> applied(EmarsysStore store) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = store.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"description\" FROM \"" + EmarsysStore.HISTORY_TABLE
                     + "\" WHERE \"success\" = TRUE AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                versions.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return versions;
    }

    static void assertTablesExist(EmarsysStore store) throws SQLException {
        try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("emarsys_profile", "emarsys_profile_key", "emarsys_profile_due", "emarsys_state", "emarsys_idempotency", "emarsys_import_member")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    assertTrue(rs.next(), table);
                }
            }
        }
    }
}
