package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.SQLException;

import io.camelemarsys.routes.EmarsysStore;

/** A fresh in-memory store with every migration of db/store applied, as the app's store has them. */
final class ProfileTables {

    private ProfileTables() {
    }

    static Connection fresh(String name) throws SQLException {
        return EmarsysStore.open("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "")
                .getConnection();
    }
}
