package io.camelemarsys.component.operation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelemarsys.component.internal.Envelope;

/**
 * The operations that are one call whose {@code data} is the result: the request comes from the exchange, the
 * reply's data becomes the body as plain Java (Map, List, String, Number, Boolean).
 */
public final class DataCall implements Operation {

    /** One request: method, path below the API version, and a JSON body or null. */
    public record Request(String method, String path, Object body) {
    }

    @FunctionalInterface
    public interface RequestFactory {
        Request create(Exchange exchange) throws Exception;
    }

    private final OperationContext context;
    private final RequestFactory requests;

    public DataCall(OperationContext context, RequestFactory requests) {
        this.context = context;
        this.requests = requests;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        Request request = requests.create(exchange);
        Envelope reply = context.client().call(request.method(), request.path(), request.body());
        OperationContext.replyHeaders(exchange, reply);
        exchange.getMessage().setBody(toJava(reply.data()));
    }

    static Object toJava(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return null;
        }
        if (data.isObject()) {
            return Envelope.JSON.convertValue(data, Map.class);
        }
        if (data.isArray()) {
            return Envelope.JSON.convertValue(data, List.class);
        }
        if (data.isBoolean()) {
            return data.booleanValue();
        }
        if (data.isIntegralNumber()) {
            return data.canConvertToInt() ? (Object) data.intValue() : (Object) data.longValue();
        }
        if (data.isNumber()) {
            return data.decimalValue();
        }
        return data.asText();
    }
}
