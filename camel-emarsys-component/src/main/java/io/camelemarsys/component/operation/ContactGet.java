package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.internal.EmarsysField;
import io.camelemarsys.component.internal.Envelope;
import io.camelemarsys.component.internal.FieldDirectory;

/**
 * contact/get (getdata): one key value or a Collection of them, at most 1000 per request. The result is a List of
 * Maps, one per contact found, keyed the way the fields option named them (names stay names, ids stay ids), plus
 * {@code id} and {@code uid}; without fields, every field keyed by its string id (or name) unless fieldKeys=id. A key
 * the field list lacks refreshes it once and, still unknown, passes through as sent: a read never fails for it. With
 * resolveChoices the values of choice fields are their labels. Keys that match no contact go to the
 * CamelEmarsysNotFoundKeys header; other refusals are failed items.
 */
public final class ContactGet implements Operation {

    public static final int MAX_KEYS = 1000;

    private final OperationContext context;

    public ContactGet(OperationContext context) {
        this.context = context;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        List<String> keys = BodyItems.texts(exchange, "contact/get", "a key value or a Collection of key values");
        String keyId = context.keyId(exchange);
        FieldDirectory directory = context.fields(exchange);
        boolean labels = context.resolveChoices(exchange);
        boolean byStringId = fieldKeys(context.config().getFieldKeys());
        Map<String, EmarsysField> requested = new LinkedHashMap<>(); // output key -> field; empty = all, keyed by id
        for (String name : context.fieldNames(exchange)) {
            requested.put(name, directory.resolve(name));
        }
        List<Integer> fieldIds = requested.values().stream().map(EmarsysField::id).distinct().toList();
        int maxCount = Math.max(1, Math.min(MAX_KEYS, context.config().getBatchSize()));

        List<Map<String, Object>> contacts = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        BatchOutcome outcome = new BatchOutcome();
        for (int from = 0; from < keys.size(); from += maxCount) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + maxCount));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("keyId", keyId);
            body.put("keyValues", chunk);
            if (!fieldIds.isEmpty()) {
                body.put("fields", fieldIds);
            }
            Envelope reply = context.client().call("POST", "/contact/getdata", body);
            OperationContext.replyHeaders(exchange, reply);
            JsonNode result = reply.data().path("result");
            if (result.isArray()) {
                for (JsonNode contact : result) {
                    contacts.add(toMap(contact, requested, directory, labels, byStringId));
                }
            }
            for (Map.Entry<String, ItemErrorParser.ItemError> error
                    : ItemErrorParser.parse(reply.data().get("errors")).entrySet()) {
                if (error.getValue().code() == 2008) {
                    notFound.add(error.getKey());
                } else {
                    outcome.book(List.of(new Batches.Prepared(error.getKey(), null, error.getKey())),
                            Map.of(error.getKey(), error.getValue()), List.of());
                }
            }
        }
        exchange.getMessage().setHeader(EmarsysConstants.NOT_FOUND_KEYS, notFound);
        outcome.accepted(contacts.size());
        outcome.finish(exchange, "contact/get", context.config().isFailOnPartialErrors());
        exchange.getMessage().setBody(contacts);
    }

    /** true for stringId keys, false for ids; anything else is refused with the values to use. */
    private static boolean fieldKeys(String option) {
        if ("stringId".equals(option) || "id".equals(option)) {
            return "stringId".equals(option);
        }
        throw new EmarsysInputException("fieldKeys " + EmarsysInputException.shown(option) + " is neither stringId "
                + "(keys such as email, first_name) nor id (keys such as 3, 1)");
    }

    private static Map<String, Object> toMap(JsonNode contact, Map<String, EmarsysField> requested,
                                             FieldDirectory directory, boolean labels, boolean byStringId)
            throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", contact.path("id").asText());
        map.put("uid", contact.path("uid").asText());
        if (requested.isEmpty()) {
            for (Map.Entry<String, JsonNode> value : contact.properties()) {
                if (!value.getKey().equals("id") && !value.getKey().equals("uid")) {
                    EmarsysField field = value.getKey().matches("\\d+")
                            ? directory.listed(Integer.parseInt(value.getKey())) : null;
                    if (field == null) {
                        map.put(value.getKey(), raw(value.getValue()));
                    } else {
                        map.put(byStringId ? keyOf(field) : value.getKey(),
                                value(field, value.getValue(), directory, labels));
                    }
                }
            }
            return map;
        }
        for (Map.Entry<String, EmarsysField> field : requested.entrySet()) {
            map.put(field.getKey(), value(field.getValue(), contact.get(Integer.toString(field.getValue().id())), directory,
                    labels));
        }
        return map;
    }

    /** The string id, else the name (some fields have neither string id nor name), else the id. */
    private static String keyOf(EmarsysField field) {
        if (field.stringId() != null && !field.stringId().isBlank()) {
            return field.stringId();
        }
        if (!field.name().isBlank()) {
            return field.name();
        }
        return Integer.toString(field.id());
    }

    private static Object raw(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isContainerNode() ? Envelope.JSON.convertValue(node, Object.class) : node.asText();
    }

    private static Object value(EmarsysField field, JsonNode node, FieldDirectory directory, boolean asLabels)
            throws Exception {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!asLabels || !field.hasChoices()) {
            return raw(node);
        }
        Map<Integer, String> choices = directory.choices(field);
        if (node.isArray()) {
            List<String> labels = new ArrayList<>();
            for (JsonNode id : node) {
                labels.add(choices.getOrDefault(id.asInt(), id.asText()));
            }
            return labels;
        }
        String text = node.asText();
        if (field.multiChoice() && text.contains(",")) {
            List<String> labels = new ArrayList<>();
            for (String id : text.split(",")) {
                labels.add(choices.getOrDefault(parse(id), id.trim()));
            }
            return labels;
        }
        return choices.getOrDefault(parse(text), text);
    }

    private static int parse(String id) {
        try {
            return Integer.parseInt(id.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
