package io.camelemarsys.component.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysAuthMode;
import io.camelemarsys.component.EmarsysAuthenticationException;
import io.camelemarsys.component.EmarsysConfiguration;
import io.camelemarsys.component.EmarsysRateLimitException;
import io.camelemarsys.component.auth.WsseSigner;

/**
 * Sends one Emarsys call: authentication (a fresh WSSE header per attempt, or a cached bearer token), the shared
 * rate budget, retries of 5xx and I/O errors with bounded exponential backoff, one clock correction on "Time frame
 * is invalid", one token refresh on a 401, and the envelope check (2xx and replyCode 0). After a definite refusal of
 * the credentials, calls of the API user wait for the next probe instead of being sent ({@link CredentialRefusal}).
 * Never logs a body or a credential.
 */
public final class EmarsysClient {

    private static final Logger LOG = LoggerFactory.getLogger(EmarsysClient.class);
    private static final int MAX_RATE_LIMIT_WAITS = 20;

    private final EmarsysConfiguration config;
    private final HttpClient http;
    private final WsseSigner wsse;
    private final OAuth2Tokens tokens;
    private final RateBudget budget;
    private final CredentialRefusal refusal;
    private final String apiRoot;

    public EmarsysClient(EmarsysConfiguration config, HttpClient http, WsseSigner wsse, OAuth2Tokens tokens,
                         RateBudget budget, CredentialRefusal refusal) {
        this.config = config;
        this.http = http;
        this.wsse = wsse;
        this.tokens = tokens;
        this.budget = budget;
        this.refusal = refusal;
        String base = config.getBaseUrl().endsWith("/")
                ? config.getBaseUrl().substring(0, config.getBaseUrl().length() - 1) : config.getBaseUrl();
        this.apiRoot = base + "/api/" + config.effectiveApiVersion();
    }

    public RateBudget budget() {
        return budget;
    }

    /** Whether Emarsys refuses this API user's credentials, shared with every endpoint of the same credentials. */
    public CredentialRefusal refusal() {
        return refusal;
    }

    /** Calls {@code method apiRoot+path} with {@code body} (serialised to JSON, or null) and returns the reply. */
    public Envelope call(String method, String path, Object body) throws EmarsysApiException {
        return execute(method, path, body, false, config.getMaxRetries(), config.getRateLimitMaxWait()).envelope();
    }

    /**
     * A health probe: one attempt, no retry, and no wait for the rate budget or for the next try of refused
     * credentials (either fails at once).
     */
    public Envelope check(String path) throws EmarsysApiException {
        return execute("GET", path, null, false, 0, 0).envelope();
    }

    /**
     * GETs a file (an export's CSV): the open body stream of a 2xx reply that is not an envelope, to be closed by the
     * caller. Authentication, the rate budget, retries and error replies are handled as in {@link #call}.
     */
    public InputStream download(String path) throws EmarsysApiException {
        Result result = execute("GET", path, null, true, config.getMaxRetries(), config.getRateLimitMaxWait());
        if (result.stream() == null) {
            throw new EmarsysApiException("GET /api/" + config.effectiveApiVersion() + path, result.envelope().status(),
                    result.envelope().replyCode(), "expected a file, got an Emarsys reply: "
                            + result.envelope().replyText());
        }
        return result.stream();
    }

    /** An envelope, or the open stream of a file download. */
    private record Result(Envelope envelope, InputStream stream) {
    }

    private Result execute(String method, String path, Object body, boolean file, int maxRetries, long maxWait)
            throws EmarsysApiException {
        String operation = method + " /api/" + config.effectiveApiVersion() + path;
        byte[] json = serialise(body, operation);
        boolean probe = refusal.admit(operation, maxWait);
        try {
            return send(method, path, json, file, maxRetries, maxWait, operation);
        } catch (EmarsysAuthenticationException e) {
            if (definiteRefusal(e)) {
                refusal.refused(e, probe, config.getAuthFailureInitialDelay(), config.getAuthFailureMaxDelay());
            }
            throw e;
        } finally {
            if (probe) {
                refusal.probeDone();
            }
        }
    }

    /**
     * A 401 left after the token refresh, or a token endpoint refusing the client (400 or 401); not a WSSE "Time
     * frame is invalid" (the clock, not the credentials), a 403 (a permission of one endpoint) nor an interrupted
     * token request.
     */
    private static boolean definiteRefusal(EmarsysAuthenticationException e) {
        return (e.getHttpResponseCode() == 401 || e.getHttpResponseCode() == 400)
                && !String.valueOf(e.getReplyText()).contains("Time frame");
    }

    private Result send(String method, String path, byte[] json, boolean file, int maxRetries, long maxWait,
                        String operation) throws EmarsysApiException {
        int attempt = 0;
        int rateWaits = 0;
        boolean clockCorrected = false;
        boolean tokenRefreshed = false;
        long waitedForBudget = 0;
        while (true) {
            waitedForBudget += awaitBudget(operation, waitedForBudget, maxWait);
            HttpRequest request;
            try {
                request = request(method, path, json);
            } catch (EmarsysAuthenticationException e) {
                throw e;
            } catch (EmarsysApiException e) { // the token endpoint answered 5xx or could not be reached
                if (attempt++ < maxRetries) {
                    LOG.debug("{}: {}, retry {} of {}", operation, e.getReplyText(), attempt, maxRetries);
                    backoff(attempt);
                    continue;
                }
                throw e;
            }
            long started = System.nanoTime();
            HttpResponse<InputStream> response;
            String text;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                InputStream body = response.body();
                if (file && response.statusCode() / 100 == 2) {
                    // the body tells a file from an envelope: Emarsys labels its JSON text/html at times
                    BufferedInputStream buffered = new BufferedInputStream(body);
                    if (!startsWithJsonObject(buffered)) {
                        budget.update(response.headers());
                        refusal.accepted();
                        return new Result(null, buffered);
                    }
                    body = buffered;
                }
                try (InputStream in = body) {
                    text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                if (attempt++ < maxRetries) {
                    LOG.debug("{}: I/O error ({}), retry {} of {}", operation, e.getClass().getSimpleName(), attempt,
                            maxRetries);
                    backoff(attempt);
                    continue;
                }
                throw new EmarsysApiException(operation, 0, -1, "I/O error after " + attempt + " attempt(s): "
                        + e.getClass().getSimpleName() + " " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmarsysApiException(operation, 0, -1, "interrupted", e);
            }
            int status = response.statusCode();
            LOG.debug("{} -> HTTP {} in {} ms", operation, status, (System.nanoTime() - started) / 1_000_000);
            budget.update(response.headers());
            Envelope envelope = Envelope.parse(status, text);
            if (status != 401 && status < 500) {
                refusal.accepted(); // the reply came from behind authentication
            }
            if (status != 429) {
                budget.answered();
            }
            if (status == 429) {
                budget.exhausted(response.headers());
                if (++rateWaits <= MAX_RATE_LIMIT_WAITS) {
                    continue;
                }
                throw new EmarsysRateLimitException(operation, code(envelope), text(envelope, response), 0);
            }
            if (status == 401) {
                if (config.getAuthMode() == EmarsysAuthMode.wsse && !clockCorrected && envelope != null
                        && envelope.replyText().contains("Time frame")) {
                    Instant serverNow = ServerDate.of(response.headers());
                    if (serverNow != null) {
                        wsse.correctClock(serverNow);
                        clockCorrected = true;
                        LOG.info("{}: WSSE Created was outside the server's 5-minute window; corrected the clock "
                                + "offset to {} from the reply's Date header", operation, wsse.serverOffset());
                        continue;
                    }
                }
                if (config.getAuthMode() == EmarsysAuthMode.oauth2 && !tokenRefreshed) {
                    tokens.invalidate();
                    tokenRefreshed = true;
                    continue;
                }
                throw new EmarsysAuthenticationException(operation, status, code(envelope), text(envelope, response));
            }
            if (status == 403) {
                throw new EmarsysAuthenticationException(operation, status, code(envelope),
                        text(envelope, response) + " (the API user lacks the permission for this endpoint)");
            }
            if (status >= 500) {
                if (attempt++ < maxRetries) {
                    LOG.debug("{}: HTTP {}, retry {} of {}", operation, status, attempt, maxRetries);
                    backoff(attempt);
                    continue;
                }
                throw new EmarsysApiException(operation, status, code(envelope), text(envelope, response));
            }
            if (envelope == null) {
                throw new EmarsysApiException(operation, status, -1, "not an Emarsys JSON reply (Content-Type "
                        + response.headers().firstValue("Content-Type").orElse("none") + ")");
            }
            if (status == 202 || envelope.ok()) {
                return new Result(envelope, null);
            }
            throw new EmarsysApiException(operation, status, envelope.replyCode(), envelope.replyText());
        }
    }

    private HttpRequest request(String method, String path, byte[] json) throws EmarsysApiException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(apiRoot + path))
                .timeout(Duration.ofMillis(config.getRequestTimeout()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(json));
        if (config.getAuthMode() == EmarsysAuthMode.oauth2) {
            builder.header("Authorization", "Bearer "
                    + tokens.token(http, Duration.ofMillis(config.getRequestTimeout())));
        } else {
            builder.header("X-WSSE", wsse.header()); // a new nonce and Created for every attempt
        }
        return builder.build();
    }

    private long awaitBudget(String operation, long waitedSoFar, long maxWait) throws EmarsysRateLimitException {
        Duration wait = budget.waitTime();
        if (wait.isZero()) {
            return 0;
        }
        if (waitedSoFar + wait.toMillis() > maxWait) {
            throw new EmarsysRateLimitException(operation, 7003, "rate budget spent; it resets in "
                    + wait.toMillis() + " ms, more than rateLimitMaxWait allows", wait.toMillis());
        }
        LOG.debug("{}: rate budget spent, waiting {} ms for the reset", operation, wait.toMillis());
        sleep(wait.toMillis());
        return wait.toMillis();
    }

    private void backoff(int attempt) {
        long delay = Math.min(config.getRetryMaxDelay(), config.getRetryInitialDelay() << Math.min(attempt - 1, 20));
        sleep(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] serialise(Object body, String operation) {
        if (body == null) {
            return null;
        }
        try {
            return Envelope.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(operation + ": the body cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }


    private static int code(Envelope envelope) {
        return envelope == null ? -1 : envelope.replyCode();
    }

    /** Whether the stream, left unread, starts with a JSON object (after whitespace or a BOM). */
    private static boolean startsWithJsonObject(BufferedInputStream in) throws IOException {
        in.mark(64);
        try {
            for (int i = 0; i < 64; i++) {
                int b = in.read();
                if (b == '{') {
                    return true;
                }
                if (b == -1 || !(Character.isWhitespace(b) || b == 0xEF || b == 0xBB || b == 0xBF)) {
                    return false;
                }
            }
            return false;
        } finally {
            in.reset();
        }
    }

    private static String text(Envelope envelope, HttpResponse<?> response) {
        if (envelope != null) {
            return envelope.replyText();
        }
        return "HTTP " + response.statusCode() + " without an Emarsys reply";
    }
}
