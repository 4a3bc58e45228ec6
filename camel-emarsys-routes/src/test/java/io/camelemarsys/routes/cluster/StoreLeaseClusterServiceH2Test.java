package io.camelemarsys.routes.cluster;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

/** The lease cluster service on the embedded H2 store. */
class StoreLeaseClusterServiceH2Test extends StoreLeaseClusterServiceContract {

    private static final JdbcDataSource STORE = new JdbcDataSource();

    @BeforeAll
    static void migrate() throws Exception {
        STORE.setURL("jdbc:h2:mem:lease-test;DB_CLOSE_DELAY=-1");
        try (InputStream in = StoreLeaseClusterServiceH2Test.class.getResourceAsStream("/db/store/V3__lease.sql");
             Connection connection = STORE.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Override
    DataSource store() {
        return STORE;
    }
}
