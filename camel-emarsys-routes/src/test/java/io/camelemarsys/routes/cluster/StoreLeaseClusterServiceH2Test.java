package io.camelemarsys.routes.cluster;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;

import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.TestStores;

/** The lease cluster service on an embedded H2 store, migrated by the store's own migrations. */
class StoreLeaseClusterServiceH2Test extends StoreLeaseClusterServiceContract {

    private static final EmarsysStore STORE = TestStores.open(StoreLeaseClusterServiceH2Test.class, TestStores.H2);

    @AfterAll
    static void close() {
        STORE.close();
    }

    @Override
    DataSource store() {
        return STORE;
    }
}
