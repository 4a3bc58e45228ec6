package io.camelemarsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import io.camelemarsys.routes.SinkMeters;

/**
 * The status line reads the sinks' meters from the registry the app scrapes on {@code /observe/metrics}: its text
 * is the one monitoring parses, and the same numbers are visible under their Prometheus names.
 */
class AppStatusTest {

    @Test
    void theStatusLineSumsTheSinksMeters() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, prometheus);
            count(prometheus, SinkMeters.RECEIVED, 7, "sink", "contacts");
            count(prometheus, SinkMeters.RECEIVED, 2, "sink", "events");
            count(prometheus, SinkMeters.RECORDS, 3, "sink", "contacts", "outcome", SinkMeters.DELIVERED);
            count(prometheus, SinkMeters.RECORDS, 1, "sink", "optins", "outcome", SinkMeters.DELIVERED);
            count(prometheus, SinkMeters.RECORDS, 5, "sink", "contactlists", "outcome", SinkMeters.DELIVERED);
            count(prometheus, SinkMeters.RECORDS, 2, "sink", "events", "outcome", SinkMeters.DELIVERED);
            count(prometheus, SinkMeters.RECORDS, 1, "sink", "contacts", "outcome", SinkMeters.DEAD_LETTERED);
            count(prometheus, SinkMeters.RECORDS, 1, "sink", "segment-events", "outcome", SinkMeters.DEAD_LETTERED);

            assertEquals("camel-emarsys | records in: 9 | contacts written: 4 | events triggered: 2 | dead-lettered: 2"
                    + " | 429 waits: 0 | import: not configured", new AppStatus().line(new DefaultExchange(context)));
            String scrape = prometheus.scrape();
            assertTrue(scrape.contains("emarsys_sink_records_total{outcome=\"delivered\",sink=\"contacts\"} 3.0"), scrape);
            assertTrue(scrape.contains("emarsys_sink_records_received_total{sink=\"events\"} 2.0"), scrape);
        }
    }

    private static void count(PrometheusMeterRegistry registry, String name, int amount, String... tags) {
        Counter.builder(name).tags(tags).register(registry).increment(amount);
    }
}
