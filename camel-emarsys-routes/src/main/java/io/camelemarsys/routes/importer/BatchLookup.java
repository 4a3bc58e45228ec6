package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * Looks many values of one column up at once, among the rows of one value of another column: the rows of
 * {@code table} where {@code fixedColumn = ?} and {@code valueColumn} is one of the values. The statement is prepared
 * once, in the form that uses the primary key ({@code fixedColumn}, {@code valueColumn}) on each database:
 * <ul>
 * <li>PostgreSQL: {@code valueColumn = ANY (?)}, the values as one array. An index scan whatever the table's
 * statistics; a VALUES list joined to a table the run is filling was planned as a scan of all its rows (87 ms a
 * key look-up on average in a run of 200,000 rows; 224 ms a member look-up against 300,000 members).</li>
 * <li>H2: a VALUES list of {@code listSize} values joined to the table, a short one padded with its last value. H2
 * uses an index for an IN or ANY only on the index's first column, so it would read every row of the fixed value.</li>
 * </ul>
 */
final class BatchLookup implements AutoCloseable {

    /** Reads one row of the result. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private final Connection connection;
    private final boolean asArray;
    private final String sql;
    private final int listSize;
    private PreparedStatement statement;

    /** @param columns the columns to read, {@code valueColumn} among them as the look-up needs */
    BatchLookup(Connection connection, String table, String fixedColumn, String valueColumn, List<String> columns,
                int listSize) {
        this.connection = connection;
        this.asArray = isPostgreSql(connection);
        this.listSize = listSize;
        this.sql = asArray
                ? "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE " + fixedColumn + " = ? AND "
                        + valueColumn + " = ANY (?)"
                : "SELECT " + String.join(", ", columns.stream().map(column -> "t." + column).toList()) + " FROM (VALUES "
                        + String.join(", ", Collections.nCopies(listSize, "(?)")) + ") AS v(x) JOIN " + table + " t ON t."
                        + fixedColumn + " = ? AND t." + valueColumn + " = v.x";
    }

    /** Hands each row whose {@code fixedColumn} is {@code fixed} and whose value is one of {@code values} to the reader. */
    void forEach(String fixed, List<String> values, RowReader reader) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        PreparedStatement query = statement();
        if (asArray) {
            query.setString(1, fixed);
            query.setArray(2, connection.createArrayOf("varchar", values.toArray()));
            read(query, reader);
            return;
        }
        for (int from = 0; from < values.size(); from += listSize) {
            List<String> slice = values.subList(from, Math.min(values.size(), from + listSize));
            for (int i = 0; i < listSize; i++) {
                query.setString(1 + i, slice.get(Math.min(i, slice.size() - 1)));
            }
            query.setString(1 + listSize, fixed);
            read(query, reader);
        }
    }

    private static void read(PreparedStatement query, RowReader reader) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }

    private PreparedStatement statement() throws SQLException {
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
        }
        return statement;
    }

    /** Closes the statement (the connection is not this look-up's). */
    @Override
    public void close() {
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException e) {
                // closing: nothing left to save
            }
            statement = null;
        }
    }

    /** Whether the store is PostgreSQL (else H2, the other store this code is written for). */
    static boolean isPostgreSql(Connection connection) {
        try {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the store's database product failed: " + e.getMessage(), e);
        }
    }
}
