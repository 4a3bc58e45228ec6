package io.camelemarsys.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity table: anonymousId and userId to the contact's primary key (for example the e-mail), in JDBC. An
 * embedded H2 file by default ({@code jdbc:h2:file:./data/camel-emarsys}), PostgreSQL by URL. The schema is created at
 * start from the versioned script {@code db/identity/V1__identity.sql}. One table per JDBC URL per JVM.
 */
public final class IdentityTable implements AutoCloseable {

    public static final String DEFAULT_URL = "jdbc:h2:file:./data/camel-emarsys;AUTO_SERVER=TRUE";
    private static final Map<String, IdentityTable> OPEN = new ConcurrentHashMap<>();

    private final Connection connection;

    private IdentityTable(Connection connection) {
        this.connection = connection;
    }

    /** The table behind a JDBC URL, opened (and its schema created) on first use. */
    public static IdentityTable open(JdbcLogin login) {
        return OPEN.computeIfAbsent(login.getUrl(), u -> new IdentityTable(connect(u, login)));
    }

    /** Its own connection and its table (moving to the Kamelets module with migrations of its own; see issue 13). */
    private static Connection connect(String url, JdbcLogin login) {
        try {
            Connection connection = DriverManager.getConnection(url, login.getUser(), login.getPassword());
            try (InputStream in = IdentityTable.class.getResourceAsStream("/db/identity/V1__identity.sql");
                 Statement statement = connection.createStatement()) {
                statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", ""));
            }
            return connection;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot open the identity table at " + JdbcLogin.redacted(url) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Links an id ({@code anonymous} or {@code user}) to a primary key; a later link replaces an earlier one. */
    public synchronized void link(String idType, String idValue, String primaryKey) {
        if (idValue == null || idValue.isBlank() || primaryKey == null || primaryKey.isBlank()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE emarsys_identity SET primary_key = ?, updated_at = ? WHERE id_type = ? AND id_value = ?")) {
            update.setString(1, primaryKey);
            update.setTimestamp(2, Timestamp.from(Instant.now()));
            update.setString(3, idType);
            update.setString(4, idValue);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO emarsys_identity (id_type, id_value, primary_key, updated_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, idType);
                    insert.setString(2, idValue);
                    insert.setString(3, primaryKey);
                    insert.setTimestamp(4, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Writing the identity table failed: " + e.getMessage(), e);
        }
    }

    /** The primary key an id stands for, or null. */
    public synchronized String primaryKey(String idType, String idValue) {
        if (idValue == null || idValue.isBlank()) {
            return null;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT primary_key FROM emarsys_identity WHERE id_type = ? AND id_value = ?")) {
            query.setString(1, idType);
            query.setString(2, idValue);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the identity table failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        OPEN.values().remove(this);
        connection.close();
    }
}
