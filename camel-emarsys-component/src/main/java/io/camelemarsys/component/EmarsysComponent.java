package io.camelemarsys.component;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

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

    /** How often calls of all endpoints waited for a rate budget (after a 429 or a spent budget). */
    public long rateLimitWaits() {
        return budgets.values().stream().mapToLong(RateBudget::waits).sum();
    }
}
