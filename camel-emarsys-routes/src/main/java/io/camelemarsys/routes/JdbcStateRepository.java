package io.camelemarsys.routes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's {@link StateRepository} in the store (table {@code emarsys_state}): the import's watermarks and the export
 * consumers' windows, so that an instance on another host resumes where the last one stopped. Each call takes a
 * connection from the pool and gives it back; a write is an upsert that holds when two instances write the same key
 * at once, on H2 and on PostgreSQL alike.
 */
public final class JdbcStateRepository extends ServiceSupport implements StateRepository<String, String> {

    /** SQLSTATE of a unique-key violation (H2 and PostgreSQL). */
    static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public JdbcStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void setState(String key, String value) {
        try (Connection connection = dataSource.getConnection()) {
            if (update(connection, key, value)) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO emarsys_state (name, state_value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                insert.setString(1, key);
                insert.setString(2, value);
                insert.executeUpdate();
            } catch (SQLException e) {
                // another instance inserted the key between our update and insert: ours is the later write
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || !update(connection, key, value)) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the state '" + key + "' to the store (table emarsys_state): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String getState(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT state_value FROM emarsys_state WHERE name = ?")) {
            query.setString(1, key);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the state '" + key + "' from the store (table emarsys_state): "
                    + e.getMessage(), e);
        }
    }

    private static boolean update(Connection connection, String key, String value) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE emarsys_state SET state_value = ?, updated_at = CURRENT_TIMESTAMP WHERE name = ?")) {
            update.setString(1, value);
            update.setString(2, key);
            return update.executeUpdate() > 0;
        }
    }

    @Override
    public String toString() {
        return "JdbcStateRepository[" + dataSource + "]";
    }
}
