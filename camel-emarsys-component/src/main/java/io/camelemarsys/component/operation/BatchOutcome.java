package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysBatchResult;
import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.component.EmarsysPartialFailureException;

/**
 * Collects what a batch operation did, chunk after chunk, and ends the exchange: the result as body, counts and
 * (with failOnPartialErrors=false) the refused items as headers, or an EmarsysPartialFailureException.
 */
final class BatchOutcome {

    /** replyCode of an item refused before sending (invalid value, missing or duplicate key). */
    static final int REFUSED_BEFORE_SENDING = -1;

    private int accepted;
    private final List<String> ids = new ArrayList<>();
    private final List<EmarsysFailedItem> failed = new ArrayList<>();

    void refuse(String key, String reason, Object item) {
        failed.add(new EmarsysFailedItem(key, REFUSED_BEFORE_SENDING, reason, item));
    }

    /**
     * Books one chunk's reply: items named in {@code errors} failed, the others were accepted (and took the
     * returned ids in order, when there are ids).
     */
    void book(List<Batches.Prepared> chunk, Map<String, ItemErrorParser.ItemError> errors, List<String> returnedIds) {
        for (Batches.Prepared item : chunk) {
            ItemErrorParser.ItemError error = errorOf(errors, item.key());
            if (error != null) {
                failed.add(new EmarsysFailedItem(item.key(), error.code(), error.text(), item.original()));
            } else {
                accepted++;
            }
        }
        ids.addAll(returnedIds);
    }

    /** The error of the item with this key value (Emarsys may echo the key lower-cased), or null. */
    static ItemErrorParser.ItemError errorOf(Map<String, ItemErrorParser.ItemError> errors, String key) {
        ItemErrorParser.ItemError error = errors.get(key);
        if (error == null && key != null) {
            error = errors.get(key.trim().toLowerCase(java.util.Locale.ROOT));
        }
        return error;
    }

    /** An item Emarsys refused, booked without a reply of its own (a retry that could not be made). */
    void fail(Batches.Prepared item, int replyCode, String replyText) {
        failed.add(new EmarsysFailedItem(item.key(), replyCode, replyText, item.original()));
    }

    void accepted(int count) {
        accepted += count;
    }

    void finish(Exchange exchange, String operation, boolean failOnPartialErrors) throws EmarsysPartialFailureException {
        exchange.getMessage().setHeader(EmarsysConstants.SUCCEEDED_COUNT, accepted);
        EmarsysBatchResult result = new EmarsysBatchResult(accepted, List.copyOf(ids), List.copyOf(failed));
        exchange.getMessage().setBody(result);
        if (failed.isEmpty()) {
            exchange.getMessage().removeHeader(EmarsysConstants.FAILED_ITEMS);
            return;
        }
        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, List.copyOf(failed));
        if (failOnPartialErrors) {
            throw new EmarsysPartialFailureException(operation, failed, accepted);
        }
    }
}
