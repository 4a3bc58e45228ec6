package io.camelemarsys.simulator;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelemarsys.simulator.http.Journal;
import io.camelemarsys.simulator.model.Trigger;

/**
 * What a client sent to the event trigger endpoints against what Emarsys fired, for fault suites. Emarsys (and the
 * simulator) drops a repeated trigger id, so the fired triggers alone cannot show a client sending a trigger twice:
 * the journal's trigger ids can. A client that re-sends correctly reuses the id: then every id sent is fired once.
 *
 * @param sent          distinct trigger ids sent
 * @param sentTwice     trigger ids sent in more than one request (re-sends after an error, a dropped reply, a restart)
 * @param fired         triggers fired
 * @param firedTwice    events fired more than once for one contact with the same data (a re-send under a new id)
 * @param sentNotFired  trigger ids sent and never fired: the first id of a record re-sent under another id (or a
 *                      refused trigger)
 */
public record TriggerAudit(int sent, int sentTwice, int fired, int firedTwice, int sentNotFired) {

    /** The audit of everything the simulator received since its journal was last cleared. */
    public static TriggerAudit of(EmarsysSimulator simulator) {
        Journal journal = simulator.journal();
        if (journal.evicted() > 0) {
            throw new IllegalStateException("The journal dropped " + journal.evicted() + " old requests: start the "
                    + "simulator with a larger journalCapacity to audit every trigger");
        }
        Map<String, Integer> requestsPerId = new HashMap<>();
        for (Journal.Entry entry : journal.last(Integer.MAX_VALUE)) {
            // a trigger id is unique per event: /api/v2/event/{eventId}/trigger
            String eventId = entry.triggerIds().isEmpty() ? null : entry.path().split("/")[4];
            for (String id : new HashSet<>(entry.triggerIds())) {
                requestsPerId.merge(eventId + ":" + id, 1, Integer::sum);
            }
        }
        List<Trigger> triggers = simulator.account().events().recentTriggers(Integer.MAX_VALUE);
        Map<String, Integer> firedPerEvent = new HashMap<>();
        Set<String> firedIds = new HashSet<>();
        for (Trigger trigger : triggers) {
            firedPerEvent.merge(trigger.eventId() + "|" + trigger.contactId() + "|" + trigger.data(), 1, Integer::sum);
            if (trigger.triggerId() != null) {
                firedIds.add(trigger.eventId() + ":" + trigger.triggerId());
            }
        }
        int sentTwice = (int) requestsPerId.values().stream().filter(n -> n > 1).count();
        int firedTwice = (int) firedPerEvent.values().stream().filter(n -> n > 1).count();
        int sentNotFired = (int) requestsPerId.keySet().stream().filter(id -> !firedIds.contains(id)).count();
        return new TriggerAudit(requestsPerId.size(), sentTwice, triggers.size(), firedTwice, sentNotFired);
    }

    @Override
    public String toString() {
        return "sent=" + sent + " sent_twice=" + sentTwice + " fired=" + fired + " fired_twice=" + firedTwice
                + " sent_not_fired=" + sentNotFired;
    }
}
