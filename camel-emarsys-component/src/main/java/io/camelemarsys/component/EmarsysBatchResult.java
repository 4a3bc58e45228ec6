package io.camelemarsys.component;

import java.util.List;

/**
 * What a batch write did: how many items Emarsys accepted, the contact ids it returned (contact writes), and the
 * items it refused, each with its reason. Nothing is dropped: accepted + failed = items sent.
 *
 * @param accepted    items accepted
 * @param ids         contact ids of the accepted items, in order (contact writes and triggers; empty otherwise)
 * @param failedItems items refused by Emarsys or before sending
 */
public record EmarsysBatchResult(int accepted, List<String> ids, List<EmarsysFailedItem> failedItems) {

    public boolean complete() {
        return failedItems.isEmpty();
    }
}
