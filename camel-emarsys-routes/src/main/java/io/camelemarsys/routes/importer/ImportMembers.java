package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The members of the source a changes run imports, in the store (table emarsys_import_member, migration
 * db/store/V6__import_members.sql) under the import's name, so that a segment of any size costs no heap: written in
 * batches as the members reply yields them, then looked up a batch of export rows at a time.
 */
final class ImportMembers implements AutoCloseable {

    /** Member ids inserted per batch, and per transaction (checked by the fence before it commits). */
    static final int WRITE_BATCH = 5000;

    private static final String DELETE = "DELETE FROM emarsys_import_member WHERE import_name = ?";
    private static final String INSERT = "INSERT INTO emarsys_import_member (import_name, contact_id) VALUES (?, ?)";
    /**
     * A batch that lists a member already stored (a segment that changed while it was paged through) is written
     * again with this, which skips such ids; the plain insert costs half as much, so it is tried first.
     */
    private static final String INSERT_NEW = "INSERT INTO emarsys_import_member (import_name, contact_id) SELECT ?, ? "
            + "WHERE NOT EXISTS (SELECT 1 FROM emarsys_import_member WHERE import_name = ? AND contact_id = ?)";
    /** SQLSTATE of a unique constraint violated, in H2 and PostgreSQL alike. */
    private static final String DUPLICATE = "23505";
    private static final String COUNT = "SELECT COUNT(*) FROM emarsys_import_member WHERE import_name = ?";

    private final Connection connection;
    private final String importName;
    private final BatchLookup lookup;

    /** @param lookupSize the ids one look-up statement takes at most on H2 (see {@link BatchLookup}) */
    ImportMembers(Connection connection, ImportName importName, int lookupSize) {
        this.connection = connection;
        this.importName = importName.name();
        this.lookup = new BatchLookup(connection, "emarsys_import_member", "import_name", "contact_id",
                List.of("contact_id"), lookupSize);
    }

    /**
     * Replaces the import's members with these ids (as their text), stored in batches as the iterator yields them;
     * returns how many members the import has now. Each batch commits after the fence's check, so an instance that
     * lost the import's leadership stops before it overwrites the members of the new leader's run.
     */
    long replace(Iterator<?> ids, ImportFence fence) {
        return FencedTransactions.run(connection, "Storing the members of the import " + importName, () -> {
            try (PreparedStatement delete = connection.prepareStatement(DELETE);
                 PreparedStatement insert = connection.prepareStatement(INSERT);
                 PreparedStatement insertNew = connection.prepareStatement(INSERT_NEW)) {
                delete.setString(1, importName);
                delete.executeUpdate();
                FencedTransactions.commit(connection, fence);
                List<String> batch = new ArrayList<>(WRITE_BATCH);
                while (ids.hasNext()) {
                    batch.add(String.valueOf(ids.next()));
                    if (batch.size() == WRITE_BATCH || !ids.hasNext()) {
                        write(batch, insert, insertNew);
                        FencedTransactions.commit(connection, fence);
                        batch.clear();
                    }
                }
                return count();
            }
        });
    }

    /** Inserts a batch of ids; if one of them is stored already, the batch again, skipping those. */
    private void write(List<String> batch, PreparedStatement insert, PreparedStatement insertNew) throws SQLException {
        try {
            for (String id : batch) {
                insert.setString(1, importName);
                insert.setString(2, id);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            if (!duplicate(e)) {
                throw e;
            }
            FencedTransactions.rollback(connection);
            insert.clearBatch();
            for (String id : batch) {
                insertNew.setString(1, importName);
                insertNew.setString(2, id);
                insertNew.setString(3, importName);
                insertNew.setString(4, id);
                insertNew.addBatch();
            }
            insertNew.executeBatch();
        }
    }

    private static boolean duplicate(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (DUPLICATE.equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Which of these ids are members of the import ({@link BatchLookup}). */
    Set<String> among(Collection<String> ids) {
        Set<String> members = new HashSet<>();
        try {
            lookup.forEach(importName, new ArrayList<>(ids), row -> members.add(row.getString(1)));
            return members;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the members of the import " + importName + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Closes the look-up statement (the connection is not this class's). */
    @Override
    public void close() {
        lookup.close();
    }

    private long count() throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(COUNT)) {
            query.setString(1, importName);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
