package io.camelemarsys.kamelets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * The Segment-events sink's identity table: which contact (its key, for example the e-mail) an anonymousId or a
 * userId stands for, in the {@link DataSource} the user binds (the app binds {@code emarsysStore}). Its schema is
 * migrated by Flyway from {@code classpath:db/identity} on first use, with its own history table, so it shares a
 * database with other stores; a database that already holds the table (made before migrations) is baselined.
 */
public final class IdentityTable {

    public static final String HISTORY_TABLE = "emarsys_identity_schema_history";

    private DataSource dataSource;
    private String primaryKey = "traits.email";
    private volatile boolean migrated;

    /** The database of the table (the Kamelet's {@code dataSource}, a bean name). */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Where an identify carries the contact's key, as a dotted message path. */
    public void setPrimaryKey(String primaryKey) {
        this.primaryKey = primaryKey;
    }

    /**
     * Links the ids of a batch's identify and alias messages, then answers, per message, the contact it stands for
     * (for an alias: the contact its ids were linked to), or null; all in one transaction.
     */
    public List<String> contacts(List<Map<String, Object>> messages) {
        migrate();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                List<String> contacts = contacts(connection, messages);
                connection.commit();
                return contacts;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The identity table failed: " + e.getMessage(), e);
        }
    }

    private List<String> contacts(Connection connection, List<Map<String, Object>> messages) throws SQLException {
        String[] aliased = new String[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            Map<String, Object> message = messages.get(i);
            Object type = message.get("type");
            if ("identify".equals(type)) {
                String key = text(SegmentPaths.get(message, primaryKey));
                if (key == null) {
                    key = resolve(connection, message);
                }
                link(connection, "anonymous", text(message.get("anonymousId")), key);
                link(connection, "user", text(message.get("userId")), key);
            } else if ("alias".equals(type)) {
                String previous = text(message.get("previousId"));
                String key = firstNonNull(find(connection, "user", previous), find(connection, "anonymous", previous),
                        resolve(connection, message));
                aliased[i] = key;
                link(connection, "user", previous, key);
                link(connection, "anonymous", previous, key);
                link(connection, "user", text(message.get("userId")), key);
            }
        }
        List<String> contacts = new ArrayList<>(Arrays.asList(aliased));
        for (int i = 0; i < messages.size(); i++) {
            if (!"alias".equals(messages.get(i).get("type"))) {
                contacts.set(i, resolve(connection, messages.get(i)));
            }
        }
        return contacts;
    }

    /** The schema, once per bean: Flyway with this table's own history, baselined on a database made before it. */
    private void migrate() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                if (dataSource == null) {
                    throw new IllegalStateException("The identity table has no DataSource: bind a javax.sql.DataSource "
                            + "bean and name it in the Kamelet property dataSource (default emarsysStore)");
                }
                Flyway.configure().dataSource(dataSource).locations("classpath:db/identity").table(HISTORY_TABLE)
                        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
                migrated = true;
            }
        }
    }

    /** The contact a message's userId or anonymousId is linked to. */
    private static String resolve(Connection connection, Map<String, Object> message) throws SQLException {
        return firstNonNull(find(connection, "user", text(message.get("userId"))),
                find(connection, "anonymous", text(message.get("anonymousId"))));
    }

    /** Links an id ({@code anonymous} or {@code user}) to a contact key; a later link replaces an earlier one. */
    private static void link(Connection connection, String idType, String idValue, String key) throws SQLException {
        if (idValue == null || key == null || key.isBlank()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE emarsys_identity SET primary_key = ?, updated_at = ? WHERE id_type = ? AND id_value = ?")) {
            update.setString(1, key);
            update.setTimestamp(2, now);
            update.setString(3, idType);
            update.setString(4, idValue);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO emarsys_identity (id_type, id_value, primary_key, updated_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, idType);
            insert.setString(2, idValue);
            insert.setString(3, key);
            insert.setTimestamp(4, now);
            insert.executeUpdate();
        }
    }

    private static String find(Connection connection, String idType, String idValue) throws SQLException {
        if (idValue == null) {
            return null;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT primary_key FROM emarsys_identity WHERE id_type = ? AND id_value = ?")) {
            query.setString(1, idType);
            query.setString(2, idValue);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
