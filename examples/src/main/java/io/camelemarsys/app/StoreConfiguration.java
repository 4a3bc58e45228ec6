package io.camelemarsys.app;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.JdbcStateRepository;

/**
 * The app's store and what lives in it, bound before the routes are built: the pooled, migrated DataSource
 * {@code emarsysStore} from {@code emarsys.store.jdbc-url}, {@code -user} and {@code -password} (each also from its
 * {@code EMARSYS_STORE_JDBC_*} variable; the embedded H2 file when no URL is set), closed with the app; and
 * {@code emarsysStateRepository}, the export consumers' windows in it.
 */
public final class StoreConfiguration implements CamelConfiguration {

    /** The export consumers' windows ({@code camel.component.emarsys.state-repository = #emarsysStateRepository}). */
    static final String STATE_REPOSITORY = "emarsysStateRepository";

    @Override
    public void configure(CamelContext context) {
        DataSource store = EmarsysStore.of(context);
        context.getRegistry().bind(STATE_REPOSITORY, new JdbcStateRepository(store));
    }
}
