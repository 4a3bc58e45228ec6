package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.internal.EmarsysField;
import io.camelemarsys.component.internal.Envelope;
import io.camelemarsys.component.internal.FieldDirectory;

/**
 * contact/get (getdata): one key value or a Collection of them, at most 1000 per request. The result is a List of
 * Maps, one per contact found, keyed the way the fields option named them (names stay names, ids stay ids), plus
 * {@code id} and {@code uid}; with resolveChoices the values of choice fields are their labels. Keys that match no
 * contact go to the CamelEmarsysNotFoundKeys header; other refusals are failed items.
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
                    contacts.add(toMap(contact, requested, directory, labels));
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

    private static Map<String, Object> toMap(JsonNode contact, Map<String, EmarsysField> requested,
                                             FieldDirectory directory, boolean labels) throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", contact.path("id").asText());
        map.put("uid", contact.path("uid").asText());
        if (requested.isEmpty()) {
            Iterator<Map.Entry<String, JsonNode>> values = contact.fields();
            while (values.hasNext()) {
                Map.Entry<String, JsonNode> value = values.next();
                if (!value.getKey().equals("id") && !value.getKey().equals("uid")) {
                    map.put(value.getKey(), value(directory.resolve(value.getKey()), value.getValue(), directory, labels));
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

    private static Object value(EmarsysField field, JsonNode node, FieldDirectory directory, boolean asLabels)
            throws Exception {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!asLabels || !field.hasChoices()) {
            return node.isArray() ? Envelope.JSON.convertValue(node, List.class) : node.asText();
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
