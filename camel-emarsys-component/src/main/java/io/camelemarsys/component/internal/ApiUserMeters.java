package io.camelemarsys.component.internal;

import org.apache.camel.CamelContext;

/**
 * Per-API-user figures in Micrometer, when Micrometer is on the class path and a MeterRegistry is in the Camel
 * registry: {@code emarsys.api.calls} (requests a user sent that Emarsys answered), {@code emarsys.api.budget.remaining}
 * (its requests left in the current window, as X-RateLimit-Remaining told; -1 before the first reply) and
 * {@code emarsys.api.pool.active} (1 while the user is in the pool, 0 once refused), each tagged {@code user} (the
 * user name or client id, never a secret) and {@code auth}. Without Micrometer nothing happens.
 */
public final class ApiUserMeters {

    private static final String REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

    private ApiUserMeters() {
    }

    public static void bind(CamelContext context, ApiUserPool pool, String auth) {
        if (context.getClassResolver().resolveClass(REGISTRY_CLASS) == null) {
            return;
        }
        MicrometerApiUserMeters.bind(context, pool, auth);
    }
}
