package io.camelemarsys.component;

import java.util.List;

import org.apache.camel.CamelException;

/**
 * A batch was accepted in part: some items were refused (by Emarsys inside an HTTP 200, or before sending because
 * they were invalid). {@link #getFailedItems()} carries each with its reason; {@link #getSucceededCount()} tells how
 * many went through. Set failOnPartialErrors=false to get the refused items in a header instead.
 */
public class EmarsysPartialFailureException extends CamelException {

    private final transient List<EmarsysFailedItem> failedItems;
    private final int succeededCount;

    public EmarsysPartialFailureException(String operation, List<EmarsysFailedItem> failedItems, int succeededCount) {
        // reply codes only: keys and reply texts name contacts, which stay out of messages
        super(operation + ": " + failedItems.size() + " item(s) refused, " + succeededCount + " accepted; reply codes "
                + failedItems.stream().map(EmarsysFailedItem::replyCode).distinct().sorted().toList());
        this.failedItems = List.copyOf(failedItems);
        this.succeededCount = succeededCount;
    }

    public List<EmarsysFailedItem> getFailedItems() {
        return failedItems;
    }

    public int getSucceededCount() {
        return succeededCount;
    }
}
