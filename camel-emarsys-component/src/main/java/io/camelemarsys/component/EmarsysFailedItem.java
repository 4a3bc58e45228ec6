package io.camelemarsys.component;

import java.util.Map;

/**
 * One item of a batch that Emarsys refused (or that was refused before sending), with why.
 *
 * @param key       the item's key value (for example the e-mail address), or its position when it had none
 * @param replyCode the Emarsys reply code, for example 2008 (no contact) or 2007 (invalid value)
 * @param replyText the Emarsys reply text
 * @param item      the item as it was given, so that it can be dead-lettered or replayed
 */
public record EmarsysFailedItem(String key, int replyCode, String replyText, Object item) {

    public Map<String, Object> toMap() {
        return Map.of("key", key, "replyCode", replyCode, "replyText", replyText);
    }

    @Override
    public String toString() {
        // never the key, the text or the item: they name a contact
        return "EmarsysFailedItem[replyCode=" + replyCode + "]";
    }
}
