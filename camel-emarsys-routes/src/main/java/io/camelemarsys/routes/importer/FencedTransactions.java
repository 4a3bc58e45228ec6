package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work on a connection with auto-commit off, in transactions that each commit only after the {@link ImportFence}'s
 * check ({@link #commit}): an instance that lost the import's leadership stops before its next commit. On a failure
 * the open transaction is rolled back; auto-commit is restored whatever happens, since the connection may be shared.
 */
final class FencedTransactions {

    /** Work on the connection: statements and {@link #commit}s. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    private FencedTransactions() {
    }

    /** Runs {@code work} with auto-commit off; a failure is thrown as an IllegalStateException "{what} failed: ...". */
    static <T> T run(Connection connection, String what, Work<T> work) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                return work.run();
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    /** Commits the open transaction if the fence allows it (the check runs on the same connection, just before). */
    static void commit(Connection connection, ImportFence fence) throws SQLException {
        fence.verify(connection);
        connection.commit();
    }

    /** Rolls the open transaction back; a failure to do so is not reported over the failure that caused it. */
    static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the original failure is the one to report
        }
    }
}
