package io.camelemarsys.component.operation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysInputException;

/** The body of a create call: a Map as it is, or a text that is the name. */
final class NamedBody {

    private NamedBody() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Exchange exchange, String operation, String example) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        if (body instanceof String name && !name.isBlank() && !name.trim().startsWith("{")) {
            Map<String, Object> named = new LinkedHashMap<>();
            named.put("name", name.trim());
            return named;
        }
        throw new EmarsysInputException(operation + ": send " + example);
    }
}
