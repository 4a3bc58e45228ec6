package io.camelemarsys.routes.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * The lease rows of the store (table {@code emarsys_lease}, migration {@code db/store/V3__lease.sql}): who holds a
 * named lease, with which fencing token and until when. Expiry is always judged by the database's clock
 * ({@code CURRENT_TIMESTAMP}), so the hosts' clocks never count. Plain SQL that H2 and PostgreSQL both run.
 */
final class LeaseTable {

    /** A lease row as read: its holder (null when released), fencing token and whether it has expired. */
    record Row(String holder, long token, boolean expired) {

        boolean heldBy(String member, long heldToken) {
            return member.equals(holder) && token == heldToken && !expired;
        }

        /** The holder while the lease runs, else null. */
        String activeHolder() {
            return expired ? null : holder;
        }
    }

    private static final String SELECT = "SELECT holder, token, CASE WHEN expires_at <= CURRENT_TIMESTAMP THEN 1 ELSE 0 END"
            + " FROM emarsys_lease WHERE name = ?";

    private final DataSource dataSource;

    LeaseTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * In one transaction with the row locked: renews the lease when {@code member} holds it with {@code token}, takes it
     * (token + 1) when it is free or expired; leaves it alone when another member holds it. Returns the row as it is
     * after.
     */
    Row acquireOrRenew(String name, String member, long token, Duration duration) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Row row = lock(connection, name);
                Row after;
                if (row == null) {
                    // a concurrent first insert of another member fails on the primary key: this tick, not the lease
                    update(connection, "INSERT INTO emarsys_lease (holder, token, expires_at, name) VALUES (?, 1, "
                            + expiry(duration) + ", ?)", name, member);
                    after = new Row(member, 1, false);
                } else if (row.heldBy(member, token)) {
                    update(connection, "UPDATE emarsys_lease SET expires_at = " + expiry(duration) + " WHERE name = ?", name);
                    after = row;
                } else if (row.holder() == null || row.expired()) {
                    update(connection, "UPDATE emarsys_lease SET holder = ?, token = token + 1, expires_at = "
                            + expiry(duration) + " WHERE name = ?", name, member);
                    after = new Row(member, row.token() + 1, false);
                } else {
                    after = row;
                }
                connection.commit();
                return after;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Gives the lease up at once (a clean stop), when {@code member} still holds it with {@code token}. */
    void release(String name, String member, long token) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE emarsys_lease SET holder = NULL, "
                     + "expires_at = CURRENT_TIMESTAMP WHERE name = ? AND holder = ? AND token = ?")) {
            update.setString(1, name);
            update.setString(2, member);
            update.setLong(3, token);
            update.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    /**
     * The row, locked until the end of {@code connection}'s transaction (null when there is none): while it is locked
     * no other member can take the lease over, so a check on it holds until that transaction commits.
     */
    Row lock(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(SELECT + " FOR UPDATE")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), rs.getLong(2), rs.getInt(3) == 1) : null;
            }
        }
    }

    private static void update(Connection connection, String sql, String name, String... values) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            int i = 1;
            for (String value : values) {
                update.setString(i++, value);
            }
            update.setString(i, name);
            update.executeUpdate();
        }
    }

    /** The database's now plus {@code duration}, as an SQL interval literal of seconds (a number, never user text). */
    private static String expiry(Duration duration) {
        return "CURRENT_TIMESTAMP + INTERVAL '" + String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0)
                + "' SECOND";
    }
}
