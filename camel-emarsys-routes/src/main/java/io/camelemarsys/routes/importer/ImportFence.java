package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Fencing for the import: checked inside each of the import's store transactions, just before it commits, and before
 * each chunk it publishes. An instance that lost the import's leadership (a paused leader whose lease another
 * instance took over) fails here instead of writing over the new leader's work.
 */
@FunctionalInterface
public interface ImportFence {

    /** For a store no other instance writes to (tests of the stitching alone). */
    ImportFence NONE = connection -> {
    };

    /**
     * Throws when this instance may no longer write. Runs on the transaction's own connection, so a check against the
     * store's lease row holds until the commit.
     */
    void verify(Connection connection) throws SQLException;
}
