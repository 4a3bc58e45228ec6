package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysInputException;

/** Reads message bodies: one item or a Collection (or array / Iterator) of items. */
final class BodyItems {

    private BodyItems() {
    }

    /** Every item of the body, as a list; a single object is a list of one. */
    static List<Object> items(Exchange exchange, String operation, String expected) {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw new EmarsysInputException(operation + ": the message body is empty; send " + expected);
        }
        List<Object> items = new ArrayList<>();
        if (body instanceof Collection<?> collection) {
            items.addAll(collection);
        } else if (body instanceof Object[] array) {
            items.addAll(List.of(array));
        } else if (body instanceof Iterator<?> iterator) {
            iterator.forEachRemaining(items::add);
        } else {
            items.add(body);
        }
        return items;
    }

    /** Items that must be Maps (contacts, triggers). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Exchange exchange, String operation, String expected) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof String || body instanceof byte[]) {
            // a JSON document: let Camel's type converters (camel-jackson, when present) turn it into a Map or List
            Object converted = exchange.getMessage().getBody(Map.class);
            if (converted == null) {
                converted = exchange.getMessage().getBody(List.class);
            }
            if (converted == null) {
                throw new EmarsysInputException(operation + ": the body is text; send " + expected
                        + " (unmarshal JSON first, for example with unmarshal().json())");
            }
            exchange.getMessage().setBody(converted);
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        int position = 0;
        for (Object item : items(exchange, operation, expected)) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new EmarsysInputException(operation + ": item " + position + " is a "
                        + (item == null ? "null" : item.getClass().getSimpleName()) + "; send " + expected);
            }
            maps.add((Map<String, Object>) map);
            position++;
        }
        return maps;
    }

    /** Scalar items (key values, ids) as strings. */
    static List<String> texts(Exchange exchange, String operation, String expected) {
        List<String> values = new ArrayList<>();
        int position = 0;
        for (Object item : items(exchange, operation, expected)) {
            if (item == null || item instanceof Map || item instanceof Collection) {
                throw new EmarsysInputException(operation + ": item " + position + " is not a key value; send "
                        + expected);
            }
            values.add(item.toString());
            position++;
        }
        return values;
    }
}
