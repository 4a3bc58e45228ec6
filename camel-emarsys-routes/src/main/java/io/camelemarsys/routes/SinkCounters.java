package io.camelemarsys.routes;

import java.util.concurrent.atomic.LongAdder;

/** What the Kafka sinks of this JVM did, for the app's status line: records read, written, dead-lettered. */
public final class SinkCounters {

    public static final LongAdder RECORDS_IN = new LongAdder();
    public static final LongAdder CONTACTS_WRITTEN = new LongAdder();
    public static final LongAdder EVENTS_TRIGGERED = new LongAdder();
    public static final LongAdder DEAD_LETTERED = new LongAdder();

    /** End-to-end latencies (record timestamp to commit) of the last 200,000 records, in milliseconds. */
    private static final long[] LATENCIES = new long[200_000];
    private static long latencyCount;

    private SinkCounters() {
    }

    static synchronized void latency(long millis) {
        LATENCIES[(int) (latencyCount++ % LATENCIES.length)] = millis;
    }

    /** The latency at {@code percentile} (0..100) of the recorded ones, or -1 when none were recorded. */
    public static synchronized long latencyPercentile(double percentile) {
        int n = (int) Math.min(latencyCount, LATENCIES.length);
        if (n == 0) {
            return -1;
        }
        long[] sorted = java.util.Arrays.copyOf(LATENCIES, n);
        java.util.Arrays.sort(sorted);
        return sorted[Math.min(n - 1, (int) Math.ceil(percentile / 100.0 * n) - 1)];
    }

    /** Forgets recorded latencies and counts (between benchmark runs). */
    public static synchronized void reset() {
        latencyCount = 0;
        RECORDS_IN.reset();
        CONTACTS_WRITTEN.reset();
        EVENTS_TRIGGERED.reset();
        DEAD_LETTERED.reset();
    }
}
