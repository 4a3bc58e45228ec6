package io.camelemarsys.kamelets;

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
 * One JDBC connection per URL per JVM (embedded H2 by default, PostgreSQL by URL) and the versioned schema scripts
 * of the stores that live in it, each applied once and recorded in {@code emarsys_schema_version}.
 */
public final class JdbcDatabase {

    private static final Map<String, Connection> OPEN = new ConcurrentHashMap<>();

    private JdbcDatabase() {
    }

    /** The connection to {@code url} with the schema of {@code component} (script {@code /db/<component>/V1__<component>.sql}). */
    public static synchronized Connection open(String url, String user, String password, String component) {
        try {
            Connection connection = OPEN.get(url);
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(url, user, password);
                OPEN.put(url, connection);
            }
            migrate(connection, component);
            return connection;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot open the " + component + " store at "
                    + JdbcLogin.redacted(url) + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(Connection connection, String component) throws SQLException, IOException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS emarsys_schema_version (component VARCHAR(64) NOT NULL, "
                    + "version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL, PRIMARY KEY (component, version))");
        }
        try (PreparedStatement check = connection.prepareStatement(
                "SELECT COUNT(*) FROM emarsys_schema_version WHERE component = ? AND version = 1")) {
            check.setString(1, component);
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
        }
        String script;
        try (InputStream in = JdbcDatabase.class.getResourceAsStream("/db/" + component + "/V1__" + component + ".sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO emarsys_schema_version (component, version, applied_at) VALUES (?, 1, ?)")) {
            insert.setString(1, component);
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }
}
