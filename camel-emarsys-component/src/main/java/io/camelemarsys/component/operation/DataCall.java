package io.camelemarsys.component.operation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelemarsys.component.internal.Envelope;

/**
 * The base of the operations that are one call whose {@code data} is the result: the subclass builds the request from
 * the exchange, the reply's data becomes the body as plain Java (Map, List, String, Number, Boolean).
 */
abstract class DataCall implements Operation {

    /** One request: method, path below the API version, and a JSON body or null. */
    record Request(String method, String path, Object body) {
    }

    protected final OperationContext context;

    DataCall(OperationContext context) {
        this.context = context;
    }

    /** The request for this exchange; input errors are thrown before any call. */
    abstract Request request(Exchange exchange) throws Exception;

    @Override
    public void execute(Exchange exchange) throws Exception {
        Request request = request(exchange);
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
