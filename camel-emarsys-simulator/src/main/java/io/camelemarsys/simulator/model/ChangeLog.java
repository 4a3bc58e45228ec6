package io.camelemarsys.simulator.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every contact change made through the API, as {@code POST /contact/getchanges} reads it: when, which contact, and
 * the source id of the call. Kept as primitive arrays so that millions of changes cost a few bytes each. Seeded
 * contacts are a data import and are not logged, as Emarsys leaves imports out of the changes export.
 */
public final class ChangeLog {

    private long[] times = new long[1024];
    private long[] contactIds = new long[1024];
    private int[] sourceIds = new int[1024];
    private int size;

    public synchronized void record(Instant at, long contactId, int sourceId) {
        if (size == times.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            contactIds = Arrays.copyOf(contactIds, capacity);
            sourceIds = Arrays.copyOf(sourceIds, capacity);
        }
        times[size] = at.toEpochMilli();
        contactIds[size] = contactId;
        sourceIds[size] = sourceId;
        size++;
    }

    /**
     * Ids of the contacts changed in {@code [from, to)}, in the order of their first change there. A source id of 0
     * means any source.
     */
    public synchronized Set<Long> changedBetween(Instant from, Instant to, int sourceId) {
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        Set<Long> ids = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            if (times[i] >= start && times[i] < end && (sourceId == 0 || sourceIds[i] == sourceId)) {
                ids.add(contactIds[i]);
            }
        }
        return ids;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized void clear() {
        size = 0;
    }
}
