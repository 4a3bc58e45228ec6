package io.camelemarsys.simulator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import io.camelemarsys.simulator.http.Stats;

/** Everything the simulated Emarsys account holds, plus the timing settings that can change at run time. */
public final class Account {

    public static final String ALL_CONTACTS_SEGMENT = "All contacts";

    private final Supplier<Instant> clock;
    private final long seed;
    private final Stats stats = new Stats();
    private volatile FieldCatalog fields = new FieldCatalog();
    private volatile ContactStore contacts;
    private final ContactListStore lists = new ContactListStore();
    private final EventStore events = new EventStore();
    private final SegmentStore segments = new SegmentStore();
    private final ExportStore exports = new ExportStore();
    private volatile Duration exportDelay;
    private volatile Duration exportRetention;
    private volatile Duration segmentEvaluation;
    private volatile boolean changesDateTime;
    private volatile java.util.Set<Integer> unlistedFieldIds = java.util.Set.of();
    private long generated;

    public Account(Supplier<Instant> clock, long seed, Duration exportDelay, Duration exportRetention,
                   Duration segmentEvaluation) {
        this.clock = clock;
        this.seed = seed;
        this.contacts = new ContactStore(fields, clock);
        this.exportDelay = exportDelay;
        this.exportRetention = exportRetention;
        this.segmentEvaluation = segmentEvaluation;
    }

    public Instant now() {
        return clock.get();
    }

    public Stats stats() {
        return stats;
    }

    public FieldCatalog fields() {
        return fields;
    }

    public ContactStore contacts() {
        return contacts;
    }

    public ContactListStore lists() {
        return lists;
    }

    public EventStore events() {
        return events;
    }

    public SegmentStore segments() {
        return segments;
    }

    public ExportStore exports() {
        return exports;
    }

    public Duration exportDelay() {
        return exportDelay;
    }

    public void exportDelay(Duration exportDelay) {
        this.exportDelay = exportDelay;
    }

    public Duration exportRetention() {
        return exportRetention;
    }

    public void exportRetention(Duration exportRetention) {
        this.exportRetention = exportRetention;
    }

    /** Whether contact/getchanges takes date-times in time_range (off unless Emarsys enabled them). */
    public boolean changesDateTime() {
        return changesDateTime;
    }

    public void changesDateTime(boolean changesDateTime) {
        this.changesDateTime = changesDateTime;
    }

    /** Fields that GET /field leaves out although getdata returns them (some accounts hide ids from the list). */
    public java.util.Set<Integer> unlistedFieldIds() {
        return unlistedFieldIds;
    }

    public void unlistedFieldIds(java.util.Set<Integer> ids) {
        this.unlistedFieldIds = java.util.Set.copyOf(ids);
    }

    public Duration segmentEvaluation() {
        return segmentEvaluation;
    }

    public void segmentEvaluation(Duration segmentEvaluation) {
        this.segmentEvaluation = segmentEvaluation;
    }

    /**
     * Adds {@code count} generated contacts (as a data import: not in the changes export) and makes sure the segment
     * "All contacts" exists.
     */
    public synchronized int generateContacts(int count) {
        ContactGenerator generator = new ContactGenerator(seed + generated, fields);
        for (int i = 0; i < count; i++) {
            Map<Field, Object> values = generator.next(++generated);
            contacts.create(values, 0, false);
        }
        if (segments.all().stream().noneMatch(s -> s.name().equals(ALL_CONTACTS_SEGMENT))) {
            segments.add(ALL_CONTACTS_SEGMENT, "standard", null, null, null, null);
        }
        return count;
    }

    /** Back to an empty account with only the standard fields; counters to zero. */
    public synchronized void reset() {
        fields = new FieldCatalog();
        contacts = new ContactStore(fields, clock);
        lists.clear();
        events.clear();
        segments.clear();
        exports.clear();
        stats.reset();
        generated = 0;
    }
}
