package io.camelemarsys.component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

import io.camelemarsys.component.internal.CredentialRefusal;

/**
 * Readiness of an emarsys producer: one cheap authenticated call ({@code GET /settings}) every healthCheckInterval,
 * in the background, so that a health request answers at once with the last result, even when Emarsys does not
 * answer at all. Refused credentials show as DOWN with their cause and the time of the next try. Down carries the
 * HTTP status and the reply code, never a credential. Registered only when producer health checks are enabled
 * ({@code camel.health.producers-enabled=true}), as in Camel.
 */
public final class EmarsysProducerHealthCheck implements HealthCheck {

    /** The outcome of one background check: a failure, or null for success. */
    private record Checked(Instant at, EmarsysApiException failure) {
    }

    private final EmarsysEndpoint endpoint;
    private final String id;
    private volatile boolean enabled = true;
    private volatile Checked last;
    private volatile Instant inFlightSince;
    private ScheduledFuture<?> refresh;

    public EmarsysProducerHealthCheck(EmarsysEndpoint endpoint, String id) {
        this.endpoint = endpoint;
        this.id = id;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** Starts the background checks (the first at once), unless they run already. */
    synchronized void start() {
        if (refresh == null) {
            refresh = endpoint.getComponent().healthChecks().scheduleWithFixedDelay(this::check, 0,
                    endpoint.getConfiguration().getHealthCheckInterval(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the background checks (interrupting one in flight). */
    synchronized void stop() {
        if (refresh != null) {
            refresh.cancel(true);
            refresh = null;
        }
    }

    private void check() {
        inFlightSince = Instant.now();
        try {
            endpoint.operationContext().client().check("/settings");
            last = new Checked(Instant.now(), null);
        } catch (EmarsysApiException e) {
            last = new Checked(Instant.now(), e);
        } catch (RuntimeException e) {
            last = new Checked(Instant.now(), new EmarsysApiException("GET /settings", 0, -1, e.toString(), e));
        } finally {
            inFlightSince = null;
        }
    }

    /** The last background result, at once; the first call starts the background checks if nothing did. */
    @Override
    public Result call(Map<String, Object> options) {
        start();
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        builder.detail("service", endpoint.getServiceUrl()).detail("authMode",
                endpoint.getConfiguration().getAuthMode().name());
        CredentialRefusal refusal = endpoint.operationContext().client().refusal();
        CredentialRefusal.State refused = refusal.state();
        String cause = refusal.describe();
        if (refused != null && cause != null) {
            return builder.down().message(cause).detail(HTTP_RESPONSE_CODE, refused.httpStatus())
                    .detail("replyCode", refused.replyCode()).build();
        }
        Instant since = inFlightSince;
        long interval = endpoint.getConfiguration().getHealthCheckInterval();
        if (since != null && Duration.between(since, Instant.now()).toMillis() > interval) {
            return builder.down().message("Emarsys has not answered GET /settings for "
                    + Duration.between(since, Instant.now()).toSeconds() + " s (since " + since + ")").build();
        }
        Checked checked = last;
        if (checked == null) {
            return builder.unknown().message("the first check of the connection is running").build();
        }
        builder.detail("checkedAt", checked.at().toString());
        if (checked.failure() == null) {
            return builder.up().build();
        }
        EmarsysApiException e = checked.failure();
        return builder.down().message(e.getMessage()).error(e)
                .detail(HTTP_RESPONSE_CODE, e.getHttpResponseCode())
                .detail("replyCode", e.getReplyCode()).build();
    }
}
