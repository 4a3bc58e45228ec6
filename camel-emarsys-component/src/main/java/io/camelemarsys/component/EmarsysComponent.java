package io.camelemarsys.component;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

import io.camelemarsys.component.internal.CredentialRefusal;
import io.camelemarsys.component.internal.OAuth2Tokens;
import io.camelemarsys.component.internal.RateBudget;
import io.camelemarsys.component.internal.WsseSigner;

/**
 * The {@code emarsys:} component. Its configuration ({@code camel.component.emarsys.*}) is copied into every
 * endpoint; the rate budget, the WSSE clock correction and the OAuth2 token of an API user are shared by every
 * endpoint that uses the same credentials.
 */
@Component("emarsys")
public class EmarsysComponent extends HealthCheckComponent {

    @Metadata
    private EmarsysConfiguration configuration = new EmarsysConfiguration();

    private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, WsseSigner> signers = new ConcurrentHashMap<>();
    private final Map<String, OAuth2Tokens> tokens = new ConcurrentHashMap<>();
    private final Map<String, CredentialRefusal> refusals = new ConcurrentHashMap<>();
    private ScheduledExecutorService healthChecks;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EmarsysOperation operation = EmarsysOperation.fromUriPath(remaining);
        EmarsysConfiguration config = configuration.copy();
        config.setApiName(operation.apiName());
        config.setMethodName(operation.methodName());
        EmarsysEndpoint endpoint = new EmarsysEndpoint(uri, this, operation, config);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public EmarsysConfiguration getConfiguration() {
        return configuration;
    }

    /** The component-level options, copied into every endpoint. */
    public void setConfiguration(EmarsysConfiguration configuration) {
        this.configuration = configuration;
    }

    /** The request budget of one API user (base URL plus user name or client id). */
    RateBudget budget(String apiUser) {
        return budgets.computeIfAbsent(apiUser, u -> new RateBudget(Clock.systemUTC()));
    }

    WsseSigner signer(String apiUser, String username, String secret) {
        return signers.computeIfAbsent(apiUser + "|" + secret.hashCode(), u -> new WsseSigner(username, secret));
    }

    OAuth2Tokens tokens(String apiUser, String tokenUrl, String clientId, String clientSecret) {
        return tokens.computeIfAbsent(apiUser + "|" + tokenUrl + "|" + clientSecret.hashCode(),
                u -> new OAuth2Tokens(tokenUrl, clientId, clientSecret, Clock.systemUTC()));
    }

    /**
     * Whether Emarsys refuses one set of credentials (the API user plus its secret, so that an endpoint with a wrong
     * secret does not stop those with the right one). {@code label} names the user in logs, without a credential.
     */
    CredentialRefusal refusal(String credentials, String label) {
        return refusals.computeIfAbsent(credentials, c -> new CredentialRefusal(label, Clock.systemUTC()));
    }

    /** The one thread that runs the background checks of every producer health check, stopped with the component. */
    synchronized ScheduledExecutorService healthChecks() {
        if (healthChecks == null) {
            healthChecks = getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "EmarsysHealthCheck");
        }
        return healthChecks;
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            if (healthChecks != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(healthChecks);
                healthChecks = null;
            }
        }
        super.doStop();
    }

    /** How often calls of all endpoints waited for a rate budget (after a 429 or a spent budget). */
    public long rateLimitWaits() {
        return budgets.values().stream().mapToLong(RateBudget::waits).sum();
    }
}
