package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import io.camelemarsys.component.export.ExportRows;

/**
 * One run of an import, held in an exchange property while its route runs: the fence of the leadership it started
 * under, the sources due, and the source being imported: its store connection, store, stitcher, export rows and counts.
 */
final class ImportRun {

    final ImportFence fence;
    final List<String> sources;

    String source;
    boolean full;
    boolean list;
    String id;
    Instant started;
    /** The source's members in the store (a changes run), or null. */
    ImportMembers members;
    /** How many rows the source holds, for the time-left estimate; 0 when unknown. */
    long total;
    Connection connection;
    ProfileStore store;
    Stitcher stitcher;
    ExportRows rows;
    RowChunks chunks;
    Stitcher.Result result;
    long published;
    long optInsWritten;
    long lastLog;

    ImportRun(ImportFence fence, List<String> sources) {
        this.fence = fence;
        this.sources = sources;
    }

    /** Starts a source: what its predecessor held is gone. */
    void startSource(String source, Instant started) {
        closeSource();
        this.source = source;
        this.started = started;
        this.list = source.startsWith("list:");
        this.id = source.substring(source.indexOf(':') + 1);
        this.total = 0;
        this.result = new Stitcher.Result();
        this.published = 0;
        this.optInsWritten = 0;
        this.lastLog = System.nanoTime();
    }

    /** Checks the fence on the run's connection: throws once this instance may no longer write. */
    void verifyFence() throws SQLException {
        fence.verify(connection);
    }

    /** Closes the export's rows, the store's statements and the connection, whatever state the source ended in. */
    void closeSource() {
        if (rows != null) {
            rows.close();
            rows = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        if (members != null) {
            members.close();
            members = null;
        }
        stitcher = null;
        chunks = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // given back to the pool as well as it can be; the run's outcome is what counts
            }
            connection = null;
        }
    }
}
