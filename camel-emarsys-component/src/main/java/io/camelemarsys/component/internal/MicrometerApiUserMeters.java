package io.camelemarsys.component.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/** The Micrometer side of {@link ApiUserMeters}; loaded only when Micrometer is on the class path. */
final class MicrometerApiUserMeters {

    private MicrometerApiUserMeters() {
    }

    static void bind(CamelContext context, ApiUserPool pool, String auth) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry == null) {
            return;
        }
        for (PoolMember member : pool.members()) {
            // a meter with the same name and tags is registered once: the first pool of a user keeps it, and every
            // pool of the same credentials shares its member (and so its counts)
            FunctionCounter.builder("emarsys.api.calls", member, PoolMember::calls)
                    .description("Emarsys API requests the API user sent that Emarsys answered")
                    .tag("user", member.name()).tag("auth", auth).register(registry);
            Gauge.builder("emarsys.api.budget.remaining", member, m -> m.budget().remaining())
                    .description("Requests left in the API user's rate window (X-RateLimit-Remaining); -1 unknown")
                    .tag("user", member.name()).tag("auth", auth).register(registry);
            Gauge.builder("emarsys.api.pool.active", pool, p -> p.active().contains(member) ? 1 : 0)
                    .description("1 while the API user is in the pool, 0 once Emarsys refused its credentials")
                    .tag("user", member.name()).tag("auth", auth).register(registry);
        }
    }
}
