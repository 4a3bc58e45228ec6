package io.camelemarsys.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The identity table in a user's DataSource: its migrations, its links and what it answers per message. */
class IdentityTableTest {

    private static JdbcDataSource database(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    private static IdentityTable table(JdbcDataSource dataSource) {
        IdentityTable table = new IdentityTable();
        table.setDataSource(dataSource);
        return table;
    }

    @Test
    void identifyAndAliasLinkIdsAndEveryMessageGetsItsContact() {
        IdentityTable table = table(database("identity-links"));
        List<Map<String, Object>> messages = List.of(
                Map.of("type", "track", "anonymousId", "a-1"),
                Map.of("type", "identify", "anonymousId", "a-1", "userId", "u-1", "traits", Map.of("email", "ann@x")),
                Map.of("type", "alias", "previousId", "a-2", "userId", "u-1"),
                Map.of("type", "page", "anonymousId", "a-2"),
                Map.of("type", "alias", "previousId", "nobody", "userId", "u-9"),
                Map.of("type", "track", "userId", "u-9"));
        assertEquals(Arrays.asList("ann@x", "ann@x", "ann@x", "ann@x", null, null), table.contacts(messages),
                "a track before its identify in the same batch resolves too; an alias of unknown ids links nothing");

        // a later batch: the links are kept; an identify without traits.email keeps its contact
        assertEquals(List.of("ann@x"), table.contacts(List.of(Map.of("type", "identify", "userId", "u-1"))));
        assertEquals(List.of("bob@x", "bob@x"), table.contacts(List.of(
                Map.of("type", "identify", "anonymousId", "a-1", "traits", Map.of("email", "bob@x")),
                Map.of("type", "track", "anonymousId", "a-1"))), "a later identify moves the id to its contact");
    }

    @Test
    void aDatabaseThatAlreadyHoldsTheTableIsBaselinedAndKeepsItsLinks() throws Exception {
        JdbcDataSource dataSource = database("identity-before-flyway");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // what the hand-written runner of earlier versions left in an H2 file
            statement.execute("CREATE TABLE emarsys_schema_version (component VARCHAR(64) NOT NULL, version INTEGER "
                    + "NOT NULL, applied_at TIMESTAMP NOT NULL, PRIMARY KEY (component, version))");
            statement.execute("CREATE TABLE emarsys_identity (id_type VARCHAR(16) NOT NULL, id_value VARCHAR(255) NOT "
                    + "NULL, primary_key VARCHAR(255) NOT NULL, updated_at TIMESTAMP NOT NULL, PRIMARY KEY (id_type, id_value))");
            statement.execute("INSERT INTO emarsys_identity VALUES ('user', 'u-old', 'old@x', CURRENT_TIMESTAMP)");
        }
        assertEquals(List.of("old@x"), table(dataSource).contacts(List.of(Map.of("type", "track", "userId", "u-old"))));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT \"version\", \"type\", \"success\" FROM \""
                     + IdentityTable.HISTORY_TABLE + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            List<String> history = new ArrayList<>();
            while (rs.next()) {
                history.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
            }
            assertEquals(List.of("0 BASELINE true", "1 SQL true"), history,
                    "baselined at 0, then V1 (CREATE TABLE IF NOT EXISTS) applied over the existing table");
        }
    }

    @Test
    void withoutADataSourceTheErrorNamesTheProperty() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new IdentityTable().contacts(List.of(Map.of("type", "track"))));
        assertTrue(e.getMessage().contains("dataSource (default emarsysStore)"), e.getMessage());
    }
}
