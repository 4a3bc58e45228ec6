package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The sinks' counters belong to one CamelContext: two contexts in one JVM never count each other's records. */
class SinkCountersTest {

    @Test
    void eachContextHasItsOwnCounters() throws Exception {
        try (CamelContext first = new DefaultCamelContext(); CamelContext second = new DefaultCamelContext()) {
            SinkCounters a = SinkCounters.of(first);
            assertSame(a, SinkCounters.of(first), "one instance per context, kept in its registry");
            SinkCounters b = SinkCounters.of(second);
            assertNotSame(a, b);
            a.recordsIn(5);
            a.latency(40);
            assertEquals(5, a.recordsIn());
            assertEquals(0, b.recordsIn(), "the other context counted nothing");
            assertEquals(40, a.latencyPercentile(99));
            assertEquals(-1, b.latencyPercentile(99));
        }
    }
}
