package io.camelemarsys.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import io.camelemarsys.simulator.api.ContactApi;
import io.camelemarsys.simulator.api.ContactListApi;
import io.camelemarsys.simulator.api.EventApi;
import io.camelemarsys.simulator.api.ExportApi;
import io.camelemarsys.simulator.api.FieldApi;
import io.camelemarsys.simulator.api.OAuthApi;
import io.camelemarsys.simulator.api.SegmentApi;
import io.camelemarsys.simulator.api.SettingsApi;
import io.camelemarsys.simulator.auth.ApiUsers;
import io.camelemarsys.simulator.auth.OAuthTokens;
import io.camelemarsys.simulator.auth.WsseVerifier;
import io.camelemarsys.simulator.control.ControlApi;
import io.camelemarsys.simulator.http.FaultInjector;
import io.camelemarsys.simulator.http.Faults;
import io.camelemarsys.simulator.http.HttpServer;
import io.camelemarsys.simulator.http.Journal;
import io.camelemarsys.simulator.http.RateLimiter;
import io.camelemarsys.simulator.http.Router;
import io.camelemarsys.simulator.model.Account;

/**
 * A running Emarsys Core API simulator on a loopback port.
 *
 * <pre>{@code
 * try (EmarsysSimulator sim = EmarsysSimulator.start(SimulatorConfig.builder().seedContacts(100).build())) {
 *     String v2 = sim.baseUrl() + "/api/v2";   // WSSE: sim.config().username() / secret()
 * }
 * }</pre>
 */
public final class EmarsysSimulator implements AutoCloseable {

    private final SimulatorConfig config;
    private final HttpServer server;
    private final Account account;
    private final FaultInjector faults = new FaultInjector();
    private final RateLimiter rateLimiter;
    private final OAuthTokens tokens;
    private final Journal journal;
    private final ApiUsers users;

    private EmarsysSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        Supplier<Instant> clock = () -> Instant.now().plusSeconds(faults.clockOffsetSeconds());
        faults.set(config.faults());
        this.account = new Account(clock, config.seed(), config.exportDelay(), config.exportRetention(),
                config.segmentEvaluation());
        account.changesDateTime(config.changesDateTime());
        this.rateLimiter = new RateLimiter(config.rateLimitPerMinute(), config.rateLimitWindow(), clock);
        this.tokens = new OAuthTokens(config.tokenLifetime(), clock);
        this.journal = new Journal(config.journalCapacity());

        Router api = new Router();
        new ContactApi(account).register(api);
        new FieldApi(account).register(api);
        new EventApi(account).register(api);
        new ContactListApi(account).register(api);
        new SegmentApi(account).register(api);
        new ExportApi(account).register(api);
        new SettingsApi().register(api);

        this.users = new ApiUsers(config.wsseUsers(), config.oauthClients());
        WsseVerifier wsse = new WsseVerifier(users::wsseSecret, clock);
        OAuthApi oauth = new OAuthApi(users, tokens);
        ControlApi control = new ControlApi(account, faults, rateLimiter, tokens, journal, this::seed);
        SimulatorHandler handler = new SimulatorHandler(api, control, oauth, wsse, tokens, users, rateLimiter,
                faults, journal, account.stats(), clock);

        seed();
        this.server = HttpServer.start(config.host(), config.port(), handler);
    }

    /** Starts a simulator; it listens when this returns. */
    public static EmarsysSimulator start(SimulatorConfig config) {
        try {
            return new EmarsysSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Emarsys simulator on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
    }

    public static EmarsysSimulator start() {
        return start(SimulatorConfig.defaults());
    }

    private void seed() {
        if (config.seedContacts() > 0) {
            account.generateContacts(config.seedContacts());
        }
    }

    /** {@code http://127.0.0.1:<port>}: the host root, as the component's {@code baseUrl}. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    /** {@code <baseUrl>/api/v2}, authenticated with WSSE. */
    public String apiV2Url() {
        return baseUrl() + SimulatorHandler.V2;
    }

    /** {@code <baseUrl>/api/v3}, authenticated with OAuth2 bearer tokens. */
    public String apiV3Url() {
        return baseUrl() + SimulatorHandler.V3;
    }

    /** {@code <baseUrl>/oauth2/token}. */
    public String tokenUrl() {
        return baseUrl() + OAuthApi.PATH;
    }

    /** {@code <baseUrl>/_simulator}: the control API. */
    public String controlUrl() {
        return baseUrl() + ControlApi.PREFIX;
    }

    public int port() {
        return server.port();
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The simulated account, for embedded use (tests seeding or inspecting state directly). */
    public Account account() {
        return account;
    }

    /** Changes the faults at run time (same as {@code PUT /_simulator/faults}). */
    public void faults(Faults faults) {
        this.faults.set(faults);
    }

    /** Changes the rate limit at run time; 0 turns it off. */
    public void rateLimitPerMinute(int perMinute) {
        rateLimiter.perMinute(perMinute);
    }

    /**
     * Deletes a WSSE API user at run time, as an admin would: its next requests get 401 / "Credentials are invalid",
     * while the other users go on. A control-API reset does not bring it back.
     */
    public void revokeUser(String username) {
        users.revokeWsseUser(username);
    }

    /** Deletes an OAuth2 client at run time: its token requests and the tokens it holds get 401 from now on. */
    public void revokeOAuthClient(String clientId) {
        users.revokeOAuthClient(clientId);
    }

    /** The requests received, as {@code GET /_simulator/journal} shows them. */
    public Journal journal() {
        return journal;
    }

    /** The counters of {@code GET /_simulator/stats}. */
    public Map<String, Object> stats() {
        return account.stats().snapshot(account.contacts().size());
    }

    /** Stops listening, closes every connection and frees the port. */
    @Override
    public void close() {
        server.close();
    }
}
