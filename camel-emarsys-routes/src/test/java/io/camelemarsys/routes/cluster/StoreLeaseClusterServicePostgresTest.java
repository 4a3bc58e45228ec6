package io.camelemarsys.routes.cluster;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;

import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.TestStores;

/** The lease cluster service on PostgreSQL 15 (one server per test JVM, a database of its own), migrated by the store's own migrations. */
class StoreLeaseClusterServicePostgresTest extends StoreLeaseClusterServiceContract {

    private static final EmarsysStore STORE = TestStores.open(StoreLeaseClusterServicePostgresTest.class, TestStores.POSTGRESQL);

    @AfterAll
    static void close() {
        STORE.close();
    }

    @Override
    DataSource store() {
        return STORE;
    }
}
