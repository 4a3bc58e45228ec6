package io.camelemarsys.component.operation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.EmarsysLimits;
import io.camelemarsys.component.internal.Envelope;

/**
 * event/trigger: a key value (String), a Map {@code {external_id, data?, trigger_id?, event_time?}} (camelCase
 * {@code externalId / key, triggerId, eventTime} too) or a Collection of Maps. One item is a single trigger; a
 * Collection is sent as batches of at most batchSize contacts and 1 MB. With ensureContact, a trigger refused with
 * 2008 (no such contact) creates a contact holding only its key value and is triggered once more.
 */
public final class EventTrigger implements Operation {

    public static final int MAX_CONTACTS = EmarsysLimits.TRIGGERS_PER_REQUEST;
    public static final long MAX_BYTES = 1024L * 1024 - 4 * 1024;
    private static final Pattern EVENT_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");

    private final OperationContext context;

    public EventTrigger(OperationContext context) {
        this.context = context;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        String eventId = context.eventId(exchange);
        String keyId = context.keyId(exchange);
        Object body = exchange.getMessage().getBody();
        String path = "/event/" + eventId + "/trigger";
        if (body instanceof String text && (text.trim().startsWith("{") || text.trim().startsWith("["))) {
            // a JSON document, not a key value: read it as a Map or a List (camel-jackson) like contact writes do
            BodyItems.maps(exchange, "event/trigger", "a JSON object or array of triggers");
            body = exchange.getMessage().getBody();
        }
        if (body instanceof String || body instanceof Number) {
            body = new LinkedHashMap<>(Map.of("external_id", body.toString()));
        }
        if (body instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<String, Object> trigger = item((Map<String, Object>) body, exchange, true);
            trigger.put("key_id", keyId);
            Envelope reply = triggerOne(path, trigger, keyId);
            OperationContext.replyHeaders(exchange, reply);
            BatchOutcome outcome = new BatchOutcome();
            outcome.accepted(1);
            outcome.finish(exchange, "event/trigger", true);
            return;
        }
        List<Map<String, Object>> items = BodyItems.maps(exchange, "event/trigger",
                "a key value, a Map {external_id, data?, trigger_id?, event_time?} or a Collection of such Maps");
        BatchOutcome outcome = new BatchOutcome();
        List<Batches.Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                Map<String, Object> trigger = item(items.get(i), exchange, false);
                prepared.add(new Batches.Prepared(trigger.get("external_id").toString(), trigger, items.get(i)));
            } catch (EmarsysInputException e) {
                outcome.refuse("#" + i, e.getMessage(), items.get(i));
            }
        }
        List<Batches.Prepared> missing = triggerBatches(exchange, path, keyId, prepared, outcome,
                context.config().isEnsureContact());
        if (!missing.isEmpty()) {
            Map<String, ItemErrorParser.ItemError> refused = new MissingContacts(context).create(
                    missing.stream().map(Batches.Prepared::key).toList(), keyId);
            List<Batches.Prepared> again = new ArrayList<>();
            for (Batches.Prepared item : missing) {
                ItemErrorParser.ItemError error = refused.get(item.key());
                if (error == null) {
                    again.add(item);
                } else {
                    outcome.fail(item, MissingContacts.NOT_FOUND, "No contact with this key value, and creating it "
                            + "(ensureContact) was refused: replyCode " + error.code() + ": " + error.text());
                }
            }
            triggerBatches(exchange, path, keyId, again, outcome, false);
        }
        outcome.finish(exchange, "event/trigger", context.config().isFailOnPartialErrors());
    }

    /**
     * Sends the triggers in batches and books the replies. With {@code holdMissing}, the items refused with 2008
     * (no such contact) are not booked but returned, for ensureContact to create their contacts and try again.
     */
    private List<Batches.Prepared> triggerBatches(Exchange exchange, String path, String keyId,
                                                  List<Batches.Prepared> items, BatchOutcome outcome,
                                                  boolean holdMissing) throws Exception {
        List<Batches.Prepared> missing = new ArrayList<>();
        int maxCount = Math.max(1, Math.min(MAX_CONTACTS, context.config().getBatchSize()));
        for (List<Batches.Prepared> chunk : Batches.split(items, maxCount, MAX_BYTES)) {
            List<Object> contacts = new ArrayList<>();
            chunk.forEach(item -> contacts.add(item.payload()));
            Envelope reply = context.client().call("POST", path, Map.of("key_id", keyId, "contacts", contacts));
            OperationContext.replyHeaders(exchange, reply);
            List<String> ids = new ArrayList<>();
            reply.data().path("ids").forEach(id -> ids.add(id.asText()));
            Map<String, ItemErrorParser.ItemError> errors = ItemErrorParser.parse(reply.data().get("errors"));
            List<Batches.Prepared> booked = chunk;
            if (holdMissing) {
                booked = new ArrayList<>();
                for (Batches.Prepared item : chunk) {
                    ItemErrorParser.ItemError error = BatchOutcome.errorOf(errors, item.key());
                    (error != null && error.code() == MissingContacts.NOT_FOUND ? missing : booked).add(item);
                }
            }
            outcome.book(booked, errors, ids);
        }
        return missing;
    }

    /** One trigger; with ensureContact, one refused with 2008 creates the contact and is sent once more. */
    private Envelope triggerOne(String path, Map<String, Object> trigger, String keyId) throws Exception {
        try {
            return context.client().call("POST", path, trigger);
        } catch (EmarsysApiException e) {
            if (!context.config().isEnsureContact() || e.getReplyCode() != MissingContacts.NOT_FOUND) {
                throw e;
            }
            String key = trigger.get("external_id").toString();
            ItemErrorParser.ItemError refused = new MissingContacts(context).create(List.of(key), keyId).get(key);
            if (refused != null) {
                e.addSuppressed(new EmarsysApiException("ensureContact: creating the contact", 0, refused.code(),
                        refused.text()));
                throw e;
            }
            return context.client().call("POST", path, trigger);
        }
    }

    /** The trigger as Emarsys takes it; headers and the triggerId option apply to a single trigger only. */
    private Map<String, Object> item(Map<String, Object> given, Exchange exchange, boolean single) {
        Map<String, Object> trigger = new LinkedHashMap<>();
        Object externalId = first(given, "external_id", "externalId", "key");
        if (externalId == null || externalId.toString().isBlank()) {
            throw new EmarsysInputException("event/trigger: the item has no external_id (the contact's key value); "
                    + "send {\"external_id\": \"ann@example.com\", \"data\": {...}}");
        }
        trigger.put("external_id", externalId.toString());
        Object data = given.get("data");
        if (data != null) {
            if (!(data instanceof Map)) {
                throw new EmarsysInputException("event/trigger: data must be a JSON object (a Map), not "
                        + data.getClass().getSimpleName() + "; wrap values as {\"global\": {...}}");
            }
            trigger.put("data", data);
        }
        Object triggerId = first(given, "trigger_id", "triggerId");
        Object eventTime = first(given, "event_time", "eventTime");
        if (single) {
            triggerId = exchange.getMessage().getHeader(EmarsysConstants.TRIGGER_ID,
                    triggerId != null ? triggerId : context.config().getTriggerId(), String.class);
            eventTime = exchange.getMessage().getHeader(EmarsysConstants.EVENT_TIME, eventTime, Object.class);
        }
        if (triggerId != null) {
            trigger.put("trigger_id", triggerId.toString());
        }
        if (eventTime != null) {
            trigger.put("event_time", eventTime(eventTime));
        }
        return trigger;
    }

    /** Emarsys takes only {@code YYYY-MM-DDTHH:MM:SS[.sss]Z}; Instants and offset times are converted to it. */
    static String eventTime(Object value) {
        Instant instant = null;
        if (value instanceof Instant i) {
            instant = i;
        } else if (value instanceof OffsetDateTime o) {
            instant = o.toInstant();
        } else if (value instanceof ZonedDateTime z) {
            instant = z.toInstant();
        } else if (value instanceof java.util.Date d) {
            instant = d.toInstant();
        }
        if (instant != null) {
            return instant.truncatedTo(ChronoUnit.MILLIS).toString().replaceAll("\\.(\\d{3})\\d*Z$", ".$1Z");
        }
        String text = value.toString().trim();
        if (EVENT_TIME.matcher(text).matches()) {
            return text;
        }
        try {
            return eventTime(OffsetDateTime.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            throw new EmarsysInputException("event/trigger: event_time " + EmarsysInputException.shown(value)
                    + " is not a time Emarsys takes: use UTC as 2024-05-01T10:00:00Z (or an ISO 8601 time with offset)");
        }
    }

    private static Object first(Map<String, Object> map, String... names) {
        for (String name : names) {
            Object value = map.get(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
