package io.camelemarsys.simulator.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.camelemarsys.simulator.auth.OAuthTokens;
import io.camelemarsys.simulator.http.ApiError;
import io.camelemarsys.simulator.http.FaultInjector;
import io.camelemarsys.simulator.http.Faults;
import io.camelemarsys.simulator.http.Journal;
import io.camelemarsys.simulator.http.Json;
import io.camelemarsys.simulator.http.RateLimiter;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;
import io.camelemarsys.simulator.http.Router;
import io.camelemarsys.simulator.model.Account;
import io.camelemarsys.simulator.model.Choice;
import io.camelemarsys.simulator.model.Contact;
import io.camelemarsys.simulator.model.ContactList;
import io.camelemarsys.simulator.model.ExportJob;
import io.camelemarsys.simulator.model.Field;
import io.camelemarsys.simulator.model.FieldType;
import io.camelemarsys.simulator.model.FieldValueException;
import io.camelemarsys.simulator.model.KeyField;
import io.camelemarsys.simulator.model.Segment;
import io.camelemarsys.simulator.model.Trigger;

/**
 * The simulator's own API under {@code /_simulator/} (not part of Emarsys, no authentication, loopback only): seed
 * data, set faults and settings, reset, and read the journal, the triggers and the counters.
 */
public final class ControlApi {

    public static final String PREFIX = "/_simulator";

    private final Account account;
    private final FaultInjector faults;
    private final RateLimiter rateLimiter;
    private final OAuthTokens tokens;
    private final Journal journal;
    private final Runnable reseed;
    private final Router router = new Router();
    private final WebhookNodeCall webhookNode = new WebhookNodeCall();

    public ControlApi(Account account, FaultInjector faults, RateLimiter rateLimiter, OAuthTokens tokens,
                      Journal journal, Runnable reseed) {
        this.account = account;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.tokens = tokens;
        this.journal = journal;
        this.reseed = reseed;
        router.get("/stats", r -> Response.json(200, account.stats().snapshot(account.contacts().size())))
                .get("/journal", this::journal)
                .delete("/journal", r -> {
                    journal.clear();
                    return Response.json(200, Map.of("cleared", true));
                })
                .post("/reset", this::reset)
                .post("/contacts", this::seedContacts)
                .get("/contacts", this::findContact)
                .post("/fields", this::createField)
                .post("/lists", this::createList)
                .post("/events", r -> Response.json(200,
                        Map.of("id", account.events().create(text(r.jsonObject(), "name"), account.now()).id())))
                .post("/segments", this::createSegment)
                .post("/combinedsegments", this::createCombinedSegment)
                .get("/faults", r -> Response.json(200, faults.current()))
                .put("/faults", this::setFaults)
                .get("/settings", r -> Response.json(200, settings()))
                .put("/settings", this::setSettings)
                .get("/triggers", this::triggers)
                .post("/exports/{exportId}/expire", r -> exportAction(r, true))
                .post("/exports/{exportId}/fail", r -> exportAction(r, false))
                .post("/webhook-node", webhookNode::send);
    }

    /** Answers a control request; errors come back as {@code {"error": "..."}} with HTTP 400 or 404. */
    public Response handle(Request request) {
        try {
            return router.resolve(request).handle(request);
        } catch (ApiError e) {
            return Response.json(e.status() == 404 ? 404 : 400, Map.of("error", e.replyText()));
        } catch (IllegalArgumentException | FieldValueException e) {
            return Response.json(400, Map.of("error", e.getMessage()));
        } catch (Exception e) {
            return Response.json(500, Map.of("error", String.valueOf(e)));
        }
    }

    private Response journal(Request request) {
        Integer limit = request.queryInt("limit");
        return Response.json(200, journal.last(limit == null ? 100 : limit));
    }

    private Response triggers(Request request) {
        Integer limit = request.queryInt("limit");
        List<Map<String, Object>> list = new ArrayList<>();
        for (Trigger t : account.events().recentTriggers(limit == null ? 1000 : limit)) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("eventId", t.eventId());
            map.put("contactId", t.contactId());
            map.put("externalId", t.externalId());
            map.put("triggerId", t.triggerId());
            map.put("eventTime", t.eventTime());
            map.put("data", t.data() == null ? null : readTree(t.data()));
            map.put("receivedAt", t.receivedAt().toString());
            list.add(map);
        }
        return Response.json(200, list);
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            return TextNode.valueOf(json);
        }
    }

    private Response reset(Request request) {
        account.reset();
        journal.clear();
        rateLimiter.reset();
        tokens.clear();
        faults.set(Faults.NONE);
        reseed.run();
        return Response.json(200, Map.of("contacts", account.contacts().size()));
    }

    /**
     * {@code POST /_simulator/contacts}: {@code ?generate=N}, a JSON array of records, or CSV with a header row. Keys
     * are field ids or string ids. Seeding is an import: no uniqueness check (so non-unique keys can be staged), no
     * change log.
     */
    private Response seedContacts(Request request) {
        Integer generate = request.queryInt("generate");
        if (generate != null) {
            if (generate < 0) {
                throw new IllegalArgumentException("generate must be >= 0, was " + generate);
            }
            account.generateContacts(generate);
            return Response.json(200, Map.of("created", generate, "contacts", account.contacts().size()));
        }
        List<Map<Field, Object>> records = new ArrayList<>();
        String contentType = request.header("Content-Type");
        if (contentType != null && contentType.toLowerCase().startsWith("text/csv")) {
            for (Map<String, String> row : CsvRecords.parse(request.bodyText())) {
                Map<String, JsonNode> cells = new LinkedHashMap<>();
                row.forEach((k, v) -> cells.put(k, v.isEmpty() ? null : TextNode.valueOf(v)));
                records.add(values(cells));
            }
        } else {
            JsonNode body = request.json();
            if (!body.isArray()) {
                throw new IllegalArgumentException("Send a JSON array of contact records, CSV (text/csv) or ?generate=N");
            }
            for (JsonNode record : body) {
                Map<String, JsonNode> cells = new LinkedHashMap<>();
                record.properties().forEach(e -> cells.put(e.getKey(), e.getValue()));
                records.add(values(cells));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Map<Field, Object> record : records) {
            ids.add(Long.toString(account.contacts().create(record, 0, false).id()));
        }
        return Response.json(200, Map.of("created", ids.size(), "ids", ids));
    }

    private Map<Field, Object> values(Map<String, JsonNode> cells) {
        Map<Field, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> cell : cells.entrySet()) {
            Field field = account.fields().resolve(cell.getKey());
            if (field == null) {
                throw new IllegalArgumentException("Unknown field '" + cell.getKey() + "': use a field id or string id");
            }
            JsonNode value = cell.getValue();
            if (field.type() == FieldType.MULTICHOICE && value != null && value.isTextual()) {
                // CSV cells hold multichoice ids as "1,3"
                com.fasterxml.jackson.databind.node.ArrayNode array = Json.MAPPER.createArrayNode();
                for (String id : value.textValue().split(",")) {
                    array.add(id.trim());
                }
                value = array;
            }
            values.put(field, field.readOnly() ? (value == null ? null : value.asText()) : field.accept(value));
        }
        return values;
    }

    private Response findContact(Request request) {
        String value = request.query("value");
        if (value == null) {
            throw new IllegalArgumentException("Give ?value=<key value>[&key_id=3]");
        }
        KeyField key = account.contacts().keyField(request.query("key_id"));
        List<Map<String, Object>> found = new ArrayList<>();
        for (Contact contact : account.contacts().find(key, value)) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", Long.toString(contact.id()));
            map.put("uid", contact.uid());
            for (Field field : account.fields().all()) {
                Object stored = contact.value(field);
                if (stored != null) {
                    map.put(Integer.toString(field.id()), field.apiValue(stored));
                }
            }
            List<String> lists = new ArrayList<>();
            for (ContactList list : account.lists().all()) {
                if (list.contains(contact.id())) {
                    lists.add(Long.toString(list.id()));
                }
            }
            map.put("lists", lists);
            found.add(map);
        }
        return Response.json(200, found);
    }

    /** {@code {name, application_type, string_id?, names: {de: ..}, choices: [{choice, de?}]}}. */
    private Response createField(Request request) {
        JsonNode body = request.jsonObject();
        String name = text(body, "name");
        String typeName = text(body, "application_type");
        FieldType type = FieldType.fromApiName(typeName);
        if (type == null) {
            throw new IllegalArgumentException("Unknown application_type '" + typeName + "'");
        }
        Map<String, String> names = new LinkedHashMap<>();
        names.put("en", name);
        JsonNode translations = body.get("names");
        if (translations != null) {
            translations.properties().forEach(e -> names.put(e.getKey(), e.getValue().asText()));
        }
        List<Choice> choices = new ArrayList<>();
        JsonNode choiceNodes = body.get("choices");
        if (choiceNodes != null) {
            int n = 0;
            for (JsonNode c : choiceNodes) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("en", text(c, "choice"));
                c.properties().forEach(e -> {
                    if (e.getKey().length() == 2) {
                        labels.put(e.getKey(), e.getValue().asText());
                    }
                });
                n++;
                choices.add(new Choice(n, n - 1, labels));
            }
        }
        boolean choiceType = type == FieldType.SINGLECHOICE || type == FieldType.MULTICHOICE;
        if (choiceType && choices.isEmpty()) {
            throw new IllegalArgumentException("A " + typeName + " field needs choices");
        }
        Field field = account.fields().createCustom(Json.asText(body.get("string_id")), type, names, choices);
        return Response.json(200, Map.of("id", field.id(), "string_id", field.stringId()));
    }

    private Response createList(Request request) {
        JsonNode body = request.jsonObject();
        ContactList list = account.lists().create(text(body, "name"), Json.asText(body.get("description")), "static",
                account.now());
        JsonNode ids = body.get("external_ids");
        int added = 0;
        if (ids != null && ids.isArray()) {
            KeyField key = account.contacts().keyField(Json.asText(body.get("key_id")));
            for (JsonNode id : ids) {
                for (Contact contact : account.contacts().find(key, id.asText())) {
                    list.add(contact.id());
                    added++;
                }
            }
        }
        return Response.json(200, Map.of("id", list.id(), "added", added));
    }

    /** {@code {name, field?, operator?: equals|contains|notEmpty|empty, value?}}; no field = every contact. */
    private Response createSegment(Request request) {
        JsonNode body = request.jsonObject();
        String name = text(body, "name");
        Integer fieldId = null;
        String operator = null;
        if (body.hasNonNull("field")) {
            Field field = account.fields().resolve(body.get("field").asText());
            if (field == null) {
                throw new IllegalArgumentException("Unknown field '" + body.get("field").asText() + "'");
            }
            fieldId = field.id();
            operator = body.hasNonNull("operator") ? body.get("operator").asText() : "equals";
            if (!Segment.OPERATORS.contains(operator)) {
                throw new IllegalArgumentException("Unknown operator '" + operator + "': use " + Segment.OPERATORS);
            }
        }
        Segment segment = account.segments().add(name, "standard", fieldId, operator,
                Json.asText(body.get("value")), null);
        return Response.json(200, Map.of("id", segment.id()));
    }

    private Response createCombinedSegment(Request request) {
        JsonNode body = request.jsonObject();
        List<Long> include = new ArrayList<>();
        JsonNode parts = body.get("include");
        if (parts == null || !parts.isArray() || parts.isEmpty()) {
            throw new IllegalArgumentException("include must be a non-empty array of segment ids");
        }
        for (JsonNode part : parts) {
            Long id = Json.asLong(part);
            if (id == null || account.segments().get(id) == null) {
                throw new IllegalArgumentException("Unknown segment id in include: " + part.asText());
            }
            include.add(id);
        }
        Segment segment = account.segments().add(text(body, "name"), "combined", null, null, null, include);
        return Response.json(200, Map.of("id", segment.id()));
    }

    private Response setFaults(Request request) {
        JsonNode body = request.jsonObject();
        Faults current = faults.current();
        Faults next = new Faults(
                number(body, "errorRate", current.errorRate()),
                number(body, "latencyRate", current.latencyRate()),
                whole(body, "latencyMillis", current.latencyMillis()),
                number(body, "dropRate", current.dropRate()),
                Math.toIntExact(whole(body, "rateLimitBurst", current.rateLimitBurst())),
                whole(body, "clockOffsetSeconds", current.clockOffsetSeconds()),
                whole(body, "seed", current.seed()),
                number(body, "replyDropRate", current.replyDropRate()),
                flag(body, "bareRateLimit", current.bareRateLimit()),
                flag(body, "refuseCredentials", current.refuseCredentials()));
        faults.set(next);
        return Response.json(200, faults.current());
    }

    private Map<String, Object> settings() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rateLimitPerMinute", rateLimiter.perMinute());
        map.put("rateLimitWindowMillis", rateLimiter.window().toMillis());
        map.put("exportDelayMillis", account.exportDelay().toMillis());
        map.put("exportRetentionMillis", account.exportRetention().toMillis());
        map.put("segmentEvaluationMillis", account.segmentEvaluation().toMillis());
        map.put("tokenLifetimeSeconds", tokens.lifetime().toSeconds());
        map.put("changesDateTime", account.changesDateTime());
        map.put("unlistedFieldIds", account.unlistedFieldIds());
        return map;
    }

    private Response setSettings(Request request) {
        JsonNode body = request.jsonObject();
        // validate every value before changing any: a refused update changes nothing
        for (String name : List.of("rateLimitPerMinute", "rateLimitWindowMillis", "exportDelayMillis",
                "exportRetentionMillis", "segmentEvaluationMillis", "tokenLifetimeSeconds")) {
            if (body.has(name)) {
                nonNegative(body, name);
            }
        }
        if (body.has("unlistedFieldIds") && !body.get("unlistedFieldIds").isArray()) {
            throw new IllegalArgumentException("unlistedFieldIds must be an array of field ids, was "
                    + body.get("unlistedFieldIds"));
        }
        if (body.has("changesDateTime") && !body.get("changesDateTime").isBoolean()) {
            throw new IllegalArgumentException("changesDateTime must be true or false, was " + body.get("changesDateTime"));
        }
        if (body.has("rateLimitPerMinute")) {
            rateLimiter.perMinute(nonNegative(body, "rateLimitPerMinute"));
        }
        if (body.has("rateLimitWindowMillis")) {
            rateLimiter.window(Duration.ofMillis(Math.max(1, nonNegative(body, "rateLimitWindowMillis"))));
        }
        if (body.has("exportDelayMillis")) {
            account.exportDelay(Duration.ofMillis(nonNegative(body, "exportDelayMillis")));
        }
        if (body.has("exportRetentionMillis")) {
            account.exportRetention(Duration.ofMillis(nonNegative(body, "exportRetentionMillis")));
        }
        if (body.has("segmentEvaluationMillis")) {
            account.segmentEvaluation(Duration.ofMillis(nonNegative(body, "segmentEvaluationMillis")));
        }
        if (body.has("changesDateTime")) {
            account.changesDateTime(body.get("changesDateTime").asBoolean());
        }
        if (body.has("unlistedFieldIds")) {
            java.util.Set<Integer> ids = new java.util.LinkedHashSet<>();
            body.get("unlistedFieldIds").forEach(id -> ids.add(id.asInt()));
            account.unlistedFieldIds(ids);
        }
        if (body.has("tokenLifetimeSeconds")) {
            tokens.lifetime(Duration.ofSeconds(Math.max(1, nonNegative(body, "tokenLifetimeSeconds"))));
        }
        return Response.json(200, settings());
    }

    private Response exportAction(Request request, boolean expire) {
        ExportJob job = account.exports().get(request.pathLong("exportId"));
        if (job == null) {
            throw ApiError.notFound(4006, "No export " + request.pathParam("exportId"));
        }
        if (expire) {
            job.expire();
        } else {
            job.fail();
        }
        return Response.json(200, Map.of("id", job.id(), "status", job.status(account.now()),
                "expired", job.expired()));
    }

    /** A JSON number, or the current value when absent; text, booleans and null are refused, naming the key. */
    private static double number(JsonNode body, String name, double current) {
        JsonNode node = body.get(name);
        if (node == null) {
            return current;
        }
        if (!node.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number, was " + node);
        }
        return node.doubleValue();
    }

    /** A whole JSON number, or the current value when absent. */
    private static long whole(JsonNode body, String name, long current) {
        JsonNode node = body.get(name);
        if (node == null) {
            return current;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be a whole number, was " + node);
        }
        return node.longValue();
    }

    /** A JSON boolean, or the current value when absent. */
    private static boolean flag(JsonNode body, String name, boolean current) {
        JsonNode node = body.get(name);
        if (node == null) {
            return current;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException(name + " must be true or false, was " + node);
        }
        return node.booleanValue();
    }

    private static int nonNegative(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || !node.canConvertToInt() || node.asInt() < 0) {
            throw new IllegalArgumentException(name + " must be a number >= 0, was " + node);
        }
        return node.asInt();
    }

    private static String text(JsonNode body, String name) {
        String value = Json.asText(body.get(name));
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing '" + name + "'");
        }
        return value;
    }
}
