package io.camelemarsys.component;

import java.time.Clock;
import java.time.Duration;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.util.ObjectHelper;

import io.camelemarsys.component.auth.WsseSigner;
import io.camelemarsys.component.internal.EmarsysClient;
import io.camelemarsys.component.internal.FieldDirectory;
import io.camelemarsys.component.internal.NameDirectory;
import io.camelemarsys.component.internal.OAuth2Tokens;
import io.camelemarsys.component.operation.OperationContext;

/**
 * Calls the Emarsys Core API: contacts, fields, external events, contact lists, segments, exports, settings, and any
 * other call (raw); consumes contact changes and segment snapshots (export/changes, export/segment).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "emarsys", title = "Emarsys", syntax = "emarsys:apiName/methodName",
             category = { Category.SAAS, Category.API }, headersClass = EmarsysConstants.class)
public class EmarsysEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    @UriParam
    private EmarsysConfiguration configuration;

    private final EmarsysOperation operation;
    private OperationContext operationContext;

    public EmarsysEndpoint(String uri, EmarsysComponent component, EmarsysOperation operation,
                           EmarsysConfiguration configuration) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
    }

    @Override
    public EmarsysComponent getComponent() {
        return (EmarsysComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new EmarsysProducer(this);
    }

    /** export/changes (incremental, with a watermark) and export/segment (snapshots) can be consumed. */
    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (operation != EmarsysOperation.EXPORT_CHANGES && operation != EmarsysOperation.EXPORT_SEGMENT) {
            throw new IllegalArgumentException("emarsys:" + operation.uriPath() + " cannot be consumed; only "
                    + "from(\"emarsys:export/changes?...\") and from(\"emarsys:export/segment?...\") can, the others are "
                    + "for to(...)");
        }
        if (!"rows".equals(configuration.getOutputType())) {
            throw new IllegalArgumentException("emarsys:" + operation.uriPath() + " as a consumer emits one exchange "
                    + "per row; outputType '" + configuration.getOutputType() + "' is for to(...): leave it out (rows)");
        }
        EmarsysExportConsumer consumer = new EmarsysExportConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        validate();
        EmarsysComponent component = getComponent();
        String apiUser = configuration.getBaseUrl() + "|" + configuration.getAuthMode() + "|"
                + (configuration.getAuthMode() == EmarsysAuthMode.oauth2 ? configuration.getClientId()
                        : configuration.getUsername());
        WsseSigner signer = configuration.getAuthMode() == EmarsysAuthMode.wsse
                ? component.signer(apiUser, configuration.getUsername(), configuration.getSecret()) : null;
        OAuth2Tokens tokens = configuration.getAuthMode() == EmarsysAuthMode.oauth2
                ? component.tokens(apiUser, configuration.getTokenUrl(), configuration.getClientId(),
                        configuration.getClientSecret()) : null;
        EmarsysClient client = new EmarsysClient(configuration, component.httpClient(apiUser, configuration), signer,
                tokens, component.budget(apiUser), component.refusal(apiUser + "|" + (signer != null
                        ? configuration.getSecret() : configuration.getTokenUrl() + "|" + configuration.getClientSecret())
                        .hashCode(), apiUserLabel()));
        String account = apiUser + "|" + configuration.effectiveApiVersion();
        int ttl = configuration.getFieldCacheTtlSeconds();
        operationContext = new OperationContext(configuration, client, language -> component.fieldDirectory(account,
                language, ttl, () -> new FieldDirectory(client, language, Duration.ofSeconds(ttl), Clock.systemUTC())),
                names(component, account, "/event", client), names(component, account, "/contactlist", client));
    }

    private NameDirectory names(EmarsysComponent component, String account, String path, EmarsysClient client) {
        int ttl = configuration.getFieldCacheTtlSeconds();
        return component.nameDirectory(account, path, ttl,
                () -> new NameDirectory(client, path, Duration.ofSeconds(ttl), Clock.systemUTC()));
    }

    /** Drops the client, so that the component's stop releases the HTTP client. */
    @Override
    protected void doStop() throws Exception {
        operationContext = null;
        super.doStop();
    }

    /** The API user for logs and health: the auth mode, the first letters of the user name or client id, the host. */
    private String apiUserLabel() {
        String user = configuration.getAuthMode() == EmarsysAuthMode.oauth2 ? configuration.getClientId()
                : configuration.getUsername();
        return configuration.getAuthMode() + " API user " + user.substring(0, Math.min(2, user.length() / 3))
                + "*** at " + configuration.getBaseUrl();
    }

    /** Missing or contradicting options fail at start, with the property to set. */
    private void validate() {
        if (ObjectHelper.isEmpty(configuration.getBaseUrl())) {
            throw new IllegalArgumentException("emarsys: baseUrl is empty; set camel.component.emarsys.base-url");
        }
        if (configuration.getAuthMode() == EmarsysAuthMode.oauth2) {
            if (ObjectHelper.isEmpty(configuration.getClientId()) || ObjectHelper.isEmpty(configuration.getClientSecret())) {
                throw new IllegalArgumentException("emarsys: auth-mode oauth2 needs clientId and clientSecret; set "
                        + "camel.component.emarsys.client-id and camel.component.emarsys.client-secret");
            }
        } else if (ObjectHelper.isEmpty(configuration.getUsername()) || ObjectHelper.isEmpty(configuration.getSecret())) {
            throw new IllegalArgumentException("emarsys: auth-mode wsse needs username and secret; set "
                    + "camel.component.emarsys.username and camel.component.emarsys.secret (or use auth-mode oauth2)");
        }
        String version = configuration.effectiveApiVersion();
        if (!"v2".equals(version) && !"v3".equals(version)) {
            throw new IllegalArgumentException("emarsys: apiVersion '" + version + "' is not v2 or v3");
        }
        if (configuration.getLanguage() == null || !configuration.getLanguage().matches("[a-z]{2}")) {
            throw new IllegalArgumentException("emarsys: language '" + configuration.getLanguage()
                    + "' is not a two-letter code such as en or de");
        }
        if (configuration.getAuthFailureInitialDelay() < 1
                || configuration.getAuthFailureMaxDelay() < configuration.getAuthFailureInitialDelay()) {
            throw new IllegalArgumentException("emarsys: authFailureInitialDelay must be at least 1 ms and at most "
                    + "authFailureMaxDelay, were " + configuration.getAuthFailureInitialDelay() + " and "
                    + configuration.getAuthFailureMaxDelay());
        }
        if (configuration.getHealthCheckInterval() < 1) {
            throw new IllegalArgumentException("emarsys: healthCheckInterval must be at least 1 ms, was "
                    + configuration.getHealthCheckInterval());
        }
        both("eventId", configuration.getEventId(), "eventName", configuration.getEventName());
        both("listId", configuration.getListId(), "listName", configuration.getListName());
        if (configuration.getBatchSize() < 1) {
            throw new IllegalArgumentException("emarsys: batchSize must be at least 1, was " + configuration.getBatchSize());
        }
    }

    private static void both(String idOption, String id, String nameOption, String name) {
        if (ObjectHelper.isNotEmpty(id) && ObjectHelper.isNotEmpty(name)) {
            throw new IllegalArgumentException("emarsys: both " + idOption + " ('" + id + "') and " + nameOption + " ('"
                    + name + "') are set; set only one of them");
        }
    }

    public EmarsysConfiguration getConfiguration() {
        return configuration;
    }

    /** The component options; the URI's parameters override the component's. */
    public void setConfiguration(EmarsysConfiguration configuration) {
        this.configuration = configuration;
    }

    public EmarsysOperation getOperation() {
        return operation;
    }

    OperationContext operationContext() {
        return operationContext;
    }

    @Override
    public String getServiceUrl() {
        return configuration.getBaseUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "https".equals(java.net.URI.create(configuration.getBaseUrl()).getScheme()) ? "https" : "http";
    }
}
