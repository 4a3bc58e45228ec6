package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;

/**
 * Gathers the refused items of a split's parts: the aggregate's CamelEmarsysFailedItems holds those of every part,
 * in order, so that a sink that sends its calls one by one answers with all of them at once.
 */
public final class FailedItemsAggregation implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        List<EmarsysFailedItem> failed = new ArrayList<>(failedItems(oldExchange));
        failed.addAll(failedItems(newExchange));
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        result.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, failed);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<EmarsysFailedItem> failedItems(Exchange exchange) {
        List<EmarsysFailedItem> items = exchange == null ? null
                : exchange.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        return items == null ? List.of() : items;
    }
}
