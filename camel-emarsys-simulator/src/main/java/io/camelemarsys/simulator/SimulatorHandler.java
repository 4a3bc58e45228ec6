package io.camelemarsys.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.Headers;

import io.camelemarsys.simulator.api.EventApi;
import io.camelemarsys.simulator.api.OAuthApi;
import io.camelemarsys.simulator.auth.ApiUsers;
import io.camelemarsys.simulator.auth.AuthFailure;
import io.camelemarsys.simulator.auth.OAuthTokens;
import io.camelemarsys.simulator.auth.WsseVerifier;
import io.camelemarsys.simulator.control.ControlApi;
import io.camelemarsys.simulator.http.ApiError;
import io.camelemarsys.simulator.http.FaultInjector;
import io.camelemarsys.simulator.http.HttpExchange;
import io.camelemarsys.simulator.http.HttpServer;
import io.camelemarsys.simulator.http.Journal;
import io.camelemarsys.simulator.http.RateLimiter;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;
import io.camelemarsys.simulator.http.Router;
import io.camelemarsys.simulator.http.Stats;

/**
 * Every request passes here, in the order a real gateway would apply it: faults, authentication (WSSE on
 * {@code /api/v2}, bearer tokens on {@code /api/v3}), the rate budget, then the resource. Every reply gets a
 * {@code Date} header from the (possibly offset) server clock, and a journal entry.
 */
final class SimulatorHandler implements HttpServer.Handler {

    static final String V2 = "/api/v2";
    static final String V3 = "/api/v3";
    /** General request body limit (Emarsys documents 10 MB); contact writes have their own 8 MB limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(SimulatorHandler.class.getName());
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Router api;
    private final ControlApi control;
    private final OAuthApi oauth;
    private final WsseVerifier wsse;
    private final OAuthTokens tokens;
    private final ApiUsers users;
    private final RateLimiter rateLimiter;
    private final FaultInjector faults;
    private final Journal journal;
    private final Stats stats;
    private final Supplier<Instant> clock;

    SimulatorHandler(Router api, ControlApi control, OAuthApi oauth, WsseVerifier wsse, OAuthTokens tokens,
                     ApiUsers users, RateLimiter rateLimiter, FaultInjector faults, Journal journal, Stats stats,
                     Supplier<Instant> clock) {
        this.api = api;
        this.control = control;
        this.oauth = oauth;
        this.wsse = wsse;
        this.tokens = tokens;
        this.users = users;
        this.rateLimiter = rateLimiter;
        this.faults = faults;
        this.journal = journal;
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String path = exchange.uri().getPath();
        String method = exchange.method();
        String auth = "none";
        String user = null;
        String claimed = null;
        Response response;
        Map<String, String> rateHeaders = null;
        long requestBytes = 0;
        List<String> triggerIds = List.of();
        boolean dropReply = false;
        try {
            byte[] body = Request.readBody(exchange.requestBody(), MAX_BODY_BYTES);
            requestBytes = body.length;
            triggerIds = EventApi.sentTriggerIds(method, path, body);
            if (path.startsWith(ControlApi.PREFIX + "/") || path.equals(ControlApi.PREFIX)) {
                auth = "control";
                Request request = new Request(method, path.substring(ControlApi.PREFIX.length()),
                        exchange.uri().getRawQuery(), exchange.requestHeaders(), body);
                response = control.handle(request);
            } else {
                stats.requests.increment();
                FaultInjector.Decision fault = faults.next();
                dropReply = fault.dropReply();
                if (fault.delayMillis() > 0) {
                    sleep(fault.delayMillis());
                }
                if (fault.drop()) {
                    stats.connectionsDropped.increment();
                    record(exchange, path, 0, -1, requestBytes, 0, "dropped", null, null, started, triggerIds,
                            false);
                    exchange.drop(); // no status line at all: the client sees the connection closed
                    return;
                }
                if (fault.serverError() > 0) {
                    stats.serverErrorsInjected.increment();
                    response = serverError(fault.serverError());
                } else if (path.equals(OAuthApi.PATH)) {
                    auth = "oauth2-token";
                    if (faults.refuseCredentials()) {
                        throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "the refuseCredentials fault is on");
                    }
                    claimed = OAuthApi.basicClientId(exchange.requestHeaders().getFirst("Authorization"));
                    response = oauth.token(new Request(method, path, exchange.uri().getRawQuery(),
                            exchange.requestHeaders(), body));
                } else {
                    Headers requestHeaders = exchange.requestHeaders();
                    String apiPath;
                    if (path.startsWith(V2 + "/")) {
                        auth = "wsse";
                        apiPath = path.substring(V2.length());
                        String header = requestHeaders.getFirst("X-WSSE");
                        header = header != null ? header : requestHeaders.getFirst("WSSE");
                        claimed = attribute(USERNAME, header); // journaled even when refused
                        user = wsse.verify(header);
                    } else if (path.startsWith(V3 + "/")) {
                        auth = "oauth2";
                        apiPath = path.substring(V3.length());
                        claimed = tokens.verify(requestHeaders.getFirst("Authorization"));
                        if (!users.clientActive(claimed)) {
                            throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "the OAuth2 client was revoked");
                        }
                        user = claimed;
                    } else {
                        throw ApiError.notFound(1001, "Unknown resource " + path
                                + ": the API lives under /api/v2 (WSSE) and /api/v3 (OAuth2)");
                    }
                    if (faults.refuseCredentials()) {
                        throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "the refuseCredentials fault is on");
                    }
                    // one budget per API user (each WSSE user, each OAuth2 client of the account); a WSSE user and an
                    // OAuth2 client are different API users even when their names coincide
                    RateLimiter.Decision budget = rateLimiter.acquire(auth + ':' + user);
                    rateHeaders = Map.of("X-RateLimit-Limit", Integer.toString(budget.limit()),
                            "X-Ratelimit-Remaining", Integer.toString(budget.remaining()),
                            "X-RateLimit-Reset", Long.toString(budget.resetEpochSecond()));
                    boolean forced429 = faults.takeBurst();
                    if (!budget.allowed() || forced429) {
                        stats.rateLimited.increment();
                        if (forced429 && faults.bareRateLimit()) {
                            rateHeaders = null;
                        }
                        throw new ApiError(429, 7003,
                                "Too many requests for this account and resource within the last minute");
                    }
                    Request apiRequest = new Request(method, apiPath, exchange.uri().getRawQuery(),
                            exchange.requestHeaders(), body);
                    apiRequest.principal(user);
                    response = api.resolve(apiRequest).handle(apiRequest);
                }
            }
        } catch (AuthFailure e) {
            stats.authFailures.increment();
            response = Response.error(e).header("X-Simulator-Reason", e.reason());
            if ("oauth2".equals(auth)) {
                response.header("WWW-Authenticate", "Bearer realm=\"emarsys\"");
            }
        } catch (ApiError e) {
            response = Response.error(e);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Simulator failed on " + method + " " + path, e);
            response = Response.envelope(500, 6001, "Request interpretation error", "");
        }
        // journal first: a client that reads the journal right after its reply must find its request there
        record(exchange, path, response.status(), response.replyCode(), requestBytes, response.length(), auth, user,
                user != null ? user : claimed, started, triggerIds, dropReply);
        if (dropReply) {
            // processed, and the reply lost on the way: the client sees the connection closed
            stats.repliesDropped.increment();
            exchange.drop();
            return;
        }
        send(exchange, response, rateHeaders);
    }

    private void send(HttpExchange exchange, Response response, Map<String, String> rateHeaders) {
        Map<String, String> headers = exchange.responseHeaders();
        headers.put("Date", HTTP_DATE.format(clock.get()));
        headers.put("Content-Type", response.contentType());
        if (rateHeaders != null) {
            headers.putAll(rateHeaders);
        }
        headers.putAll(response.headers());
        try (OutputStream out = exchange.sendResponseHeaders(response.status(), response.length())) {
            response.writeBody(out);
        } catch (IOException e) {
            // the client went away mid-stream (a cancelled download); nothing more to send
            LOG.log(Level.FINE, "Client closed the connection", e);
            exchange.drop();
        }
    }

    private static Response serverError(int status) {
        if (status == 500) {
            return Response.envelope(500, 1003, "Internal database error, please try again later", "");
        }
        String text = status == 502 ? "502 Bad Gateway" : "503 Service Temporarily Unavailable";
        byte[] html = ("<html><head><title>" + text + "</title></head><body><h1>" + text + "</h1></body></html>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Response.stream(status, "text/html", out -> out.write(html));
    }

    private void record(HttpExchange exchange, String path, int status, int replyCode, long requestBytes,
                        long responseBytes, String auth, String user, String claimedUser, long started,
                        List<String> triggerIds, boolean replyDropped) {
        journal.add(new Journal.Entry(Instant.now().toString(), exchange.method(), path,
                exchange.uri().getRawQuery(), status, replyCode, requestBytes, responseBytes, auth, user,
                (System.nanoTime() - started) / 1_000_000, triggerIds, replyDropped,
                attribute(CREATED, exchange.requestHeaders().getFirst("X-WSSE")), claimedUser));
    }

    private static final java.util.regex.Pattern CREATED = java.util.regex.Pattern.compile(
            "(?i)Created\\s*=\\s*\"([^\"]*)\"");
    private static final java.util.regex.Pattern USERNAME = java.util.regex.Pattern.compile(
            "(?i)Username\\s*=\\s*\"([^\"]*)\"");

    /** An attribute (Created, Username) of an X-WSSE header, or null. */
    private static String attribute(java.util.regex.Pattern attribute, String header) {
        if (header == null) {
            return null;
        }
        java.util.regex.Matcher m = attribute.matcher(header);
        return m.find() ? m.group(1) : null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
