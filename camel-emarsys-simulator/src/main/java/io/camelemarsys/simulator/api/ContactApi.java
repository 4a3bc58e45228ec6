package io.camelemarsys.simulator.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.camelemarsys.simulator.http.ApiError;
import io.camelemarsys.simulator.http.Json;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;
import io.camelemarsys.simulator.http.Router;
import io.camelemarsys.simulator.model.Account;
import io.camelemarsys.simulator.model.Contact;
import io.camelemarsys.simulator.model.ContactList;
import io.camelemarsys.simulator.model.ContactStore;
import io.camelemarsys.simulator.model.Field;
import io.camelemarsys.simulator.model.FieldValueException;
import io.camelemarsys.simulator.model.KeyField;

/** {@code /contact}: create, update, upsert, delete, getdata and checkids, with Emarsys' limits and error shapes. */
public final class ContactApi {

    public static final int MAX_CONTACTS_PER_WRITE = 1000;
    public static final int MAX_KEY_VALUES = 1000;
    public static final int MAX_WRITE_BYTES = 8 * 1024 * 1024;

    private enum Mode { CREATE, UPDATE, UPSERT }

    private final Account account;

    public ContactApi(Account account) {
        this.account = account;
    }

    public void register(Router router) {
        router.put("/contact", r -> write(r, "1".equals(r.query("create_if_not_exists")) ? Mode.UPSERT : Mode.UPDATE))
                .post("/contact", r -> write(r, Mode.CREATE))
                .post("/contact/delete", this::delete)
                .post("/contact/getdata", this::getData)
                .post("/contact/checkids", this::checkIds);
    }

    private Response write(Request request, Mode mode) {
        if (request.body().length > MAX_WRITE_BYTES) {
            throw new ApiError(413, 1000, "Request body too large: " + request.body().length
                    + " bytes, a contact write takes at most " + MAX_WRITE_BYTES);
        }
        JsonNode body = request.jsonObject();
        ContactStore contacts = account.contacts();
        KeyField key = contacts.keyField(Json.asText(body.get("key_id")));
        ContactList list = contactList(body);
        JsonNode batch = body.get("contacts");
        if (batch == null) {
            // single-contact form: the fields sit next to key_id, the answer is data.id or an HTTP 400
            ObjectNode record = body.deepCopy();
            record.remove(List.of("key_id", "contact_list_id"));
            try {
                Contact contact = writeOne(record, key, mode, sourceId(record), list);
                return Response.ok(Map.of("id", Long.toString(contact.id())));
            } catch (ItemError e) {
                account.stats().itemErrors.increment();
                throw ApiError.badRequest(e.code(), e.getMessage());
            }
        }
        Bodies.array(body, "contacts", MAX_CONTACTS_PER_WRITE, 1000);
        List<String> ids = new ArrayList<>();
        ItemErrors errors = new ItemErrors();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode record = batch.get(i);
            try {
                Contact contact = writeOne(record, key, mode, sourceId(record), list);
                ids.add(Long.toString(contact.id()));
            } catch (ItemError e) {
                // an item without a key value is keyed "" (as recorded from the real API), so several collapse
                String keyValue = record.isObject() ? keyValue(record, key) : null;
                errors.add(e.code() == 2005 ? "" : keyValue == null ? Integer.toString(i) : keyValue, e);
            }
        }
        account.stats().itemErrors.add(errors.size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ids", ids);
        if (!errors.isEmpty()) {
            data.put("errors", errors.asMap());
        }
        return Response.ok(data);
    }

    private ContactList contactList(JsonNode body) {
        JsonNode listId = body.get("contact_list_id");
        if (listId == null || listId.isNull()) {
            return null;
        }
        Long id = Json.asLong(listId);
        ContactList list = id == null ? null : account.lists().get(id);
        if (list == null) {
            throw ApiError.badRequest(2020, "Invalid contact list id: " + listId.asText());
        }
        return list;
    }

    private static int sourceId(JsonNode record) {
        Long source = record.isObject() ? Json.asLong(record.get("source_id")) : null;
        return source == null ? 0 : source.intValue();
    }

    private Contact writeOne(JsonNode record, KeyField key, Mode mode, int sourceId, ContactList list) {
        if (!record.isObject()) {
            throw new ItemError(1001, "Invalid contact: each item of contacts must be a JSON object");
        }
        String keyValue = keyValue(record, key);
        if (keyValue == null || keyValue.isBlank()) {
            throw new ItemError(2005, "No value provided for key field: " + key.keyId());
        }
        Map<Field, Object> values = values(record, key);
        ContactStore contacts = account.contacts();
        Contact written;
        synchronized (contacts) {
            List<Contact> found = contacts.find(key, keyValue);
            if (found.size() > 1) {
                throw ItemError.ambiguous(key.label(), keyValue);
            }
            Contact existing = found.isEmpty() ? null : found.get(0);
            if (existing != null && mode == Mode.CREATE) {
                throw new ItemError(2009, "Contact with the external id already exists: " + key.label() + " - "
                        + keyValue);
            }
            if (existing == null && mode == Mode.UPDATE) {
                throw ItemError.notFound(key.label(), keyValue);
            }
            if (existing == null) {
                if (key.isInternal()) {
                    throw new ItemError(2004, "Cannot use " + key.keyId() + " as key on contact creation");
                }
                written = contacts.create(values, sourceId, true);
                account.stats().contactsCreated.increment();
            } else {
                written = contacts.update(existing, values, sourceId);
                account.stats().contactsUpdated.increment();
            }
        }
        if (list != null) {
            list.add(written.id());
        }
        return written;
    }

    /** The record's value for the key: under the field id, or the key's own name ("id", "uid", "email"). */
    static String keyValue(JsonNode record, KeyField key) {
        JsonNode node = key.isInternal() ? record.get(key.keyId()) : record.get(Integer.toString(key.field().id()));
        if (node == null && !key.isInternal()) {
            node = record.get(key.keyId());
        }
        return Json.asText(node);
    }

    private Map<Field, Object> values(JsonNode record, KeyField key) {
        Map<Field, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : record.properties()) {
            String name = entry.getKey();
            if (name.equals("source_id")) {
                continue;
            }
            if (name.equals(KeyField.ID) || name.equals(KeyField.UID)) {
                if (name.equals(key.keyId())) {
                    continue;
                }
                throw new ItemError(2007, "Invalid field value: " + name + " cannot be set");
            }
            Field field = field(name, key);
            try {
                values.put(field, field.accept(entry.getValue()));
            } catch (FieldValueException e) {
                throw new ItemError(2007, e.getMessage());
            }
        }
        return values;
    }

    private Field field(String name, KeyField key) {
        if (!key.isInternal() && name.equals(key.keyId())) {
            return key.field();
        }
        Field field = null;
        try {
            field = account.fields().byId(Integer.parseInt(name));
        } catch (NumberFormatException e) {
            throw new ItemError(2006, "Invalid field id: '" + name + "'; use numeric field ids (GET /field)");
        }
        if (field == null) {
            throw new ItemError(2006, "Invalid field id: " + name);
        }
        return field;
    }

    private Response delete(Request request) {
        JsonNode body = request.jsonObject();
        ContactStore contacts = account.contacts();
        KeyField key = contacts.keyField(Json.asText(body.get("key_id")));
        String member = key.isInternal() ? key.keyId() : Integer.toString(key.field().id());
        if (body.get(member) == null && body.get(key.keyId()) != null) {
            member = key.keyId();
        }
        List<String> values = Bodies.texts(Bodies.array(body, member, MAX_KEY_VALUES, 2002), member);
        int deleted = 0;
        ItemErrors errors = new ItemErrors();
        for (String value : values) {
            try {
                Contact contact = single(contacts, key, value);
                if (contacts.delete(contact.id())) {
                    account.lists().removeContact(contact.id());
                    deleted++;
                }
            } catch (ItemError e) {
                errors.add(value, e);
            }
        }
        account.stats().contactsDeleted.add(deleted);
        account.stats().itemErrors.add(errors.size());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deleted_contacts", deleted);
        if (!errors.isEmpty()) {
            data.put("errors", errors.asMap());
        }
        return Response.ok(data);
    }

    private static Contact single(ContactStore contacts, KeyField key, String value) {
        List<Contact> found = contacts.find(key, value);
        if (found.isEmpty()) {
            throw ItemError.notFound(key.label(), value);
        }
        if (found.size() > 1) {
            throw ItemError.ambiguous(key.label(), value);
        }
        return found.get(0);
    }

    /**
     * {@code POST /contact/getdata}: results as objects keyed by field id (strings) plus id and uid; unknown keys in an
     * {@code errors} array of {@code {key, errorCode, errorMsg}}; {@code result} is {@code false} when no key matched.
     */
    private Response getData(Request request) {
        JsonNode body = request.jsonObject();
        ContactStore contacts = account.contacts();
        KeyField key = contacts.keyField(Json.asText(body.get("keyId")));
        List<String> keyValues = Bodies.texts(Bodies.array(body, "keyValues", MAX_KEY_VALUES, 2002), "keyValues");
        List<Field> fields = requestedFields(body.get("fields"));
        List<Map<String, Object>> result = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String value : keyValues) {
            try {
                result.add(describe(single(contacts, key, value), fields));
            } catch (ItemError e) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("key", value);
                error.put("errorCode", Integer.toString(e.code()));
                error.put("errorMsg", e.getMessage());
                errors.add(error);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("errors", errors);
        data.put("result", result.isEmpty() ? Boolean.FALSE : result);
        return Response.ok(data);
    }

    private List<Field> requestedFields(JsonNode fieldsNode) {
        if (fieldsNode == null || fieldsNode.isNull() || (fieldsNode.isArray() && fieldsNode.isEmpty())) {
            return account.fields().all();
        }
        if (!fieldsNode.isArray()) {
            throw ApiError.badRequest(1001, "Invalid parameter fields: must be an array of field ids");
        }
        List<Field> fields = new ArrayList<>();
        for (JsonNode id : fieldsNode) {
            Field field = account.fields().resolve(Json.asText(id));
            if (field == null) {
                throw ApiError.badRequest(2006, "Invalid field id: " + id.asText());
            }
            fields.add(field);
        }
        return fields;
    }

    static Map<String, Object> describe(Contact contact, List<Field> fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", Long.toString(contact.id()));
        map.put("uid", contact.uid());
        for (Field field : fields) {
            map.put(Integer.toString(field.id()), field.apiValue(contact.value(field)));
        }
        return map;
    }

    /** {@code POST /contact/checkids}: external ids to internal ids. */
    private Response checkIds(Request request) {
        JsonNode body = request.jsonObject();
        ContactStore contacts = account.contacts();
        KeyField key = contacts.keyField(Json.asText(body.get("key_id")));
        List<String> values = Bodies.texts(Bodies.array(body, "external_ids", MAX_KEY_VALUES, 2002), "external_ids");
        Map<String, String> ids = new LinkedHashMap<>();
        ItemErrors errors = new ItemErrors();
        for (String value : values) {
            try {
                ids.put(value, Long.toString(single(contacts, key, value).id()));
            } catch (ItemError e) {
                errors.add(value, e);
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ids", ids);
        data.put("errors", errors.asMap());
        return Response.ok(data);
    }
}
