package io.camelemarsys.routes;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;

/** What the bean-backed sinks share: the records of the body, one Emarsys call, and the answer they leave. */
final class SinkCalls {

    private SinkCalls() {
    }

    /** The body as records: a List of Maps, or one Map. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof List<?> list ? (List<Map<String, Object>>) list : List.of((Map<String, Object>) body);
    }

    /**
     * One call to an emarsys endpoint that has failOnPartialErrors=false: the items it refused one by one, or the
     * call's exception thrown (for {@link PoisonIsolation} to classify).
     */
    @SuppressWarnings("unchecked")
    static List<EmarsysFailedItem> call(ProducerTemplate template, String uri, Processor request) throws Exception {
        Exchange result = template.send(uri, request);
        if (result.getException() != null) {
            throw result.getException();
        }
        List<EmarsysFailedItem> failed = result.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        return failed == null ? List.of() : failed;
    }

    /** The sink's answer: how many went through, the refused items (each carrying its record), no body. */
    static void answer(Exchange exchange, int succeeded, List<EmarsysFailedItem> failed) {
        exchange.getMessage().setHeader(EmarsysConstants.SUCCEEDED_COUNT, succeeded);
        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, failed);
        exchange.getMessage().setBody(null);
    }
}
