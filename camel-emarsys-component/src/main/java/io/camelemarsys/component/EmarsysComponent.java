package io.camelemarsys.component;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.util.ObjectHelper;

import io.camelemarsys.component.auth.WsseSigner;
import io.camelemarsys.component.internal.CredentialRefusal;
import io.camelemarsys.component.internal.FieldDirectory;
import io.camelemarsys.component.internal.NameDirectory;
import io.camelemarsys.component.internal.OAuth2Tokens;
import io.camelemarsys.component.internal.RateBudget;

/**
 * The {@code emarsys:} component. Its configuration ({@code camel.component.emarsys.*}) is copied into every
 * endpoint; the HTTP client, the rate budget, the WSSE clock correction and the OAuth2 token of an API user are
 * shared by every endpoint that uses the same credentials, and the field list of an account (per language) by every
 * endpoint of that account. So a new endpoint costs no thread, no connection and no extra read of the field list.
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
    private final Map<String, SharedHttpClient> httpClients = new ConcurrentHashMap<>();
    private final Map<String, FieldDirectory> fieldDirectories = new ConcurrentHashMap<>();
    private final Map<String, NameDirectory> nameDirectories = new ConcurrentHashMap<>();

    /** An HTTP client and the executor it runs on; the component owns and shuts down the executor. */
    private record SharedHttpClient(HttpClient client, ExecutorService executor) {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        EmarsysOperation operation = EmarsysOperation.fromUriPath(remaining);
        EmarsysConfiguration config = configuration.copy();
        config.setApiName(operation.apiName());
        config.setMethodName(operation.methodName());
        EmarsysEndpoint endpoint = new EmarsysEndpoint(uri, this, operation, config);
        dropEmptyConnectionOptions(parameters);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The connection options, where an endpoint's empty value means the component's. */
    private static final List<String> CONNECTION_OPTIONS = List.of("baseUrl", "authMode", "username", "secret",
            "clientId", "clientSecret", "tokenUrl");

    /**
     * Drops the empty connection options of an endpoint URI, so that it keeps the component's: a Kamelet passes
     * {@code baseUrl={{baseUrl}}} with default "", and only the Kamelets given their own account leave the global one.
     */
    private static void dropEmptyConnectionOptions(Map<String, Object> parameters) {
        for (String option : CONNECTION_OPTIONS) {
            if (parameters.containsKey(option) && ObjectHelper.isEmpty(parameters.get(option))) {
                parameters.remove(option);
            }
        }
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

    /**
     * The HTTP client of one API user, built on first use. Endpoints that differ in connectTimeout (a client setting)
     * get their own.
     */
    HttpClient httpClient(String apiUser, EmarsysConfiguration config) {
        return httpClients.computeIfAbsent(apiUser + "|" + config.getConnectTimeout(), key -> {
            ExecutorService executor = getCamelContext().getExecutorServiceManager()
                    .newCachedThreadPool(this, "EmarsysHttpClient");
            HttpClient.Builder builder = HttpClient.newBuilder().executor(executor)
                    .connectTimeout(Duration.ofMillis(config.getConnectTimeout()))
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (config.getBaseUrl().startsWith("http://")) {
                builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance on plain HTTP (the simulator)
            }
            return new SharedHttpClient(builder.build(), executor);
        }).client();
    }

    /**
     * The field directory of one account (base URL, API user and version) in one language, made on first use;
     * endpoints with another fieldCacheTtlSeconds keep their own.
     */
    FieldDirectory fieldDirectory(String account, String language, int ttlSeconds, Supplier<FieldDirectory> factory) {
        return fieldDirectories.computeIfAbsent(account + "|" + language + "|" + ttlSeconds, key -> factory.get());
    }

    /**
     * The event or contact list names of one account ({@code kind} is the list path, /event or /contactlist), made
     * on first use; endpoints with another fieldCacheTtlSeconds keep their own.
     */
    NameDirectory nameDirectory(String account, String kind, int ttlSeconds, Supplier<NameDirectory> factory) {
        return nameDirectories.computeIfAbsent(account + "|" + kind + "|" + ttlSeconds, key -> factory.get());
    }

    /** How many HTTP clients the component holds (one per API user). */
    int httpClientCount() {
        return httpClients.size();
    }

    /**
     * Releases the HTTP clients: Java 17's HttpClient has no close(); its selector thread ends once the client is no
     * longer referenced (the endpoints drop theirs on stop), and its worker threads are the executor's.
     */
    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            if (healthChecks != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(healthChecks);
                healthChecks = null;
            }
        }
        for (SharedHttpClient shared : httpClients.values()) {
            getCamelContext().getExecutorServiceManager().shutdown(shared.executor());
        }
        httpClients.clear();
        fieldDirectories.clear();
        nameDirectories.clear();
        super.doStop();
    }

    /** How often calls of all endpoints waited for a rate budget (after a 429 or a spent budget). */
    public long rateLimitWaits() {
        return budgets.values().stream().mapToLong(RateBudget::waits).sum();
    }
}
