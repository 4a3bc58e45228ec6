package io.camelemarsys.kamelets;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysFailedItem;

/** The data work behind the sink Kamelets' templates: sorting, grouping and classifying, no calls. */
class SinkDataTest {

    @Test
    void eventsAreGroupedPerEventByIdOrNameAndThoseNamingNoneAreRefused() {
        List<Map<String, Object>> events = List.of(
                Map.of("eventName", "shipped", "key", "a@x.example"),
                Map.of("eventId", "12", "key", "b@x.example"),
                Map.of("key", "c@x.example"),
                Map.of("eventName", "shipped", "key", "d@x.example"),
                Map.of("eventId", " ", "key", "e@x.example"));
        List<EmarsysFailedItem> refused = EventSink.refusals(events, "");
        assertEquals(List.of("#2", "#4"), refused.stream().map(EmarsysFailedItem::key).toList());
        assertSame(events.get(2), refused.get(0).item(), "the refusal carries its record");

        List<EventSink.Group> groups = EventSink.groups(EventSink.triggers(events, ""), "");
        assertEquals(2, groups.size());
        assertEquals("shipped", groups.get(0).getEventName());
        assertNull(groups.get(0).getEventId());
        assertEquals(List.of(events.get(0), events.get(3)), groups.get(0).getEvents());
        assertEquals("12", groups.get(1).getEventId());

        List<EventSink.Group> withDefault = EventSink.groups(EventSink.triggers(events, "welcome"), "welcome");
        assertEquals(List.of(events.get(2)), withDefault.get(2).getEvents(), "the default event takes the rest");
        assertEquals("welcome", withDefault.get(2).getEventId());
    }

    @Test
    void listChangesAreGroupedPerActionAndListAndRefusedKeysAreTracedToTheirRecords() {
        List<Map<String, Object>> changes = List.of(
                Map.of("listName", "VIP", "key", "a@x.example"),
                Map.of("listId", 7, "key", "b@x.example", "action", "remove"),
                Map.of("listName", "VIP", "key", "c@x.example", "action", "toggle"),
                Map.of("listName", "VIP", "key", "d@x.example", "action", "add"));
        assertEquals(List.of("#2"), ContactListSink.refusals(changes).stream().map(EmarsysFailedItem::key).toList());
        List<ContactListSink.Group> groups = ContactListSink.groups(ContactListSink.changes(changes));
        assertEquals(2, groups.size());
        assertEquals("add", groups.get(0).getAction());
        assertEquals("VIP", groups.get(0).getListName());
        assertEquals(List.of("a@x.example", "d@x.example"), ContactListSink.keys(groups.get(0).getRecords()));
        assertEquals("7", groups.get(1).getListId(), "digits are an id, never created");
        assertNull(groups.get(1).getListName());

        List<EmarsysFailedItem> traced = ContactListSink.refusedRecords(
                List.of(new EmarsysFailedItem("d@x.example", 2008, "No contact found", "d@x.example")),
                groups.get(0).getRecords());
        assertEquals(changes.get(3), traced.get(0).item());
        assertEquals(2008, traced.get(0).replyCode());
    }

    @Test
    void optInsThatAreNoOptInAreRefusedAloneAndTheOthersMergedPerContact() {
        List<Object> records = List.of(
                Map.of("key", "a@x.example", "channel", "email", "granted", false),
                Map.of("key", "a@x.example", "channel", "whatsapp", "granted", "true"),
                Map.of("key", "b@x.example", "channel", "pigeon", "granted", true),
                "not an object");
        String channels = "email=optin,whatsapp=WhatsApp opt-in";
        List<EmarsysFailedItem> refused = OptIns.refusals(records, channels, "email");
        assertEquals(List.of("#2", "#3"), refused.stream().map(EmarsysFailedItem::key).toList());
        assertTrue(refused.get(0).replyText().contains("Unknown opt-in channel 'pigeon'"), refused.get(0).replyText());
        assertEquals(List.of(Map.of("email", "a@x.example", "optin", false, "WhatsApp opt-in", "true")),
                OptIns.contacts(records, channels, "email"));
    }

    @Test
    void anOutageIsThrownAgainAsItWasAndAContentRefusalIsTheRecords() {
        Exception outage = new EmarsysApiException("contact/upsert", 503, 0, "Service Unavailable");
        assertSame(outage, assertThrows(Exception.class, () -> FailureClassifier.rethrowOutage(outage)));
        IOException io = new IOException("connection reset");
        assertSame(io, assertThrows(Exception.class, () -> FailureClassifier.rethrowOutage(io)));
        Exception tooLarge = new EmarsysApiException("contact/upsert", 413, 1000, "Request body too large");
        assertDoesNotThrow(() -> FailureClassifier.rethrowOutage(tooLarge));

        List<Map<String, Object>> two = List.of(Map.of("key", "a"), Map.of("key", "b"));
        assertFalse(FailureClassifier.refusesEveryRecord(tooLarge, two), "narrowed down record by record");
        assertTrue(FailureClassifier.refusesEveryRecord(tooLarge, two.subList(0, 1)), "a single record is guilty");
        Exception unknownEvent = new EmarsysApiException("event/trigger", 400, 5001, "Invalid event ID");
        assertTrue(FailureClassifier.refusesEveryRecord(unknownEvent, two), "the event is what they share");
        List<EmarsysFailedItem> refused = FailureClassifier.refusals(unknownEvent, two, "key");
        assertEquals(List.of("a", "b"), refused.stream().map(EmarsysFailedItem::key).toList());
        assertEquals(5001, refused.get(1).replyCode());
    }
}
