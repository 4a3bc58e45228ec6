package io.camelemarsys.simulator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Segments, their evaluations and their runs. A member listing starts an evaluation that takes the configured
 * time (202 / 10001 meanwhile); its result is then served for {@link #RESULT_TTL}, so that a client can page through
 * one consistent result. A run does the same in the background and leaves its members in a temporary list.
 */
public final class SegmentStore {

    /** One evaluation: ready at a time, with the members fixed when it started. */
    public record Evaluation(Instant readyAt, long[] members) {
        public boolean ready(Instant now) {
            return !now.isBefore(readyAt);
        }
    }

    /** A segment run: who started it, when it is done, and the temporary list that holds its members. */
    public record Run(long runId, long segmentId, String user, Instant startedAt, Instant readyAt, long[] members,
                      long contactListId) {
        public boolean done(Instant now) {
            return !now.isBefore(readyAt);
        }
    }

    public static final Duration RESULT_TTL = Duration.ofMinutes(10);

    private final Map<Long, Segment> segments = new TreeMap<>();
    private final Map<Long, Evaluation> evaluations = new TreeMap<>();
    private final Map<Long, Run> runs = new TreeMap<>();
    private long nextSegmentId = 900_001L;
    private long nextRunId = 1L;

    public synchronized Segment add(String name, String type, Integer fieldId, String operator, String value,
                                    List<Long> include) {
        Segment segment = new Segment(nextSegmentId++, name, type, fieldId, operator, value,
                include == null ? List.of() : List.copyOf(include));
        segments.put(segment.id(), segment);
        return segment;
    }

    public synchronized Segment get(long id) {
        return segments.get(id);
    }

    public synchronized List<Segment> all() {
        return new ArrayList<>(segments.values());
    }

    /** The evaluation to answer from, starting one when there is none. */
    public synchronized Evaluation evaluation(long segmentId, Instant now, Duration takes, ContactStore contacts,
                                              FieldCatalog catalog) {
        Evaluation current = evaluations.get(segmentId);
        if (current == null || now.isAfter(current.readyAt().plus(RESULT_TTL))) {
            current = new Evaluation(now.plus(takes), members(segments.get(segmentId), contacts, catalog));
            evaluations.put(segmentId, current);
        }
        return current;
    }

    /** The run of this user that is still going, if any: Emarsys runs one segment per admin at a time. */
    public synchronized Run runningFor(String user, Instant now) {
        return runs.values().stream().filter(r -> r.user().equals(user) && !r.done(now)).findFirst().orElse(null);
    }

    public synchronized Run startRun(long segmentId, String user, Instant now, Duration takes, long[] members,
                                     long contactListId) {
        Run run = new Run(nextRunId++, segmentId, user, now, now.plus(takes), members, contactListId);
        runs.put(run.runId(), run);
        return run;
    }

    public synchronized Run run(long runId) {
        return runs.get(runId);
    }

    /** The members of a standard segment (criteria) or a combined one (union of its parts), in contact id order. */
    public synchronized long[] members(Segment segment, ContactStore contacts, FieldCatalog catalog) {
        if (segment.combined()) {
            Set<Long> union = new LinkedHashSet<>();
            for (Long part : segment.include()) {
                Segment included = segments.get(part);
                if (included != null && !included.combined()) {
                    for (long id : members(included, contacts, catalog)) {
                        union.add(id);
                    }
                }
            }
            return union.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        return contacts.all().stream().filter(c -> segment.matches(c, catalog)).mapToLong(Contact::id).toArray();
    }

    public synchronized void clear() {
        segments.clear();
        evaluations.clear();
        runs.clear();
    }
}
