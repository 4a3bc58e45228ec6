package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The sinks' meters belong to one CamelContext: two contexts in one JVM never count each other's records. */
class SinkMetersTest {

    @Test
    void eachContextHasItsOwnMeters() throws Exception {
        try (CamelContext first = new DefaultCamelContext(); CamelContext second = new DefaultCamelContext()) {
            SinkMeters.of(first).received("contacts", 5);
            SinkMeters.of(first).records("contacts", SinkMeters.DELIVERED, 4);
            SinkMeters.of(first).records("events", SinkMeters.DEAD_LETTERED, 1);
            SinkMeters.of(first).latency("contacts", 40);
            MeterRegistry a = registry(first);
            assertSame(a, registry(first), "one registry per context, bound on first use");
            SinkMeters.of(second).received("contacts", 0);
            assertNotSame(a, registry(second));

            assertEquals(5, SinkMeters.of(first).received());
            assertEquals(4, SinkMeters.of(first).records(SinkMeters.DELIVERED, "contacts", "optins"));
            assertEquals(1, SinkMeters.of(first).records(SinkMeters.DEAD_LETTERED));
            assertEquals(40, SinkMeters.of(first).latencyPercentile("contacts", 99));
            assertEquals(0, SinkMeters.of(second).received(), "the other context counted nothing");
            assertEquals(0, SinkMeters.of(second).records(SinkMeters.DELIVERED, "contacts"));
            assertEquals(-1, SinkMeters.of(second).latencyPercentile("contacts", 99));
        }
    }

    @Test
    void theMetersLandInTheRegistryCamelMicrometerBound() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            SimpleMeterRegistry bound = new SimpleMeterRegistry();
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, bound);
            SinkMeters.of(context).records("segment-events", SinkMeters.DELIVERED, 3);
            assertEquals(3.0, bound.get(SinkMeters.RECORDS).tag("sink", "segment-events").tag("outcome", "delivered")
                    .counter().count());
            assertSame(bound, registry(context));
        }
    }

    @Test
    void forgottenLatenciesStartAnew() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            SinkMeters meters = SinkMeters.of(context);
            meters.latency("contacts", 5000);
            meters.forgetLatencies("contacts");
            assertEquals(-1, meters.latencyPercentile("contacts", 50));
            meters.latency("contacts", 20);
            assertEquals(20, meters.latencyPercentile("contacts", 50));
        }
    }

    private static MeterRegistry registry(CamelContext context) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        assertNotNull(registry);
        return registry;
    }
}
