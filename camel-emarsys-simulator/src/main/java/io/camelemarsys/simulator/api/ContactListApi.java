package io.camelemarsys.simulator.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.simulator.http.ApiError;
import io.camelemarsys.simulator.http.Json;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;
import io.camelemarsys.simulator.http.Router;
import io.camelemarsys.simulator.model.Account;
import io.camelemarsys.simulator.model.Contact;
import io.camelemarsys.simulator.model.ContactList;
import io.camelemarsys.simulator.model.KeyField;

/** {@code /contactlist}: list, create, add, remove, members ({@code contactIds} paging), count and delete. */
public final class ContactListApi {

    public static final int MAX_EXTERNAL_IDS = 10_000;
    public static final int DEFAULT_TOP = 10_000;
    public static final int MAX_TOP = 100_000;

    private final Account account;

    public ContactListApi(Account account) {
        this.account = account;
    }

    public void register(Router router) {
        router.get("/contactlist", r -> list())
                .post("/contactlist", this::create)
                .post("/contactlist/{listId}/add", r -> change(r, true))
                .post("/contactlist/{listId}/delete", r -> change(r, false))
                .post("/contactlist/{listId}/deletelist", this::deleteList)
                .get("/contactlist/{listId}/count", r -> Response.ok(list(r).size()))
                .get("/contactlist/{listId}/contactIds", this::contactIds)
                .get("/contactlist/{listId}/contacts/{contactId}",
                        r -> Response.ok(list(r).contains(r.pathLong("contactId"))));
    }

    private Response list() {
        List<Map<String, Object>> lists = new ArrayList<>();
        for (ContactList list : account.lists().all()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", Long.toString(list.id()));
            map.put("name", list.name());
            map.put("created", list.created());
            map.put("type", list.type());
            lists.add(map);
        }
        return Response.ok(lists);
    }

    private ContactList list(Request request) {
        ContactList list = account.lists().get(request.pathLong("listId"));
        if (list == null) {
            throw ApiError.notFound(3006, "Contact list does not exist: " + request.pathParam("listId"));
        }
        return list;
    }

    private Response create(Request request) {
        JsonNode body = request.jsonObject();
        String name = Bodies.requiredText(body, "name");
        if (account.lists().byName(name) != null) {
            throw ApiError.badRequest(3005, "A contact list named '" + name + "' already exists");
        }
        JsonNode externalIds = body.get("external_ids");
        // validate everything before the list exists: a refused create must leave nothing behind
        List<String> values = List.of();
        KeyField key = null;
        if (externalIds != null && !externalIds.isNull() && !(externalIds.isArray() && externalIds.isEmpty())) {
            values = externalIdsOf(body);
            key = account.contacts().keyField(Json.asText(body.get("key_id")));
        }
        ContactList list = account.lists().create(name, Json.asText(body.get("description")), "static", account.now());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", list.id()); // a number here, a string in GET /contactlist (vendor docs, PHP and Scala SDKs)
        ItemErrors errors = new ItemErrors();
        for (String value : values) {
            apply(list, key, value, true, errors);
        }
        if (key != null) { // "errors" is left out when no contacts were given
            data.put("errors", errors.asReply());
        }
        return Response.ok(data);
    }

    private Response change(Request request, boolean add) {
        ContactList list = account.lists().get(request.pathLong("listId"));
        if (list == null) {
            throw ApiError.badRequest(3004, "Invalid contact list id: " + request.pathParam("listId"));
        }
        JsonNode body = request.jsonObject();
        KeyField key = account.contacts().keyField(Json.asText(body.get("key_id")));
        int changed = 0;
        ItemErrors errors = new ItemErrors();
        for (String value : externalIdsOf(body)) {
            if (apply(list, key, value, add, errors)) {
                changed++;
            }
        }
        account.stats().itemErrors.add(errors.size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(add ? "inserted_contacts" : "deleted_contacts", changed);
        data.put("errors", errors.asReply());
        return Response.ok(data);
    }

    private static List<String> externalIdsOf(JsonNode body) {
        JsonNode ids = body.get("external_ids");
        if (ids != null && !ids.isNull() && !ids.isArray()) {
            throw ApiError.badRequest(3003, "external_ids must be a JSON array");
        }
        return Bodies.texts(Bodies.array(body, "external_ids", MAX_EXTERNAL_IDS, 3002), "external_ids");
    }

    private boolean apply(ContactList list, KeyField key, String value, boolean add, ItemErrors errors) {
        List<Contact> found = account.contacts().find(key, value);
        if (found.isEmpty()) {
            errors.add(value, ItemError.notFound(key.label(), value));
            return false;
        }
        if (found.size() > 1) {
            errors.add(value, ItemError.ambiguous(key.label(), value));
            return false;
        }
        long id = found.get(0).id();
        return add ? list.add(id) : list.remove(id);
    }

    private Response deleteList(Request request) {
        ContactList list = list(request);
        account.lists().delete(list.id());
        return Response.ok(Map.of());
    }

    /**
     * {@code GET /contactlist/{id}/contactIds?$top=&$skiptoken=}: {@code data: {value: [ids], next: path or null}}.
     * The skip token is the position of the next member.
     */
    private Response contactIds(Request request) {
        ContactList list = list(request);
        Integer top = request.queryInt("$top");
        int limit = top == null ? DEFAULT_TOP : top;
        if (limit < 1 || limit > MAX_TOP) {
            throw ApiError.badRequest(1001, "Invalid parameter $top: " + limit + ", use 1.." + MAX_TOP);
        }
        String skipToken = request.query("$skiptoken");
        long offset;
        try {
            offset = skipToken == null ? 0 : Long.parseLong(skipToken);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(1001, "Invalid parameter $skiptoken: '" + skipToken + "'");
        }
        List<Long> page = list.page(offset, limit);
        List<String> ids = new ArrayList<>(page.size());
        page.forEach(id -> ids.add(Long.toString(id)));
        long nextOffset = offset + page.size();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("value", ids);
        data.put("next", nextOffset < list.size()
                ? "/contactlist/" + list.id() + "/contactIds?$skiptoken=" + nextOffset + "&$top=" + limit
                : null);
        return Response.ok(data);
    }
}
