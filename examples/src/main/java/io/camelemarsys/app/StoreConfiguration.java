package io.camelemarsys.app;

import javax.sql.DataSource;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.JdbcIdempotentRepository;
import io.camelemarsys.routes.JdbcStateRepository;

/**
 * The app's store and what lives in it, bound before the routes are built: the pooled, migrated DataSource
 * {@code emarsysStore} from {@code emarsys.store.jdbc-url}, {@code -user} and {@code -password} (each also from its
 * {@code EMARSYS_STORE_JDBC_*} variable; the embedded H2 file when no URL is set), closed with the app; and
 * {@code emarsysStateRepository}, the export consumers' windows in it; and {@code emarsysWebhookRepository}, the
 * webhook's replay and idempotency keys in it, event ids kept for {@code emarsys.webhook.event-id-retention}.
 */
public final class StoreConfiguration implements CamelConfiguration {

    /** The export consumers' windows ({@code camel.component.emarsys.state-repository = #emarsysStateRepository}). */
    static final String STATE_REPOSITORY = "emarsysStateRepository";
    /** The webhook's token ids (until the token expires) and event ids (for the retention), shared by the instances. */
    static final String WEBHOOK_REPOSITORY = "emarsysWebhookRepository";
    static final String EVENT_ID_RETENTION = "emarsys.webhook.event-id-retention";

    @Override
    public void configure(CamelContext context) {
        DataSource store = EmarsysStore.of(context);
        context.getRegistry().bind(STATE_REPOSITORY, new JdbcStateRepository(store));
        JdbcIdempotentRepository webhookKeys = new JdbcIdempotentRepository();
        webhookKeys.setCamelContext(context);
        webhookKeys.setDataSource(store);
        webhookKeys.setRepositoryName("webhook");
        webhookKeys.setRetention(context.getPropertiesComponent().resolveProperty(EVENT_ID_RETENTION).orElse("P7D"));
        context.getRegistry().bind(WEBHOOK_REPOSITORY, webhookKeys);
    }
}
