package io.camelemarsys.routes;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.CamelContext;

/**
 * What the Kafka sinks of one CamelContext did, for the app's status line and the benchmarks: records read, written,
 * dead-lettered, and end-to-end latencies. One instance per context, kept in its registry, so that two contexts in
 * one JVM (tests, an app embedding ours) never count each other's records.
 */
public final class SinkCounters {

    /** The registry name of a context's counters. */
    public static final String BEAN_NAME = "emarsysSinkCounters";

    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder contactsWritten = new LongAdder();
    private final LongAdder eventsTriggered = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();

    /** End-to-end latencies (record timestamp to commit) of the last 200,000 records, in milliseconds. */
    private final long[] latencies = new long[200_000];
    private long latencyCount;

    /** The counters of this context, made and bound on first use. */
    public static SinkCounters of(CamelContext context) {
        synchronized (context) {
            SinkCounters counters = context.getRegistry().lookupByNameAndType(BEAN_NAME, SinkCounters.class);
            if (counters == null) {
                counters = new SinkCounters();
                context.getRegistry().bind(BEAN_NAME, counters);
            }
            return counters;
        }
    }

    void recordsIn(int count) {
        recordsIn.add(count);
    }

    void contactsWritten(int count) {
        contactsWritten.add(count);
    }

    void eventsTriggered(int count) {
        eventsTriggered.add(count);
    }

    void deadLettered(int count) {
        deadLettered.add(count);
    }

    public long recordsIn() {
        return recordsIn.sum();
    }

    public long contactsWritten() {
        return contactsWritten.sum();
    }

    public long eventsTriggered() {
        return eventsTriggered.sum();
    }

    public long deadLettered() {
        return deadLettered.sum();
    }

    synchronized void latency(long millis) {
        latencies[(int) (latencyCount++ % latencies.length)] = millis;
    }

    /** The latency at {@code percentile} (0..100) of the recorded ones, or -1 when none were recorded. */
    public synchronized long latencyPercentile(double percentile) {
        int n = (int) Math.min(latencyCount, latencies.length);
        if (n == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(percentile / 100.0 * n) - 1)];
    }

    /** Forgets recorded latencies and counts (between benchmark runs). */
    public synchronized void reset() {
        latencyCount = 0;
        recordsIn.reset();
        contactsWritten.reset();
        eventsTriggered.reset();
        deadLettered.reset();
    }
}
