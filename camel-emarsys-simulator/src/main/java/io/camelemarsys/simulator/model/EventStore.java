package io.camelemarsys.simulator.model;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** External events, the triggers they received, and the {@code trigger_id}s seen (for de-duplication). */
public final class EventStore {

    private static final int RECENT_TRIGGERS = 100_000;

    private final Map<Long, EventType> events = new TreeMap<>();
    private final Set<String> triggerIds = new HashSet<>();
    private final Deque<Trigger> recent = new ArrayDeque<>();
    private long nextId = 5_001L;

    public synchronized EventType create(String name, Instant now) {
        EventType event = new EventType(nextId++, name, ViennaTime.format(now));
        events.put(event.id(), event);
        return event;
    }

    public synchronized EventType rename(long id, String name) {
        EventType event = events.get(id);
        if (event == null) {
            return null;
        }
        EventType renamed = new EventType(id, name, event.created());
        events.put(id, renamed);
        return renamed;
    }

    public synchronized EventType get(long id) {
        return events.get(id);
    }

    public synchronized EventType byName(String name) {
        return events.values().stream().filter(e -> e.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    public synchronized List<EventType> all() {
        return new ArrayList<>(events.values());
    }

    /**
     * Records a trigger; false when its {@code trigger_id} was already used for this event, in which case Emarsys
     * drops it silently.
     */
    public synchronized boolean trigger(Trigger trigger) {
        if (trigger.triggerId() != null && !triggerIds.add(trigger.eventId() + ":" + trigger.triggerId())) {
            return false;
        }
        if (recent.size() == RECENT_TRIGGERS) {
            recent.removeFirst();
        }
        recent.addLast(trigger);
        return true;
    }

    /** The newest accepted triggers (at most 100,000 are kept), oldest first. */
    public synchronized List<Trigger> recentTriggers(int limit) {
        List<Trigger> all = new ArrayList<>(recent);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    public synchronized void clear() {
        events.clear();
        triggerIds.clear();
        recent.clear();
    }
}
