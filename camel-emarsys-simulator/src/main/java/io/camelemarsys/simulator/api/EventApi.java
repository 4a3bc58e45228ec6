package io.camelemarsys.simulator.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.simulator.http.ApiError;
import io.camelemarsys.simulator.http.Json;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;
import io.camelemarsys.simulator.http.Router;
import io.camelemarsys.simulator.model.Account;
import io.camelemarsys.simulator.model.Contact;
import io.camelemarsys.simulator.model.EventType;
import io.camelemarsys.simulator.model.KeyField;
import io.camelemarsys.simulator.model.Trigger;

/** {@code /event}: list, create, rename and trigger external events, single or in batches. */
public final class EventApi {

    public static final int MAX_CONTACTS_PER_TRIGGER = 1000;
    public static final int MAX_DATA_BYTES = 1024 * 1024;
    private static final Pattern TRIGGER_PATH = Pattern.compile("/api/v[23]/event/[^/]+/trigger");
    private static final Pattern EVENT_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z");

    private final Account account;

    public EventApi(Account account) {
        this.account = account;
    }

    /**
     * The trigger ids a request sends, for the journal: the {@code trigger_id} of a single trigger or of each item of
     * {@code contacts}, in order; none for any other request or a body that is not JSON.
     */
    public static List<String> sentTriggerIds(String method, String path, byte[] body) {
        if (!"POST".equals(method) || !TRIGGER_PATH.matcher(path).matches()) {
            return List.of();
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return List.of();
        }
        if (json == null) {
            return List.of();
        }
        JsonNode batch = json.get("contacts");
        List<String> ids = new ArrayList<>();
        for (JsonNode item : batch != null && batch.isArray() ? batch : List.of(json)) {
            String id = item.isObject() ? Json.asText(item.get("trigger_id")) : null;
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    public void register(Router router) {
        router.get("/event", r -> list())
                .post("/event", this::create)
                .post("/event/{eventId}", this::rename)
                .post("/event/{eventId}/trigger", this::trigger);
    }

    private Response list() {
        List<Map<String, Object>> events = new ArrayList<>();
        for (EventType event : account.events().all()) {
            events.add(describe(event));
        }
        return Response.ok(events);
    }

    static Map<String, Object> describe(EventType event) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", Long.toString(event.id()));
        map.put("name", event.name());
        map.put("created", event.created());
        return map;
    }

    private Response create(Request request) {
        String name = Bodies.requiredText(request.jsonObject(), "name");
        if (account.events().byName(name) != null) {
            throw ApiError.badRequest(1001, "An external event named '" + name + "' already exists");
        }
        return Response.ok(describe(account.events().create(name, account.now())));
    }

    private Response rename(Request request) {
        String name = Bodies.requiredText(request.jsonObject(), "name");
        EventType event = account.events().rename(request.pathLong("eventId"), name);
        if (event == null) {
            throw ApiError.badRequest(5004, "Unknown external event id: " + request.pathParam("eventId"));
        }
        return Response.ok(describe(event));
    }

    private Response trigger(Request request) {
        EventType event = account.events().get(eventId(request));
        if (event == null) {
            throw invalidEvent();
        }
        JsonNode body = request.jsonObject();
        KeyField key = account.contacts().keyField(Json.asText(body.get("key_id")));
        JsonNode batch = body.get("contacts");
        if (batch == null) {
            String externalId = Bodies.requiredText(body, "external_id");
            try {
                triggerOne(event, key, body, externalId);
            } catch (ItemError e) {
                throw ApiError.badRequest(e.code(), e.getMessage());
            }
            return Response.ok(Map.of());
        }
        Bodies.array(body, "contacts", MAX_CONTACTS_PER_TRIGGER, 1000);
        List<String> ids = new ArrayList<>();
        ItemErrors errors = new ItemErrors();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode item = batch.get(i);
            String externalId = item.isObject() ? Json.asText(item.get("external_id")) : null;
            try {
                if (externalId == null) {
                    throw new ItemError(2005, "Missing external_id");
                }
                ids.add(Long.toString(triggerOne(event, key, item, externalId)));
            } catch (ItemError e) {
                errors.add(externalId == null ? Integer.toString(i) : externalId, e);
            }
        }
        account.stats().itemErrors.add(errors.size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ids", ids);
        data.put("errors", errors.asReply());
        return Response.ok(data);
    }

    /**
     * A trigger of an event the account does not have, whether its id is unknown or no id at all: 400 / 5001 with the
     * text the vendor's Scala SDK and error registry record.
     */
    private static ApiError invalidEvent() {
        return ApiError.badRequest(5001, "Invalid event ID for customer.");
    }

    /** The path's event id; one that is not an id at all is refused as an unknown one is. */
    private static long eventId(Request request) {
        String eventId = request.pathParam("eventId");
        if (eventId == null || !eventId.matches("\\d{1,18}")) {
            throw invalidEvent();
        }
        return Long.parseLong(eventId);
    }

    /** Validates and records one trigger; returns the contact id. A repeated trigger_id is dropped silently. */
    private long triggerOne(EventType event, KeyField key, JsonNode item, String externalId) {
        JsonNode data = item.get("data");
        String dataText = null;
        if (data != null && !data.isNull()) {
            if (!data.isObject()) {
                throw new ItemError(5011, "Invalid event data: data must be a JSON object");
            }
            dataText = data.toString();
            if (dataText.getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
                throw new ItemError(5008, "Event data too big: more than " + MAX_DATA_BYTES + " bytes");
            }
        }
        String eventTime = Json.asText(item.get("event_time"));
        if (eventTime != null && !EVENT_TIME.matcher(eventTime).matches()) {
            throw new ItemError(5010, "Invalid event_time '" + eventTime
                    + "': use YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.sssZ (UTC)");
        }
        List<Contact> found = account.contacts().find(key, externalId);
        if (found.isEmpty()) {
            throw ItemError.notFound(key.label(), externalId);
        }
        if (found.size() > 1) {
            throw ItemError.ambiguous(key.label(), externalId);
        }
        Contact contact = found.get(0);
        String triggerId = Json.asText(item.get("trigger_id"));
        Trigger trigger = new Trigger(event.id(), contact.id(), externalId, triggerId, eventTime, dataText,
                account.now());
        if (account.events().trigger(trigger)) {
            account.stats().eventsTriggered.increment();
        } else {
            account.stats().eventsDeduplicated.increment();
        }
        return contact.id();
    }
}
