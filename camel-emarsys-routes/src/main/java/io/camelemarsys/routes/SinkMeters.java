package io.camelemarsys.routes;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * What the Kafka sinks of one CamelContext did, as Micrometer meters in that context's MeterRegistry (the one
 * camel-micrometer binds, so the app shows them on {@code /observe/metrics}):
 * <ul>
 * <li>{@value #RECEIVED} (counter, tag {@code sink}): Kafka records read, redeliveries included;</li>
 * <li>{@value #RECORDS} (counter, tags {@code sink}, {@code outcome} = {@code delivered} or {@code deadlettered}):
 * records Emarsys accepted, and dead letters written;</li>
 * <li>{@value #LATENCY} (timer, tag {@code sink}, percentiles 0.5 and 0.99): record timestamp to offset commit.</li>
 * </ul>
 * The tag {@code sink} is contacts, optins, events, contactlists or segment-events. A context without a MeterRegistry
 * (a plain Camel app) gets a SimpleMeterRegistry bound in its own registry on first use, so two contexts in one JVM
 * never count each other's records.
 */
public final class SinkMeters {

    public static final String RECEIVED = "emarsys.sink.records.received";
    public static final String RECORDS = "emarsys.sink.records";
    public static final String LATENCY = "emarsys.sink.latency";
    public static final String DELIVERED = "delivered";
    public static final String DEAD_LETTERED = "deadlettered";

    private final MeterRegistry registry;

    private SinkMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of this context: in the MeterRegistry camel-micrometer bound, else in one bound now. */
    public static SinkMeters of(CamelContext context) {
        synchronized (context) {
            MeterRegistry registry = context.getRegistry().lookupByNameAndType(
                    MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
            if (registry == null) {
                registry = context.getRegistry().findSingleByType(MeterRegistry.class);
            }
            if (registry == null) {
                registry = new SimpleMeterRegistry();
                context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
            }
            return new SinkMeters(registry);
        }
    }

    void received(String sink, int count) {
        Counter.builder(RECEIVED).description("Kafka records a sink read, redeliveries included")
                .tag("sink", sink).register(registry).increment(count);
    }

    void records(String sink, String outcome, int count) {
        Counter.builder(RECORDS).description("Records a sink delivered to Emarsys or dead-lettered")
                .tag("sink", sink).tag("outcome", outcome).register(registry).increment(count);
    }

    void latency(String sink, long millis) {
        latencyTimer(sink).record(millis, TimeUnit.MILLISECONDS);
    }

    private Timer latencyTimer(String sink) {
        return Timer.builder(LATENCY).description("From a Kafka record's timestamp to the commit of its offset")
                .tag("sink", sink).publishPercentiles(0.5, 0.99).percentilePrecision(2).register(registry);
    }

    /** Records read by all sinks. */
    public long received() {
        return sum(registry.find(RECEIVED).counters());
    }

    /** Records of the given sinks with this outcome ({@link #DELIVERED} or {@link #DEAD_LETTERED}). */
    public long records(String outcome, String... sinks) {
        long total = 0;
        for (String sink : sinks) {
            total += sum(registry.find(RECORDS).tag("outcome", outcome).tag("sink", sink).counters());
        }
        return total;
    }

    /** Records of all sinks with this outcome. */
    public long records(String outcome) {
        return sum(registry.find(RECORDS).tag("outcome", outcome).counters());
    }

    /**
     * The latency of {@code sink} at {@code percentile} (50 or 99) in milliseconds, or -1 when none was recorded
     * since the start or {@link #forgetLatencies}.
     */
    public long latencyPercentile(String sink, double percentile) {
        Timer timer = registry.find(LATENCY).tag("sink", sink).timer();
        if (timer == null || timer.count() == 0) {
            return -1;
        }
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            if (value.percentile() == percentile / 100.0) {
                return Math.round(value.value(TimeUnit.MILLISECONDS));
            }
        }
        throw new IllegalArgumentException("No percentile " + percentile + " is kept for " + LATENCY
                + ": use 50 or 99");
    }

    /** Forgets the latencies of {@code sink} (between benchmark runs): its timer starts anew. */
    public void forgetLatencies(String sink) {
        Timer timer = registry.find(LATENCY).tag("sink", sink).timer();
        if (timer != null) {
            registry.remove(timer);
        }
    }

    private static long sum(Collection<Counter> counters) {
        return Math.round(counters.stream().mapToDouble(Counter::count).sum());
    }
}
