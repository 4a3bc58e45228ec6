package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;

/**
 * The data the sink Kamelets share around their {@code to: emarsys:} steps: the records of the body, the refusals
 * the sink makes itself, and the answer they leave (refused items in CamelEmarsysFailedItems, no body).
 */
public final class SinkCalls {

    /** Exchange property: the records the sink was given (after its own conversion), to count what went through. */
    public static final String RECORDS = "CamelEmarsysSinkRecords";
    /** Exchange property: the records of the Emarsys call in progress (a group, or one record while narrowing). */
    public static final String CALL_RECORDS = "CamelEmarsysSinkCallRecords";
    /** Exchange property: the records the sink refused by its own rules before any call, as failed items. */
    public static final String REFUSALS = "CamelEmarsysSinkRefusals";
    /**
     * Exchange property: the refused items a sink refused itself, without asking Emarsys (an identity set), so that
     * their dead letters name the sink, not Emarsys.
     */
    public static final String OWN_REFUSALS = "CamelEmarsysOwnRefusals";

    private SinkCalls() {
    }

    /** The body as records: a List of Maps, or one Map. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> recordsOf(Object body) {
        return body instanceof List<?> list ? (List<Map<String, Object>>) list : List.of((Map<String, Object>) body);
    }

    /** The body of the exchange as records. */
    public static List<Map<String, Object>> records(Exchange exchange) {
        return recordsOf(exchange.getMessage().getBody());
    }

    /** The records one at a time, each as a batch of one (what the sinks send while narrowing a refusal down). */
    public static List<List<Object>> singles(List<?> records) {
        List<List<Object>> singles = new ArrayList<>(records.size());
        records.forEach(record -> singles.add(new ArrayList<>(Collections.singletonList(record))));
        return singles;
    }

    /** The refused items a call left in CamelEmarsysFailedItems (none when it left no header). */
    @SuppressWarnings("unchecked")
    public static List<EmarsysFailedItem> failedItems(Object header) {
        return header instanceof List<?> list ? new ArrayList<>((List<EmarsysFailedItem>) list) : new ArrayList<>();
    }

    /**
     * The sink's answer after its calls, which left the items Emarsys refused in CamelEmarsysFailedItems: the sink's
     * own refusals ({@link #REFUSALS}) followed by those, how many of the {@link #RECORDS} went through, no body.
     */
    @SuppressWarnings("unchecked")
    public static void answer(Exchange exchange) {
        List<EmarsysFailedItem> failed = new ArrayList<>();
        List<EmarsysFailedItem> own = exchange.getProperty(REFUSALS, List.class);
        if (own != null) {
            failed.addAll(own);
        }
        List<EmarsysFailedItem> refused = failedItems(exchange.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS));
        failed.addAll(refused);
        List<?> records = exchange.getProperty(RECORDS, List.class);
        int sent = records == null ? 0 : records.size();
        exchange.getMessage().setHeader(EmarsysConstants.SUCCEEDED_COUNT, sent - refused.size());
        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, failed);
        exchange.getMessage().setBody(null);
    }

    /** The answer of a sink that counts as Java: how many went through, the refused items, no body. */
    public static void answer(Exchange exchange, int succeeded, List<EmarsysFailedItem> failed) {
        exchange.getMessage().setHeader(EmarsysConstants.SUCCEEDED_COUNT, succeeded);
        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, failed);
        exchange.getMessage().setBody(null);
    }

    /** Notes these refused items as the sink's own refusals (see {@link #OWN_REFUSALS}). */
    @SuppressWarnings("unchecked")
    public static void markOwnRefusals(Exchange exchange, List<EmarsysFailedItem> items) {
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
}
