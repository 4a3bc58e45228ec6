package io.camelemarsys.routes.cluster;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;

import io.camelemarsys.routes.EmarsysStore;

/** The lease cluster service on an embedded H2 store, migrated by the store's own migrations. */
class StoreLeaseClusterServiceH2Test extends StoreLeaseClusterServiceContract {

    private static final EmarsysStore STORE = EmarsysStore.open("jdbc:h2:mem:lease-test;DB_CLOSE_DELAY=-1", "", "");

    @AfterAll
    static void close() {
        STORE.close();
    }

    @Override
    DataSource store() {
        return STORE;
    }
}
