package io.camelemarsys.routes;

import java.util.concurrent.atomic.LongAdder;

/** What the Kafka sinks of this JVM did, for the app's status line: records read, written, dead-lettered. */
public final class SinkCounters {

    public static final LongAdder RECORDS_IN = new LongAdder();
    public static final LongAdder CONTACTS_WRITTEN = new LongAdder();
    public static final LongAdder EVENTS_TRIGGERED = new LongAdder();
    public static final LongAdder DEAD_LETTERED = new LongAdder();

    private SinkCounters() {
    }
}
