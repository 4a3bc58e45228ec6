package io.camelemarsys.kamelets;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;

/** What the bean-backed sinks share: the records of the body, one Emarsys call, and the answer they leave. */
public final class SinkCalls {

    /**
     * Exchange property: the refused items a sink refused itself, without asking Emarsys (an identity set), so that
     * their dead letters name the sink, not Emarsys.
     */
    public static final String OWN_REFUSALS = "CamelEmarsysOwnRefusals";

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

    /** Notes these refused items as the sink's own refusals (see {@link #OWN_REFUSALS}). */
    @SuppressWarnings("unchecked")
    static void markOwnRefusals(Exchange exchange, List<EmarsysFailedItem> items) {
        Set<EmarsysFailedItem> own = exchange.getProperty(OWN_REFUSALS, Set.class);
        if (own == null) {
            own = Collections.newSetFromMap(new IdentityHashMap<>());
            exchange.setProperty(OWN_REFUSALS, own);
        }
        own.addAll(items);
    }

    /** True when the sink refused this item itself (it never reached Emarsys). */
    public static boolean ownRefusal(Exchange exchange, EmarsysFailedItem item) {
        Set<?> own = exchange.getProperty(OWN_REFUSALS, Set.class);
        return own != null && own.contains(item);
    }

    /** The sink's answer: how many went through, the refused items (each carrying its record), no body. */
    static void answer(Exchange exchange, int succeeded, List<EmarsysFailedItem> failed) {
        exchange.getMessage().setHeader(EmarsysConstants.SUCCEEDED_COUNT, succeeded);
        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, failed);
        exchange.getMessage().setBody(null);
    }
}
