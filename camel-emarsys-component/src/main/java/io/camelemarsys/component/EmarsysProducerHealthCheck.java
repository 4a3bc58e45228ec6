package io.camelemarsys.component;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of an emarsys producer: one cheap authenticated call ({@code GET /settings}). Down carries the HTTP
 * status and the reply code, never a credential. Registered only when producer health checks are enabled
 * ({@code camel.health.producers-enabled=true}), as in Camel.
 */
public final class EmarsysProducerHealthCheck implements HealthCheck {

    private final EmarsysEndpoint endpoint;
    private final String id;
    private volatile boolean enabled = true;

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

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        builder.detail("service", endpoint.getServiceUrl()).detail("authMode",
                endpoint.getConfiguration().getAuthMode().name());
        try {
            endpoint.operationContext().client().call("GET", "/settings", null);
            return builder.up().build();
        } catch (EmarsysApiException e) {
            return builder.down().message(e.getMessage()).error(e)
                    .detail(HTTP_RESPONSE_CODE, e.getHttpResponseCode())
                    .detail("replyCode", e.getReplyCode()).build();
        }
    }
}
