package io.camelemarsys.app;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.camelemarsys.routes.EmarsysStore;

/**
 * The app's store and what lives in it, bound before the routes are built: the pooled, migrated DataSource
 * {@code emarsysStore} from {@code emarsys.store.jdbc-url}, {@code -user} and {@code -password} (each also from its
 * {@code EMARSYS_STORE_JDBC_*} variable; the embedded H2 file when no URL is set), closed with the app.
 */
public final class StoreConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        EmarsysStore.of(context);
    }
}
