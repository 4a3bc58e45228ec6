package io.camelemarsys.simulator.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters for {@code GET /_simulator/stats}. */
public final class Stats {

    public final LongAdder requests = new LongAdder();
    public final LongAdder authFailures = new LongAdder();
    public final LongAdder rateLimited = new LongAdder();
    public final LongAdder serverErrorsInjected = new LongAdder();
    public final LongAdder connectionsDropped = new LongAdder();
    public final LongAdder repliesDropped = new LongAdder();
    public final LongAdder contactsCreated = new LongAdder();
    public final LongAdder contactsUpdated = new LongAdder();
    public final LongAdder contactsDeleted = new LongAdder();
    public final LongAdder itemErrors = new LongAdder();
    public final LongAdder eventsTriggered = new LongAdder();
    public final LongAdder eventsDeduplicated = new LongAdder();
    public final LongAdder exportsStarted = new LongAdder();
    public final LongAdder exportRowsDownloaded = new LongAdder();

    public Map<String, Object> snapshot(int contacts) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("requests", requests.sum());
        map.put("contacts", contacts);
        map.put("contactsCreated", contactsCreated.sum());
        map.put("contactsUpdated", contactsUpdated.sum());
        map.put("contactsDeleted", contactsDeleted.sum());
        map.put("itemErrors", itemErrors.sum());
        map.put("eventsTriggered", eventsTriggered.sum());
        map.put("eventsDeduplicated", eventsDeduplicated.sum());
        map.put("rateLimited", rateLimited.sum());
        map.put("authFailures", authFailures.sum());
        map.put("serverErrorsInjected", serverErrorsInjected.sum());
        map.put("connectionsDropped", connectionsDropped.sum());
        map.put("repliesDropped", repliesDropped.sum());
        map.put("exportsStarted", exportsStarted.sum());
        map.put("exportRowsDownloaded", exportRowsDownloaded.sum());
        return map;
    }

    public void reset() {
        for (LongAdder adder : new LongAdder[] {requests, authFailures, rateLimited, serverErrorsInjected,
                connectionsDropped, repliesDropped, contactsCreated, contactsUpdated, contactsDeleted, itemErrors, eventsTriggered,
                eventsDeduplicated, exportsStarted, exportRowsDownloaded}) {
            adder.reset();
        }
    }
}
