package io.camelemarsys.component.operation;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.internal.Envelope;

/**
 * raw/call: any call below the API version, signed and rate-limited like the others. The path and method come from
 * the options or the headers; the body (a Map, a List or a JSON text) is sent as JSON, except for a GET.
 */
final class RawCall extends DataCall {

    RawCall(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        String path = exchange.getMessage().getHeader(EmarsysConstants.PATH, context.config().getPath(), String.class);
        if (path == null || !path.startsWith("/")) {
            throw new EmarsysInputException("raw/call: set the path option or the " + EmarsysConstants.PATH
                    + " header to a path below the API version, starting with /, for example /contact/query");
        }
        String method = exchange.getMessage().getHeader(EmarsysConstants.HTTP_METHOD, context.config().getHttpMethod(),
                String.class);
        if ("GET".equals(method)) {
            return new Request(method, path, null); // a GET sends no body
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof String text && !text.isBlank()) {
            body = exchange.getContext().getTypeConverter().tryConvertTo(Map.class, exchange, text);
            if (body == null) {
                try {
                    body = Envelope.JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new EmarsysInputException("raw/call: the body is text but not JSON; send a Map, a List or a "
                            + "JSON document");
                }
            }
        }
        return new Request(method, path, body);
    }
}
